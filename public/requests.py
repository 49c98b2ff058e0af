"""Requests for help (线上帮办) from the public: ask a hall to call back and
help, without coming first (/book/<hall>/request), and follow the request
by its code (/book/r/<code>). The rules are ServiceRequest's."""
import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

import models
import validators
from web import applicant_link, rate_limited, read_limited

from . import bp, private
from .booking import _hall, _item, _unavailable


def _form(hall, values, error=None, item=None):
    """The request form, refilled with what was sent and why not."""
    return render_template(
        'public/request_form.html', hall=hall, item=item, values=values,
        error=error, today=models.today(),
        id_types=[(value, title) for value, title in models.ID_TYPES
                  if value in validators.PERSON_DOCUMENTS],
        countries=validators.countries(),
        half_days=models.HALF_DAYS), 400 if error else 200


def _preferred_day(text):
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise models.DomainError(_('Choose the preferred day from the calendar.'))


@bp.route('/book/<hall_code>/request')
def request_form(hall_code):
    """Ask the hall for help: what, who, and when to be called."""
    hall = _hall(hall_code)
    if hall is None:
        return _unavailable()
    code = request.args.get('item', '')[:40]
    item = _item(hall, code) if code else None
    return _form(hall, {}, item=item)


@bp.route('/book/<hall_code>/request', methods=['POST'])
@rate_limited('request')
def send_request(hall_code):
    """Record the request; any bad input changes nothing."""
    hall = _hall(hall_code)
    if hall is None:
        return _unavailable()
    form = request.form
    code = (form.get('item') or '')[:40]
    item = _item(hall, code) if code else None
    if code and item is None:
        return _unavailable()
    try:
        found, follow = models.ServiceRequest.receive(
            hall, 'web', form.get('name'), form.get('id_type') or 'resident_id',
            form.get('id_number'), form.get('phone'), item=item,
            matter=form.get('matter'),
            preferred_day=_preferred_day(form.get('preferred_day')),
            preferred_half_day=form.get('preferred_half_day') or '',
            notes=form.get('notes'), nationality=form.get('nationality') or '')
    except models.DomainError as error:
        return _form(hall, form, str(error), item=item)
    flash(_('Your request is sent. The hall will call you back.'), 'success')
    return redirect(url_for('public.request_status', code=follow), 303)


@bp.route('/book/r/<code>')
@read_limited()
def request_status(code):
    """Where the request stands, with personal data masked; never the
    staff's notes."""
    found = models.ServiceRequest.by_code(code)
    if found is None:
        return private(render_template(
            'public/appointment_not_found.html', message=_(
                'This request code opens nothing. Check that you typed it '
                'exactly as shown when you sent the request.')), 404)
    return private(render_template(
        'public/request_status.html', found=found, code=code,
        link=applicant_link('public.request_status', code=code),
        steps=found.steps()))
