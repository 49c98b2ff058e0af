"""Appointments (预约): book a half-day at a hall's window, show it, cancel it."""
import datetime

from flask import (
    current_app, flash, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from peewee import fn

import models
import validators
from qr import qr_data_uri
from web import applicant_link, client_key, rate_limited, read_limited

from . import bp, private

BOOKING_DAYS = models.BOOKING_DAYS  # the days offered; Appointment.book refuses later ones
# Looked up in place of a malformed code, so that it costs what any code costs.
NOT_A_CODE = 'Y-not-an-appointment-code'


def _message(title, message, status):
    """A page that says what went wrong and leads back to booking."""
    return render_template('public/message.html', title=title,
                           message=message), status


def _unavailable():
    """The answer for an unknown hall or an item the hall does not handle."""
    return _message(_('Not available'), _(
        'This hall or item cannot be booked here. Please choose again.'), 404)


def _hall(code):
    """The hall of a code, or None."""
    return models.Hall.get_or_none(models.Hall.code == code)


def _item(hall, code):
    """An active item the hall handles itself, or None."""
    item = models.Item.get_or_none(models.Item.code == code,
                                   models.Item.is_active == True)  # noqa: E712
    return item if item is not None and hall.offers(item) else None


def _bookable_window(hall, item):
    """The window that takes the item's appointments, or None."""
    window = hall.window_for(item)
    return window if window is not None and window.serves(item) else None


def slots(window, today=None):
    """The working days of the next two weeks, each half-day with places
    left: the window's capacities and the places booked, read once each
    (Appointment.capacity and Appointment.booked, for all days at once)."""
    today = today or models.today()
    last = today + datetime.timedelta(days=BOOKING_DAYS)
    capacities = {(row.weekday, row.half_day): row.capacity
                  for row in window.slot_capacities}
    Appointment = models.Appointment
    booked = {(day, half_day): count for day, half_day, count in (
        Appointment
        .select(Appointment.day, Appointment.half_day, fn.COUNT(Appointment.id))
        .where(Appointment.window == window,
               Appointment.day > today, Appointment.day <= last,
               Appointment.status != 'cancelled')
        .group_by(Appointment.day, Appointment.half_day)
        .tuples())}
    days = []
    for offset in range(1, BOOKING_DAYS + 1):
        day = today + datetime.timedelta(days=offset)
        if not window.hall.is_workday(day):
            continue
        halves = []
        for half_day, title in models.HALF_DAYS:
            capacity = capacities.get((day.weekday(), half_day), 0)
            left = capacity - booked.get((day, half_day), 0)
            halves.append(dict(value='%s:%s' % (day.isoformat(), half_day),
                               title=title, left=max(left, 0)))
        days.append(dict(day=day, halves=halves))
    return days


def parse_slot(value):
    """The (day, half-day) of a submitted slot."""
    try:
        day_text, half_day = (value or '').split(':')
        day = datetime.date.fromisoformat(day_text)
    except ValueError:
        raise models.DomainError(_l('Choose a day and a time from the list.'))
    # Days past, too far ahead or closed, and unknown half-days: refused
    # by Appointment.book, the one rule for every way of booking.
    return day, half_day


@bp.route('/book/')
def book():
    """Step 1: choose the hall, grouped by level (city down to village)."""
    halls = list(models.Hall.select().order_by(models.Hall.code))
    levels = [(title, [h for h in halls if h.level == level])
              for level, title in models.LEVELS]
    return render_template('public/book_halls.html', levels=levels)


@bp.route('/book/<hall_code>/')
def book_hall(hall_code):
    """Step 2: find the item, by Chinese name, pinyin or initials."""
    hall = _hall(hall_code)
    if hall is None:
        return _unavailable()
    text = (request.args.get('q') or '').strip()[:40]
    return render_template('public/book_items.html', hall=hall,
                           items=hall.offered(models.Item.search(text)),
                           q=text)


@bp.route('/book/<hall_code>/<item_code>/')
def book_item(hall_code, item_code):
    """Step 3: choose the half-day and say who is coming."""
    return _booking_form(hall_code, item_code, {})


@bp.route('/book/<hall_code>/<item_code>/', methods=['POST'])
@rate_limited('book')
def book_slot(hall_code, item_code):
    """Book the chosen half-day; any bad input changes nothing."""
    hall = _hall(hall_code)
    item = _item(hall, item_code) if hall else None
    window = _bookable_window(hall, item) if item else None
    if window is None:
        return _unavailable()
    form = request.form
    try:
        day, half_day = parse_slot(form.get('slot'))
        # What was typed is checked by itself: no applicant's file is read,
        # so the answer is the same whoever holds the ID number.
        booker = models.Appointment.booker(
            form.get('name'), form.get('id_type') or 'resident_id',
            form.get('id_number'), form.get('phone'),
            nationality=form.get('nationality') or '')
        appointment, code = models.Appointment.book(
            window, item, day, half_day, booker, client=client_key(),
            limits=current_app.config['BOOKING_LIMITS'])
    except models.DomainError as error:
        return _booking_form(hall_code, item_code, form, str(error))
    flash(_('Your appointment is booked.'), 'success')
    return redirect(url_for('public.appointment', code=code), 303)


def _booking_form(hall_code, item_code, values, error=None):
    """The slot and identity form, refilled with what was sent and why not."""
    hall = _hall(hall_code)
    item = _item(hall, item_code) if hall else None
    if item is None:
        return _unavailable()
    window = _bookable_window(hall, item)
    return render_template(
        'public/book_slot.html', hall=hall, item=item, window=window,
        days=slots(window) if window else [], values=values, error=error,
        id_types=[(value, title) for value, title in models.ID_TYPES
                  if value in validators.PERSON_DOCUMENTS],
        countries=validators.countries()), 400 if error else 200


def find_appointment(code):
    """The appointment of a code, or None; malformed codes cost a lookup too."""
    probe = code if 0 < len(code) <= 64 else NOT_A_CODE
    appointment = models.Appointment.by_code(probe)
    return appointment if probe == code else None


@bp.route('/book/a/<code>')
@read_limited()
def appointment(code):
    """The booked appointment: QR for the kiosk, masked details, cancel.

    The QR carries this page's public address: a phone opens it, and the
    kiosk reads the appointment code out of it."""
    found = find_appointment(code)
    if found is None:
        return private(render_template('public/appointment_not_found.html'), 404)
    usable = found.status == 'booked' and not found.is_expired
    link = applicant_link('public.appointment', code=code)
    return private(render_template(
        'public/appointment.html', appointment=found, code=code, link=link,
        qr=qr_data_uri(link) if usable else None, usable=usable,
        status_label=models.label(models.APPOINTMENT_STATUSES, found.status),
        half_day=models.label(models.HALF_DAYS, found.half_day)))


@bp.route('/book/a/<code>/cancel', methods=['POST'])
@rate_limited('book')
def cancel_appointment(code):
    """Cancel by the code; the place is free for others again."""
    found = find_appointment(code)
    if found is None:
        return private(render_template('public/appointment_not_found.html'), 404)
    try:
        found.cancel()
    except models.DomainError as error:
        flash(str(error), 'error')
    else:
        flash(_('Your appointment is cancelled.'), 'success')
    return redirect(url_for('public.appointment', code=code), 303)
