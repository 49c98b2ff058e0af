"""The same rating sent at the same moment (double tap, two tabs) is kept once.

Real processes with their own connections rate one delivered case at once:
one rating is stored, every other is refused by the case's state machine
(DomainError, shown to the user) rather than failing on a database lock.
"""
import random

import models
import validators
from race import race

PROCESSES = 8


def _rating(case_id, rating):
    """One submission of the rating form, from its own process."""
    case = models.Case.get_by_id(case_id)
    return lambda: case.evaluate(rating, 'online')


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
    outcomes = race(app.config['DATABASE_URL'], _rating, [
        (case.id, 1 + n % 5) for n in range(PROCESSES)], 'stored')
    assert outcomes == ['refused'] * (PROCESSES - 1) + ['stored']
    assert models.Evaluation.select().where(
        models.Evaluation.case == case).count() == 1
    assert models.Case.get_by_id(case.id).status == 'evaluated'
    events = [e.action for e in case.events.order_by(models.CaseEvent.id)]
    assert events.count('evaluate') == 1
