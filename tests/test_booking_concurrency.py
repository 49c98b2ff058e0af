"""A slot is never booked beyond its capacity, even by processes racing for it.

Real processes, each with its own database connection, wait at a barrier and
book the same half-day at once; on SQLite and on PostgreSQL exactly
`capacity` of them succeed.
"""
import datetime
import multiprocessing
import random

import models
import validators

PROCESSES = 10
CAPACITY = 3


def _book_in_process(url, ids, day, barrier, results):
    """One applicant's booking, from its own process and connection."""
    from app import connect_database

    database = connect_database(url)
    models.db.initialize(database)
    database.connect()
    window = models.Window.get_by_id(ids['window'])
    item = models.Item.get_by_id(ids['item'])
    applicant = models.Applicant.get_by_id(ids['applicant'])
    barrier.wait(timeout=60)
    try:
        models.Appointment.book(window, item, day, 'am', applicant)
        results.put('booked')
    except models.DomainError:
        results.put('refused')
    except Exception as error:  # a lock error would be a failure, say which
        results.put(repr(error))
    finally:
        database.close()


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
    applicants = [models.Applicant.create(
        kind='person', name='测试%d' % n,
        id_number=validators.generate_resident_id(rng)) for n in range(PROCESSES)]
    models.db.close()  # the children open their own connections

    context = multiprocessing.get_context('spawn')
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [context.Process(target=_book_in_process, args=(
        app.config['DATABASE_URL'],
        dict(window=window.id, item=item.id, applicant=applicant.id),
        day, barrier, results)) for applicant in applicants]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)

    assert sorted(outcomes) == ['booked'] * CAPACITY + ['refused'] * (
        PROCESSES - CAPACITY)
    models.db.connect(reuse_if_open=True)
    assert models.Appointment.booked(window, day, 'am') == CAPACITY
    assert models.Appointment.select().count() == CAPACITY
