"""Screening at the terminal (甄别, step 2 of DOMAIN.md) and its three ends:
registered with a ticket, awaiting materials with a one-time notice, refused.
"""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

import models
from action_keys import once, onward
from kiosk import bp
from kiosk.terminal import forget, helper_required
from kiosk.views import current_appointment, session_case


def _ids(name):
    """Material ids ticked in the form, ignoring anything not a number."""
    return {int(v) for v in request.form.getlist(name) if v.isdigit()}


@bp.route('/cases/<int:case_id>/screen', methods=['GET', 'POST'])
@helper_required
@once
def screen(case_id):
    """Tick the materials the applicant has; the kiosk decides what follows."""
    case = session_case(case_id)
    if not case.can('screen'):
        return redirect(url_for('kiosk.outcome', case_id=case.id))
    if request.method == 'POST':
        # "All provided": one tap for the usual complete case.
        provided = ({m.id for m in case.catalogue_materials()}
                    if request.form.get('all') else _ids('provided'))
        try:
            missing = case.screen(provided, _ids('promised'),
                                  user=g.kiosk_user)
            if missing and case.can('request_materials'):
                case.request_materials(g.kiosk_user)
        except models.DomainError as error:
            flash(str(error), 'error')
        else:
            if missing:
                return onward(url_for('kiosk.outcome', case_id=case.id),
                              lambda: outcome_page(case))
            return onward(url_for('kiosk.register', case_id=case.id),
                          lambda: _unregistrable(case) or _register_form(
                              case, _appointment_for(case)))
    return _screen_form(case)


def screen_page(case):
    """The screening page of a case just opened (or where it stands now)."""
    if not case.can('screen'):
        return redirect(url_for('kiosk.outcome', case_id=case.id))
    return _screen_form(case)


def _screen_form(case):
    return render_template('kiosk/screen.html', case=case,
                           materials=case.catalogue_materials(),
                           ineligible=case.eligibility_refusal(),
                           unstated=[condition for i in case.subject_items()
                                     for condition in i.unstated_conditions(
                                         case.applicant.id_type,
                                         case.applicant.id_number)])


@bp.route('/cases/<int:case_id>/supply', methods=['GET', 'POST'])
@helper_required
@once
def supply(case_id):
    """补正: the applicant brings what the one-time notice asked for."""
    case = session_case(case_id)
    if not case.can('screen'):
        return redirect(url_for('kiosk.outcome', case_id=case.id))
    missing = case.missing_materials()
    if request.method == 'POST':
        names = [m.name for m in missing
                 if str(m.id) in request.form.getlist('supplied')]
        if not names:
            flash(_('Tick the materials the applicant has brought.'), 'error')
        else:
            try:
                case.supply(names, user=g.kiosk_user)
            except models.DomainError as error:
                flash(str(error), 'error')
            else:
                if case.missing_materials():
                    flash(_('Some materials are still missing; print the '
                            'updated notice.'), 'info')
                    return redirect(url_for('kiosk.outcome', case_id=case.id))
                return redirect(url_for('kiosk.register', case_id=case.id))
    if not missing:
        return redirect(url_for('kiosk.register', case_id=case.id))
    return render_template('kiosk/supply.html', case=case, missing=missing)


def _appointment_for(case):
    """The scanned appointment, if it is for this case's applicant and item."""
    appointment = current_appointment()
    if (appointment is not None and appointment.status == 'booked'
            and appointment.applicant_id == case.applicant_id
            and appointment.item_id == case.item_id):
        return appointment
    return None


@bp.route('/cases/<int:case_id>/register', methods=['GET', 'POST'])
@helper_required
@once
def register(case_id):
    """Materials complete (or promised): choose the form, the green channel,
    and register; the applicant gets a ticket for the right window."""
    case = session_case(case_id)
    refused = _unregistrable(case)
    if refused is not None:
        return refused
    appointment = _appointment_for(case)
    if request.method == 'POST':
        green = request.form.get('green') == 'on'
        try:
            case.choose_service(
                request.form.get('service_form') or '',
                green_reason=request.form.get('green_reason') if green else '',
                green_contact=request.form.get('green_contact') if green else '',
                user=g.kiosk_user)
            case.register_and_queue(g.kiosk_user, appointment=appointment)
        except models.DomainError as error:
            flash(str(error), 'error')
        else:
            forget('appointment')
            # What the button says: the receipt with the ticket, printing.
            return redirect(url_for('kiosk.receipt', case_id=case.id,
                                    print=1))
    return _register_form(case, appointment)


def _unregistrable(case):
    """Where a case that cannot be registered now goes instead, or None."""
    if not case.can('register'):
        return redirect(url_for('kiosk.outcome', case_id=case.id))
    if case.missing_materials() or not case.checklist():
        return redirect(url_for('kiosk.screen', case_id=case.id))
    return None


def _register_form(case, appointment):
    subject = case.item or case.bundle
    hall = g.kiosk.hall
    return render_template(
        'kiosk/register.html', case=case, appointment=appointment,
        forms=[(f, models.label(models.SERVICE_FORMS, f)) for f in (
            case.item.service_forms if case.item_id
            else dict(models.SERVICE_FORMS))],
        green_reasons=models.GREEN_REASONS,
        handling=hall.handling_hall(subject),
        window=(appointment.window if appointment else
                hall.window_for(item=case.item, bundle=case.bundle)))


@bp.route('/cases/<int:case_id>/refuse', methods=['GET', 'POST'])
@helper_required
@once
def refuse(case_id):
    """Out of scope: refuse with the reason and the unit to go to."""
    case = session_case(case_id)
    if not case.can('refuse'):
        return redirect(url_for('kiosk.outcome', case_id=case.id))
    if request.method == 'POST':
        try:
            case.refuse((request.form.get('reason') or '').strip(),
                        (request.form.get('refer_to') or '').strip(),
                        user=g.kiosk_user)
        except models.DomainError as error:
            flash(str(error), 'error')
        else:
            return redirect(url_for('kiosk.outcome', case_id=case.id))
    departments = case.departments()
    return render_template('kiosk/refuse.html', case=case,
                           suggested=departments[0].name if departments else '',
                           reason=case.eligibility_refusal() or '')


@bp.route('/cases/<int:case_id>')
@helper_required
def outcome(case_id):
    """Where the case stands now, with what to print for the applicant."""
    return outcome_page(session_case(case_id))


def outcome_page(case):
    """Where the case stands, and its latest ticket once it has one."""
    ticket = (case.tickets.order_by(models.Ticket.id.desc()).first()
              if case.status not in models.SCREENING_STATUSES + ('refused',)
              else None)
    return render_template('kiosk/outcome.html', case=case, ticket=ticket)
