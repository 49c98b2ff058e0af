"""线上帮办 on the staff side: the requests sent to the user's halls (by the
API or the request page), and what an agent does with one: accept it,
record the call back, turn it into a case or an appointment, or decline
it with a referral. The rules are ServiceRequest's."""
import datetime

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from i18n import lazy_gettext as _l

import history
import models
from action_keys import once
from web import applicant_link

from .audit import refused
from .auth import permission_required, scope
from .cases import PER_PAGE, render, scoped_halls
from .follow_ups import _page, listed

bp = Blueprint('requests', __name__, url_prefix='/portal/requests')

SHOWN = {
    'open': lambda: models.ServiceRequest.status.in_(
        models.OPEN_REQUEST_STATUSES),
    'converted': lambda: models.ServiceRequest.status == 'converted',
    'declined': lambda: models.ServiceRequest.status == 'declined',
    'all': None,
}
SHOWN_LABELS = [('open', _l('Not closed')), ('converted', _l('Converted')),
                ('declined', _l('Declined')), ('all', _l('All'))]


@bp.route('')
@permission_required('see_cases')
def index():
    """The requests of the user's halls, newest first, a page at a time:
    one count and one query however many there are."""
    shown, hall_id, chosen = listed(models.ServiceRequest.in_halls, SHOWN)
    page, pages = _page(chosen.count())
    found = list(chosen
                 .select(models.ServiceRequest, models.Hall)
                 .join_from(models.ServiceRequest, models.Hall)
                 .order_by(models.ServiceRequest.received_at.desc(),
                           models.ServiceRequest.id.desc())
                 .paginate(page, PER_PAGE))
    return render('portal/requests/index.html', requests=found, shown=shown,
                  shown_labels=SHOWN_LABELS, page=page, pages=pages,
                  hall_id=hall_id if hall_id in scope() else None,
                  halls=scoped_halls())


def _get(request_id):
    """The request, if it is one of the user's halls; 404 otherwise."""
    found = models.ServiceRequest.get_or_none(
        models.ServiceRequest.id == request_id)
    if found is None or found.hall_id not in scope():
        abort(404)
    return found


@bp.route('/<int:request_id>')
@permission_required('see_cases')
def detail(request_id):
    found = _get(request_id)
    hall = found.hall
    may_work = g.user.may('work_cases') and found.is_open
    return render(
        'portal/requests/detail.html', found=found, steps=found.steps(),
        may_work=may_work, outcomes=models.CALL_OUTCOMES,
        service_forms=models.SERVICE_FORMS, half_days=models.HALF_DAYS,
        items=list(hall.offered_items()) if may_work else [],
        windows=list(hall.windows.order_by(models.Window.number))
        if may_work else [],
        step_details=history.request_details, now=models.now(),
        today=models.today())


def _act(found, action, take, success):
    """Run a model action on the request; a refusal is flashed and audited."""
    try:
        result = take()
    except models.DomainError as error:
        refused(action, 'ServiceRequest', found.id, error, hall=found.hall_id)
        flash(str(error), 'error')
        return None
    flash(success(result) if callable(success) else success, 'success')
    return result


def _worker(request_id):
    if not g.user.may('work_cases'):
        abort(403)
    return _get(request_id)


@bp.route('/<int:request_id>/accept', methods=['POST'])
@permission_required('work_cases')
@once
def accept(request_id):
    found = _worker(request_id)
    _act(found, 'accept', lambda: found.accept(g.user),
         _('Request accepted: call the applicant back.'))
    return redirect(url_for('.detail', request_id=found.id))


def _called_at(text):
    try:
        return datetime.datetime.strptime(text or '', '%Y-%m-%dT%H:%M')
    except ValueError:
        raise models.DomainError(_l('Give the time of the call.'))


@bp.route('/<int:request_id>/call', methods=['POST'])
@permission_required('work_cases')
@once
def call(request_id):
    found = _worker(request_id)
    form = request.form
    _act(found, 'record_call', lambda: found.record_call(
        g.user, _called_at(form.get('called_at')), form.get('outcome'),
        form.get('note')), _('Call recorded.'))
    return redirect(url_for('.detail', request_id=found.id))


def _item_of(found, raw):
    """An item the request's hall offers, from a form; None for none."""
    if not raw:
        return None
    item = models.Item.get_or_none(models.Item.id == raw)
    if item is None or not found.hall.offers(item):
        abort(404)
    return item


@bp.route('/<int:request_id>/case', methods=['POST'])
@permission_required('work_cases')
@once
def to_case(request_id):
    """Open the case (Case.open, every rule of a case applies)."""
    found = _worker(request_id)
    form = request.form
    item = _item_of(found, form.get('item', type=int))
    made = _act(found, 'convert_to_case', lambda: found.convert_to_case(
        g.user, form.get('service_form'), item=item, note=form.get('note')),
        lambda made: _('Case %(n)s opened. Receipt code for the applicant: '
                       '%(code)s. The applicant follows the case at %(link)s',
                       n=made[0].number, code=made[1],
                       link=applicant_link('public.progress', code=made[1])))
    if made is None:
        return redirect(url_for('.detail', request_id=found.id))
    return redirect(url_for('cases.detail', case_id=made[0].id))


@bp.route('/<int:request_id>/appointment', methods=['POST'])
@permission_required('work_cases')
@once
def to_appointment(request_id):
    """Book the appointment (Appointment.book, every booking rule applies)."""
    found = _worker(request_id)
    form = request.form
    item = _item_of(found, form.get('item', type=int))
    window = models.Window.get_or_none(
        models.Window.id == form.get('window', type=int))
    if window is None or window.hall_id != found.hall_id:
        abort(404)

    def book():
        try:
            day = datetime.date.fromisoformat(form.get('day') or '')
        except ValueError:
            raise models.DomainError(_l('Choose a day and a time from the list.'))
        return found.convert_to_appointment(
            g.user, window, day, form.get('half_day'), item=item)

    _act(found, 'convert_to_appointment', book,
         lambda made: _('Appointment booked. Appointment code for the '
                        'applicant: %(code)s. The applicant sees it at '
                        '%(link)s', code=made[1], link=applicant_link(
                            'public.appointment', code=made[1])))
    return redirect(url_for('.detail', request_id=found.id))


@bp.route('/<int:request_id>/decline', methods=['POST'])
@permission_required('work_cases')
@once
def decline(request_id):
    found = _worker(request_id)
    form = request.form
    _act(found, 'decline', lambda: found.decline(
        g.user, form.get('reason'), form.get('refer_to')),
        _('Request declined; the applicant sees where to go.'))
    return redirect(url_for('.detail', request_id=found.id))
