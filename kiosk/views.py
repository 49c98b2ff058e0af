"""The helper's work at the terminal: scan, find the applicant and the item,
screen the materials, then register, ask for materials, or refuse.

Every rule is a model method; these views only gather input, call it, and
show `str(error)` when a rule refuses (nothing changes then).
"""
from flask import (
    abort, flash, g, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _

import models
import validators
from action_keys import once, onward
from kiosk import bp, scan
from kiosk.terminal import forget, helper_required, remember, state
from web import rate_limited

SEARCH_LIMIT = 24
# What the search field offers as examples: an everyday name, its pinyin,
# initials (each finds items of the demo catalogue; tests check it).
SEARCH_EXAMPLES = ('社保', 'yibao', 'gjj', 'yyzz')


def current_applicant():
    """The applicant being served at this terminal, if any."""
    applicant_id = state().get('applicant')
    return models.Applicant.get_or_none(models.Applicant.id == applicant_id) \
        if applicant_id else None


def current_appointment():
    """The appointment scanned for the applicant being served, if any."""
    appointment_id = state().get('appointment')
    return models.Appointment.get_or_none(
        models.Appointment.id == appointment_id) if appointment_id else None


def session_case(case_id):
    """A case this terminal session worked on, at this hall; 404 otherwise."""
    if case_id not in state().get('cases', []):
        abort(404)
    case = models.Case.get_or_none(models.Case.id == case_id)
    if case is None or g.kiosk.hall_id not in (case.hall_id, case.origin_hall_id):
        abort(404)
    return case


def keep_case(case, receipt=None):
    """Let this session reach the case, and hold its receipt code to print."""
    cases = [c for c in state().get('cases', []) if c != case.id] + [case.id]
    receipts = dict(state().get('receipts', {}))
    if receipt:
        receipts[str(case.id)] = receipt
    remember(cases=cases[-20:], receipts=receipts)


def serve(applicant, appointment=None):
    """Start serving an applicant: whatever was on screen before goes."""
    forget('appointment', 'cases', 'receipts')
    remember(applicant=applicant.id,
             appointment=appointment.id if appointment else None)


@bp.route('/desk')
@helper_required
def desk():
    """The helper's home: scan the applicant's code, or type it."""
    return render_template('kiosk/desk.html', applicant=current_applicant())


@bp.route('/next', methods=['POST'])
@helper_required
def next_applicant():
    """Clear the current applicant and start again at the desk."""
    forget('applicant', 'appointment', 'cases', 'receipts')
    return onward(url_for('kiosk.desk'), lambda: render_template(
        'kiosk/desk.html', applicant=None)).respond()


@bp.route('/scan', methods=['POST'])
@helper_required
@rate_limited('kiosk-scan')
def scan_code():
    """Act on a scanned or typed payload; anything else changes nothing."""
    payload = scan.parse(request.form.get('code'))
    if payload is None:
        flash(_('This code was not recognised. Scan an appointment code, an '
                'applicant card, a receipt, an identity document number or a '
                'unified social credit code.'), 'error')
    elif payload.kind == 'invalid':
        flash(str(payload.value), 'error')
    elif payload.kind == 'appointment':
        return _appointment(models.Appointment.by_code(payload.value))
    elif payload.kind == 'card':
        applicant = models.Applicant.by_card(payload.value)
        if applicant is None:
            flash(_('This applicant card is unknown or was replaced.'), 'error')
        else:
            serve(applicant)
            return redirect(url_for('kiosk.items'))
    elif payload.kind == 'receipt':
        return _resume(payload.value)
    elif payload.kind == 'document':
        return _document(payload.value)
    elif payload.kind == 'choose':
        number, types = payload.value
        return _document_form({'id_number': number}, types=types)
    else:
        flash(_('This is a staff or terminal code, not an applicant\'s.'),
              'error')
    return redirect(url_for('kiosk.desk'))


def _appointment(appointment):
    """An appointment scanned on its day: check the applicant's document
    against it before anything else."""
    if appointment is None:
        flash(_('This appointment code is unknown.'), 'error')
        return redirect(url_for('kiosk.desk'))
    try:
        appointment.ensure_usable(g.kiosk.hall)
    except models.DomainError as error:
        flash(str(error), 'error')
        return redirect(url_for('kiosk.desk'))
    forget('applicant', 'cases', 'receipts')
    remember(appointment=appointment.id)
    return redirect(url_for('kiosk.appointment_check'))


def pending_appointment():
    """The scanned appointment whose document the helper has yet to check."""
    appointment = current_appointment()
    if appointment is None or appointment.status != 'booked' or (
            appointment.applicant_id is not None
            and appointment.applicant_id == state().get('applicant')):
        return None  # none, used, or checked for the applicant served
    return appointment


@bp.route('/appointment')
@helper_required
def appointment_check():
    """What was booked, and the applicant's document to scan against it."""
    appointment = pending_appointment()
    if appointment is None:
        return redirect(url_for('kiosk.desk'))
    return render_template(
        'kiosk/appointment.html', appointment=appointment,
        half_day_label=lambda value: models.label(models.HALF_DAYS, value))


def _confirm(appointment, applicant):
    """Link the checked applicant to the appointment and serve them, telling
    the helper when the booked name is not the one on the document."""
    try:
        appointment.confirm(applicant)
    except models.DomainError as error:
        flash(str(error), 'error')
        return redirect(url_for('kiosk.appointment_check'))
    if appointment.name_differs(applicant.name):
        flash(_('Booked under the name %(booked)s; the document says '
                '%(name)s. Check that this is the person who booked.',
                booked=appointment.name, name=applicant.name), 'warning')
    serve(applicant, appointment)
    return redirect(url_for('kiosk.item', item_id=appointment.item_id))


def _resume(code):
    """A receipt: resume a case awaiting materials, or show where it stands."""
    case = models.Case.by_receipt(code)
    if case is None or g.kiosk.hall_id not in (case.hall_id, case.origin_hall_id):
        flash(_('This receipt is unknown, was replaced, or belongs to '
                'another hall.'), 'error')
        return redirect(url_for('kiosk.desk'))
    serve(case.applicant)
    keep_case(case, receipt=code)
    if case.status == 'awaiting_materials':
        return redirect(url_for('kiosk.supply', case_id=case.id))
    if case.status == 'consultation':
        return redirect(url_for('kiosk.screen', case_id=case.id))
    return redirect(url_for('kiosk.outcome', case_id=case.id))


def _document(document):
    """A validated document: its file if there is one, else a first visit.
    With an appointment scanned, the document must be the booked one."""
    appointment = pending_appointment()
    if appointment is not None and not appointment.matches(document):
        flash(_('This identity document is not the one the appointment was '
                'booked with.'), 'error')
        return redirect(url_for('kiosk.appointment_check'))
    applicant = models.Applicant.find(document)
    if applicant is None:
        return render_template('kiosk/applicant.html', document=document,
                               appointment=appointment)
    if appointment is not None:
        return _confirm(appointment, applicant)
    serve(applicant)
    return onward(url_for('kiosk.items'),
                  lambda: _items_page(applicant)).respond()


def _document_form(values, types=None, error=None):
    """The typed entry: the document type, its number, the nationality.

    `types` narrows the choice to the types a scanned number could be.
    """
    choices = [(value, title) for value, title in models.ID_TYPES
               if types is None or value in types]
    if types is not None:  # the document that says what it is comes first
        choices.sort(key=lambda choice: choice[0] == 'passport')
    chosen = values.get('id_type')
    if chosen not in dict(choices):
        # Nothing is chosen for the helper when the number could be several.
        chosen = None if types is not None else 'resident_id'
    return render_template(
        'kiosk/document.html', choices=choices, chosen=chosen, values=values,
        narrowed=types is not None, error=error,
        countries=validators.countries()), 400 if error else 200


@bp.route('/document', methods=['GET', 'POST'])
@helper_required
@rate_limited('kiosk-scan')
def document():
    """Type a document's number, having chosen its type (resident ID first)."""
    if request.method == 'GET':
        return _document_form({})
    form = request.form
    try:
        found = validators.document(form.get('id_type'),
                                    form.get('id_number') or '',
                                    form.get('nationality') or '')
    except validators.ValidationError as error:
        return _document_form(form, error=str(error))
    return _document(found)


@bp.route('/applicant', methods=['POST'])
@helper_required
@rate_limited('kiosk-scan')
@once
def applicant():
    """A first visit: record the applicant's file (一户一档 / 一企一档)."""
    form = request.form
    appointment = pending_appointment()
    try:
        # The applicant kind ('person', 'enterprise') is understood too.
        document = models.Applicant.document(
            form.get('id_type') or form.get('kind'),
            form.get('id_number') or '', form.get('nationality') or '')
    except models.DomainError as error:
        return _document_form(form, error=str(error))
    if appointment is not None and not appointment.matches(document):
        flash(_('This identity document is not the one the appointment was '
                'booked with.'), 'error')
        return redirect(url_for('kiosk.appointment_check'))
    try:
        # The file is made from the document the helper has in hand, never
        # from what was typed when booking.
        found = models.Applicant.find_or_create(
            document.type, document.number, form.get('name'),
            form.get('phone') or '', nationality=document.nationality,
            contact_name=(form.get('contact_name') or '').strip())
    except models.DomainError as error:
        flash(str(error), 'error')
        return render_template('kiosk/applicant.html', document=document,
                               form=form, appointment=appointment)
    if appointment is not None:
        return _confirm(appointment, found)
    serve(found)
    return onward(url_for('kiosk.items'), lambda: _items_page(found))


@bp.route('/items')
@helper_required
@rate_limited('kiosk-search')
def items():
    """Find the item by Chinese, pinyin or initials, or browse a category."""
    applicant = current_applicant()
    if applicant is None:
        flash(_('First scan or type the applicant\'s ID, card or appointment.'),
              'error')
        return redirect(url_for('kiosk.desk'))
    return _items_page(applicant)


def _items_page(applicant):
    """The item search for the applicant served (its query in the address)."""
    text = (request.args.get('q') or '').strip()[:40]
    category = request.args.get('category') or ''
    results, bundles, recent, most_used = None, [], [], []
    if not (text or category):
        # What this hall asks for most, so most cases need no typing.
        recent, most_used = models.Item.chosen_at(g.kiosk.hall)
    if text or category:
        query = models.Item.search(text)
        if category in dict(models.CATEGORIES):
            query = query.where(models.Item.category == category)
        results = list(query.order_by(models.Item.name).limit(SEARCH_LIMIT))
    if not category:
        bundles = models.Bundle.listed(
            models.Bundle.select()
            .where(models.Bundle.is_active == True)  # noqa: E712
            .order_by(models.Bundle.id))
        if text:
            lowered = text.lower()
            bundles = [b for b in bundles if text in b.name or
                       lowered in b.pinyin or lowered in b.initials]
    return render_template('kiosk/items.html', applicant=applicant, q=text,
                           category=category, results=results, bundles=bundles,
                           categories=models.CATEGORIES, recent=recent,
                           most_used=most_used, search_examples=SEARCH_EXAMPLES)


@bp.route('/refer', methods=['GET', 'POST'])
@helper_required
@once
def refer():
    """A matter that is not in the catalogue: record the consultation and
    refuse it with the unit to go to; the applicant gets the notice."""
    applicant = current_applicant()
    if applicant is None:
        return redirect(url_for('kiosk.desk'))
    if request.method == 'POST':
        try:
            case, receipt = models.Case.refer(
                g.kiosk.hall, applicant, request.form.get('matter') or '',
                request.form.get('reason') or '',
                request.form.get('refer_to') or '', 'kiosk',
                user=g.kiosk_user)
        except models.DomainError as error:
            flash(str(error), 'error')
        else:
            keep_case(case, receipt=receipt)
            return redirect(url_for('kiosk.outcome', case_id=case.id))
    return render_template('kiosk/refer.html', applicant=applicant,
                           matter=request.values.get('matter') or '')


def _subject(item_id=None, bundle_id=None):
    """The item or bundle a page is about; 404 if there is none."""
    model = models.Item if item_id is not None else models.Bundle
    subject = model.get_or_none(model.id == (item_id or bundle_id),
                                model.is_active == True)  # noqa: E712
    if subject is None:
        abort(404)
    return subject


@bp.route('/items/<int:item_id>')
@bp.route('/bundles/<int:bundle_id>')
@helper_required
def item(item_id=None, bundle_id=None):
    """The service guide of an item: materials, conditions, where handled."""
    applicant = current_applicant()
    if applicant is None:
        return redirect(url_for('kiosk.desk'))
    subject = _subject(item_id, bundle_id)
    handling = g.kiosk.hall.handling_hall(subject)
    appointment = current_appointment()
    if appointment is not None and appointment.applicant_id != applicant.id:
        appointment = None  # its document is not checked yet
    items = [subject] if bundle_id is None else [p.item for p in subject.parts]
    ineligible = models.Item.refusal_among(items, applicant.id_type,
                                           applicant.id_number)
    return render_template('kiosk/item.html', subject=subject,
                           is_bundle=bundle_id is not None, handling=handling,
                           applicant=applicant, appointment=appointment,
                           ineligible=ineligible, unstated=[
                               condition for i in items for condition in
                               i.unstated_conditions(applicant.id_type,
                                                     applicant.id_number)])


@bp.route('/items/<int:item_id>/open', methods=['POST'])
@bp.route('/bundles/<int:bundle_id>/open', methods=['POST'])
@helper_required
@once
def open_case(item_id=None, bundle_id=None):
    """Record the consultation as a case, then screen (or refuse) it."""
    applicant = current_applicant()
    if applicant is None:
        return redirect(url_for('kiosk.desk'))
    subject = _subject(item_id, bundle_id)
    again = _open_consultation(applicant, item_id, bundle_id)
    if again is not None:  # a double tap: go on with the case just opened
        case = again
    # The form is settled at registration; until then, the item's first.
    form = subject.service_forms[0] if item_id is not None else 'assisted'
    if again is None:
        try:
            case, receipt = models.Case.open(
                g.kiosk.hall, applicant, form, 'kiosk', user=g.kiosk_user,
                item=subject if item_id is not None else None,
                bundle=subject if bundle_id is not None else None)
        except models.DomainError as error:
            flash(str(error), 'error')
            return redirect(url_for('kiosk.items'))
        keep_case(case, receipt=receipt)
    if request.form.get('then') == 'refuse':
        return redirect(url_for('kiosk.refuse', case_id=case.id))
    from kiosk.screening import screen_page
    return onward(url_for('kiosk.screen', case_id=case.id),
                  lambda: screen_page(case))


def _open_consultation(applicant, item_id, bundle_id):
    """The consultation this session already opened for the same matter."""
    for case_id in reversed(state().get('cases', [])):
        case = models.Case.get_or_none(models.Case.id == case_id)
        if (case is not None and case.status == 'consultation'
                and case.applicant_id == applicant.id
                and case.item_id == item_id and case.bundle_id == bundle_id):
            return case
    return None
