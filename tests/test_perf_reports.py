"""Reports at a city's scale: the statistics counted by the database agree
with a plain count over every case, and pages cost the same number of
queries whatever the number of cases they show."""
import contextlib
import datetime
import random

import pytest

import models
import reports
from seeds import factories as make

AUG = datetime.date(2026, 8, 1)


@contextlib.contextmanager
def counted_queries():
    """Count the SQL statements run inside the block: `with counted_queries()
    as run: ...; len(run)`."""
    database = models.db.obj
    run = []
    original = database.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        run.append(sql)
        return original(sql, params, *args, **kwargs)

    database.execute_sql = execute_sql
    try:
        yield run
    finally:
        del database.execute_sql


# --- The statistics (附件8) against a reference count ---------------------------

def reference_statistics(hall_ids, first, last, by='hall'):
    """What the statistics must say, counted case by case in Python: the
    official formula, read straight from the records."""
    end = datetime.datetime.combine(last, datetime.time.max)
    start = datetime.datetime.combine(first, datetime.time.min)
    cutoff = min(last, models.today())
    units = {}
    for case in models.Case.select():
        if case.hall_id not in hall_ids or not (
                case.registered_at and start <= case.registered_at <= end):
            continue
        if by == 'department':
            unit = (case.item.department if case.item_id
                    else case.bundle.lead_department)
        else:
            unit = case.hall
        row = units.setdefault(str(unit), dict(
            open=0, closed=0, terminated=0, satisfied=0, rated=0, overdue=0))
        rating = models.Evaluation.get_or_none(models.Evaluation.case == case)
        if case.closed_at is not None and case.closed_at <= end:
            row['closed'] += 1
            row['terminated'] += case.status == 'terminated'
            if rating is not None:
                row['rated'] += 1
                row['satisfied'] += rating.rating in models.SATISFIED_RATINGS
        else:
            row['open'] += 1
            row['overdue'] += bool(case.due_date and case.due_date < cutoff)
    return units


def as_dicts(rows):
    return {str(row.unit): dict(
        open=row.open, closed=row.closed, terminated=row.terminated,
        satisfied=row.satisfied, rated=row.rated, overdue=row.overdue)
        for row in rows}


@pytest.fixture
def random_city(app):
    """Two halls in scope and one outside, three departments, items and a
    bundle, and 120 cases spread over August to October: open, closed in
    the period or after it, terminated, rated or not, overdue or not."""
    rng = random.Random(20261207)
    county = make.new_hall('CTY', 'county')
    town = make.new_hall('TWN', 'town', parent=county)
    other = make.new_hall('OTH', 'county')
    departments = [make.department('D%d' % n, '部门%d' % n, '部%d' % n)
                   for n in range(3)]
    items = [make.new_item(d, code='IT-%d' % n, name='事项%d' % n)
             for n, d in enumerate(departments[:2])]
    bundle = models.Bundle.create(code='B-1', name='企业开办', kind='one_thing',
                                  lead_department=departments[2])
    applicant = make.applicant(1)
    for n in range(120):
        registered = datetime.datetime.combine(
            AUG + datetime.timedelta(days=rng.randrange(92)),
            datetime.time(rng.randrange(8, 18), rng.randrange(60)))
        closed_at = rng.choice([None, registered + datetime.timedelta(
            days=rng.randrange(40), hours=rng.randrange(8))])
        status = ('in_handling' if closed_at is None
                  else rng.choice(['delivered', 'archived', 'terminated']))
        subject = rng.choice(items + [bundle])
        case = models.Case.create(
            number='R-%04d' % n, hall=rng.choice([county, county, town, other]),
            origin_hall=county, applicant=applicant, service_form='assisted',
            channel='window', status=status, registered_at=registered,
            created_at=registered, closed_at=closed_at,
            due_date=(registered + datetime.timedelta(
                days=rng.randrange(-5, 30))).date() if rng.random() < .9 else None,
            item_name=subject.name,
            **({'bundle': subject} if subject is bundle else {'item': subject}))
        if rng.random() < .6:
            models.Evaluation.create(case=case, rating=rng.randrange(1, 6),
                                     method='onsite')
    return dict(county=county, town=town, other=other)


@pytest.mark.parametrize('moment', ['2026-09-15T10:00:00+08:00',
                                    '2026-12-01T10:00:00+08:00'])
def test_statistics_agree_with_a_count_case_by_case(random_city, clock, moment):
    clock.set(moment)
    hall_ids = random_city['county'].subtree_ids()
    periods = [(datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)),
               (AUG, datetime.date(2026, 10, 31)),
               (datetime.date(2026, 9, 10), datetime.date(2026, 9, 10))]
    seen = set()
    for first, last in periods:
        for by in ('hall', 'department'):
            rows, total = reports.monthly_statistics(hall_ids, first, last, by=by)
            expected = reference_statistics(hall_ids, first, last, by=by)
            assert as_dicts(rows) == expected, (first, last, by)
            assert [str(row.unit) for row in rows] == sorted(expected)
            for name in ('open', 'closed', 'terminated', 'satisfied', 'rated',
                         'overdue'):
                assert getattr(total, name) == sum(
                    row[name] for row in expected.values())
                seen.add(name) if getattr(total, name) else None
    # The random city has some of everything the form counts.
    assert seen == {'open', 'closed', 'terminated', 'satisfied', 'rated',
                    'overdue'}
    assert '测试OTH大厅' not in str(rows)


def test_statistics_take_two_queries_whatever_the_number_of_cases(
        random_city):
    hall_ids = random_city['county'].subtree_ids()
    for by in ('hall', 'department'):
        with counted_queries() as run:
            rows, _total = reports.monthly_statistics(
                hall_ids, AUG, datetime.date(2026, 10, 31), by=by)
        assert rows and len(run) == 2, run
