"""The same rating sent at the same moment (double tap, two tabs) is kept once.

Real processes with their own connections rate one delivered case at once:
one rating is stored, every other is refused by the case's state machine
(DomainError, shown to the user) rather than failing on a database lock.
"""
import multiprocessing
import random

import models
import validators

PROCESSES = 8


def _rate_in_process(url, case_id, rating, barrier, results):
    """One submission of the rating form, from its own process."""
    from app import connect_database

    database = connect_database(url)
    models.db.initialize(database)
    database.connect()
    case = models.Case.get_by_id(case_id)
    barrier.wait(timeout=60)
    try:
        case.evaluate(rating, 'online')
        results.put('stored')
    except models.DomainError:
        results.put('refused')
    except Exception as error:  # a lock error would be a failure, say which
        results.put(repr(error))
    finally:
        database.close()


def _delivered_case():
    hall = models.Hall.create(code='T-RATE', name='测试大厅', level='county')
    department = models.Department.create(code='T-D', name='测试局')
    item = models.Item.create(code='T-ITEM', department=department,
                              name='测试事项', power_kind='public_service',
                              category='health', time_limit_days=5)
    applicant = models.Applicant.create(
        kind='person', name='测试人',
        id_number=validators.generate_resident_id(random.Random(3)))
    case, _ = models.Case.open(hall, applicant, 'assisted', 'window', item=item)
    for step in ('register', 'start_handling', 'mark_ready', 'deliver'):
        getattr(case, step)()
    return case


def test_simultaneous_ratings_store_one(app):
    case = _delivered_case()
    models.db.close()
    context = multiprocessing.get_context('spawn')
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [context.Process(target=_rate_in_process, args=(
        app.config['DATABASE_URL'], case.id, 1 + n % 5, barrier, results))
        for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)

    assert sorted(outcomes) == ['refused'] * (PROCESSES - 1) + ['stored']
    models.db.connect(reuse_if_open=True)
    assert models.Evaluation.select().where(
        models.Evaluation.case == case).count() == 1
    assert models.Case.get_by_id(case.id).status == 'evaluated'
    events = [e.action for e in case.events.order_by(models.CaseEvent.id)]
    assert events.count('evaluate') == 1
