"""A slot is never booked beyond its capacity, nor a booker beyond a limit,
even by processes racing for it.

Real processes, each with its own database connection, wait at a barrier and
book at once; on SQLite and on PostgreSQL exactly as many succeed as the
capacity or the limit allows.
"""
import datetime
import random

import models
import validators
from race import race

PROCESSES = 10
CAPACITY = 3


def _booking(ids, day, half_day, booker, client):
    """One booking, from its own process and connection."""
    window = models.Window.get_by_id(ids['window'])
    item = models.Item.get_by_id(ids['item'])
    booker = models.Appointment.booker(*booker)
    return lambda: models.Appointment.book(window, item, day, half_day,
                                           booker, client=client)


def _race(app, window, item, day, bookings):
    """Run the bookings (half_day, booker, client) at once; their outcomes."""
    ids = dict(window=window.id, item=item.id)
    return race(app.config['DATABASE_URL'], _booking, [
        (ids, day, half_day, booker, client)
        for half_day, booker, client in bookings], 'booked',
        identity_key='test-secret')


def _booker(rng, n):
    return ('测试%d' % n, 'resident_id', validators.generate_resident_id(rng),
            '139%08d' % (rng.randrange(10 ** 8)))


def _slot():
    """A window with one slot of CAPACITY places on the next working day."""
    hall = models.Hall.create(code='T-RACE', name='测试大厅', level='county')
    department = models.Department.create(code='T-D', name='测试局')
    models.HallDepartment.create(hall=hall, department=department)
    item = models.Item.create(code='T-ITEM', department=department,
                              name='测试事项', power_kind='public_service',
                              category='health', time_limit_days=5)
    window = models.Window.create(hall=hall, number=1, name='测试窗口',
                                  kind='department', department=department,
                                  prefix='A')
    day = models.today() + datetime.timedelta(days=1)
    while not hall.is_workday(day):
        day += datetime.timedelta(days=1)
    models.SlotCapacity.create(window=window, weekday=day.weekday(),
                               half_day='am', capacity=CAPACITY)
    return window, item, day


def test_concurrent_bookings_never_exceed_capacity(app):
    window, item, day = _slot()
    rng = random.Random(11)
    outcomes = _race(app, window, item, day, [
        ('am', _booker(rng, n), '10.0.0.%d' % n) for n in range(PROCESSES)])
    assert outcomes == ['booked'] * CAPACITY + ['refused'] * (
        PROCESSES - CAPACITY)
    assert models.Appointment.booked(window, day, 'am') == CAPACITY
    assert models.Appointment.select().count() == CAPACITY


def test_one_document_racing_for_both_half_days_books_once(app):
    """The per-document limit holds across slots, which the slot lock does
    not serialise: the limit's own conditional update does."""
    window, item, day = _slot()
    models.SlotCapacity.create(window=window, weekday=day.weekday(),
                               half_day='pm', capacity=CAPACITY)
    rng = random.Random(12)
    same = _booker(rng, 0)
    outcomes = _race(app, window, item, day, [
        (('am', 'pm')[n % 2], same[:3] + ('139%08d' % n,), '10.0.1.%d' % n)
        for n in range(4)])
    assert outcomes == ['booked'] + ['refused'] * 3
    assert models.Appointment.select().count() == 1
