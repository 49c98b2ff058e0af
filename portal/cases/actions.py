"""What staff do to a case: one POST per action, each asking the model.

The model decides what is allowed (status checks, read-only archive, reasons
required); a refusal is flashed and nothing changes. A repeated submit meets
the same check and is refused with the same message.
"""
import datetime
import re

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _, ngettext
from i18n import lazy_gettext as _l

import models
from action_keys import once

from ..audit import refused
from ..auth import permission_required, scope
from . import bp, get_case, parse_date

ACTIONS = {}


def action(name):
    """Register a handler: handler(case, form, user) -> success message."""
    def decorator(handler):
        ACTIONS[name] = handler
        return handler
    return decorator


@bp.route('/<int:case_id>/do/<name>', methods=['POST'])
@permission_required('work_cases')
@once
def act(case_id, name):
    """Carry out one action on a case, then show the case again."""
    case = get_case(case_id)
    handler = ACTIONS.get(name)
    if handler is None:
        abort(404)
    if case.hall_id not in scope():
        abort(403)  # the hall a case moved from sees it but does not act
    try:
        message = handler(case, request.form, g.user)
    except models.DomainError as error:
        refused(name, case, case.id, error, hall=case.hall_id)
        flash(str(error), 'error')
    else:
        flash(message, 'success')
    return redirect(url_for('cases.detail', case_id=case.id))


def action_context(case, acting):
    """What the forms of the actions the case allows now need to offer;
    which actions those are, the page asks the case (`case.can`)."""
    if not acting:
        return {}
    hall = case.hall
    agents = (models.Agent.select()
              .where(models.Agent.hall == hall,
                     models.Agent.is_active == True)  # noqa: E712
              .order_by(models.Agent.name))
    windows = hall.windows.order_by(models.Window.number)
    handling = hall.handling_hall(case.item) if case.item_id else hall
    mine = [a for a in g.user.agents if a.hall_id == hall.id]
    return {
        'agents': agents,
        'my_agent_id': mine[0].id if mine else None,
        'windows': windows,
        'suggested_window': hall.window_for(item=case.item, bundle=case.bundle),
        'catalogue': case.catalogue_materials(),
        'posts': case.cover_posts(),
        'ancestors': hall.ancestors(),
        'handling_hall': handling,
        'parties': parties(case),
        'ratings': models.RATINGS,
        'suspension_reasons': models.SUSPENSION_REASONS,
        'result_kinds': models.RESULT_KINDS,
        'staff_methods': [m for m in models.EVALUATION_METHODS
                          if m[0] in ('onsite', 'phone')],
    }


def parties(case):
    """Who materials pass between: the applicant, the window, departments."""
    window = case.window.name if case.window_id else str(_(
        'Assisted-service window'))
    found = [('applicant', case.applicant.name), ('window', window)]
    found += [('dept:%d' % d.id, d.name) for d in case.departments()]
    return found


def _note(form, field='note'):
    return (form.get(field) or '').strip()


def _in_hall(model, case, value):
    """A record of the case's hall chosen in a form, or None if left empty."""
    if not value:
        return None
    record = model.get_or_none((model.id == value) & (model.hall == case.hall_id))
    if record is None:
        raise models.DomainError(_l('Choose from the list.'))
    return record


@action('screen')
def screen(case, form, user):
    states = {m.id: form.get('m%d' % m.id) for m in case.catalogue_materials()}
    missing = case.screen([i for i, s in states.items() if s == 'provided'],
                          [i for i, s in states.items() if s == 'promised'], user)
    if missing:
        return _('Checklist recorded. Missing: %(names)s',
                 names='、'.join(m.name for m in missing))
    return _('Checklist recorded: the materials are complete.')


@action('supply')
def supply(case, form, user):
    case.supply(form.getlist('material'), user)
    return _('Materials recorded as supplied.')


@action('request_materials')
def request_materials(case, form, user):
    case.request_materials(user, _note(form))
    return _('The case waits for the missing materials.')


@action('register')
def register(case, form, user):
    case.register(user, _note(form),
                  agent=_in_hall(models.Agent, case, form.get('agent')),
                  window=_in_hall(models.Window, case, form.get('window')))
    return _('Registered; due %(day)s.', day=case.due_date.isoformat())


@action('refuse')
def refuse(case, form, user):
    case.refuse(_note(form, 'reason'), _note(form, 'refer_to'), user)
    return _('Refused.')


@action('commission')
def commission(case, form, user):
    case.commission(user, _note(form),
                    authorization_signed=bool(form.get('authorization_signed')),
                    commitment_signed=bool(form.get('commitment_signed')))
    return _('Commissioned.')


@action('start_handling')
def start_handling(case, form, user):
    case.start_handling(user, _note(form))
    return _('In handling.')


@action('mark_ready')
def mark_ready(case, form, user):
    case.mark_ready(user, _note(form))
    return _('Result ready.')


@action('deliver')
def deliver(case, form, user):
    case.deliver(user, _note(form), slip_signed=bool(form.get('slip_signed')))
    return _('Delivered.')


@action('mail')
def mail(case, form, user):
    case.mail(_note(form, 'address'), _note(form, 'courier'),
              _note(form, 'tracking_number'), user, _note(form))
    return _('Mailed.')


@action('confirm_receipt')
def confirm_receipt(case, form, user):
    case.confirm_receipt(user, _note(form))
    return _('Receipt confirmed.')


@action('evaluate')
def evaluate(case, form, user):
    called_at = None
    if form.get('called_at'):
        try:
            called_at = datetime.datetime.fromisoformat(form['called_at'])
        except ValueError:
            raise models.DomainError(_l('Enter when the call was made.'))
        if called_at > models.now():
            raise models.DomainError(_l('The call cannot be in the future.'))
    case.evaluate(form.get('rating', type=int), form.get('method'),
                  _note(form, 'comment'), _note(form, 'caller'), user,
                  called_at=called_at)
    return _('Evaluation recorded.')


@action('archive')
def archive(case, form, user):
    case.archive(user, _note(form))
    return _('Archived. The case is now read-only.')


@action('terminate')
def terminate(case, form, user):
    case.terminate(_note(form, 'reason'), user,
                   materials_returned=bool(form.get('materials_returned')))
    return _('Terminated.')


@action('suspend')
def suspend(case, form, user):
    case.suspend(user, form.get('reason'), _note(form))
    return _('Suspended: the promised date is paused until the case resumes.')


@action('resume')
def resume(case, form, user):
    before = case.suspended_days
    case.resume(user, _note(form),
                renewed_mandate=bool(form.get('renewed_mandate')))
    return ngettext('Resumed after %(num)d working day suspended; now due '
                    '%(day)s.', 'Resumed after %(num)d working days suspended; '
                    'now due %(day)s.', case.suspended_days - before,
                    day=case.due_date.isoformat() if case.due_date else '—')


@action('route')
def route(case, form, user):
    case.route_flows(user)
    return _('Sent to the departments.')


def _flow(case, form):
    flow = models.CaseFlow.get_or_none(
        (models.CaseFlow.id == form.get('flow', type=int)) &
        (models.CaseFlow.case == case))
    if flow is None:
        abort(404)
    day = parse_date(form.get('day'))
    if day is None:
        raise models.DomainError(_l('Enter the date.'))
    return flow, day


@action('flow_accept')
def flow_accept(case, form, user):
    flow, day = _flow(case, form)
    flow.accept(day, user)
    return _('Accepted date recorded.')


@action('flow_finish')
def flow_finish(case, form, user):
    flow, day = _flow(case, form)
    flow.finish(day, user)
    return _('Done date recorded.')


def handover_lines(case, form):
    """The materials ticked on the checklist plus other lines typed in."""
    chosen = set(form.getlist('line', type=int))
    lines = []
    for material in case.checklist():
        if material.id in chosen:
            copies = max(form.get('copies-%d' % material.id, 1, type=int), 1)
            lines.append((material.name, copies, material.form))
    for text in (form.get('other') or '').splitlines():
        match = re.match(r'^(.*?)\s*(?:[×xX*]\s*(\d+))?\s*$', text.strip())
        if match and match.group(1):
            lines.append((match.group(1), int(match.group(2) or 1), 'original'))
    return lines


@action('handover')
def handover(case, form, user):
    names = dict(parties(case))
    models.Handover.record(
        case, names.get(form.get('from_party'), ''),
        names.get(form.get('to_party'), ''), _note(form, 'handed_by'),
        _note(form, 'received_by'), handover_lines(case, form), user,
        _note(form))
    return _('Handover recorded.')


@action('task_force')
def task_force(case, form, user):
    coordinator = _in_hall(models.Agent, case, form.get('coordinator'))
    if coordinator is None:
        raise models.DomainError(_l('Name the coordinator.'))
    members = [_in_hall(models.Agent, case, i)
               for i in form.getlist('members') if i]
    models.TaskForce.form(case, coordinator, [coordinator] + members, user)
    return _('Task force formed.')


@action('reassign')
def reassign(case, form, user):
    agent = _in_hall(models.Agent, case, form.get('agent'))
    if agent is None:
        raise models.DomainError(_l('Choose the agent.'))
    case.reassign(agent, _note(form, 'reason'), user)
    return _('Agent changed.')


@action('cover')
def cover(case, form, user):
    post = _in_hall(models.Post, case, form.get('post'))
    if post is None:
        raise models.DomainError(_l('Choose the post of the case\'s agent.'))
    case.cover_by_b(post, user)
    return _('B covers the case.')


@action('transfer')
def transfer(case, form, user):
    hall = models.Hall.get_or_none(models.Hall.id == form.get('hall', type=int))
    case.transfer_to(hall, _note(form, 'reason'), user)
    return _('Transferred to %(hall)s; it waits for that hall to confirm.',
             hall=hall.name)


@action('confirm_transfer')
def confirm_transfer(case, form, user):
    case.confirm_transfer(user)
    return _('Transfer received.')


def _result_values(form):
    """A result document as typed in its form (the model checks it)."""
    return dict(kind=form.get('kind'), title=form.get('title'),
                number=form.get('number'), issued_by=form.get('issued_by'),
                copies=form.get('copies') or 1, note=form.get('note'))


@action('result')
def result(case, form, user):
    recorded = case.record_result(user=user, **_result_values(form))
    return _('Result recorded: %(title)s.', title=recorded.title)


@action('correct_result')
def correct_result(case, form, user):
    corrects = form.get('result', type=int)
    if corrects is None:
        raise models.DomainError(_l('Choose a result of this case.'))
    recorded = case.record_result(user=user, corrects=corrects,
                                  **_result_values(form))
    return _('Result corrected: %(title)s.', title=recorded.title)
