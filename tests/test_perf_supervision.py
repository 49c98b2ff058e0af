"""The supervision pages at city scale: the open rectification tasks
behind the menu's alert count, the rating reminders and the appraisal read
their indexes (checked in the plans, not by timing them); the reminders
and the alert list cost the same queries for few rows or many, and show a
page at a time; migrating gathers the planner's statistics afresh."""
import datetime
import re

import pytest
from peewee import SqliteDatabase

import alerts
import cli
import models
import reports
from seeds import factories
from support import statements
from grown_city import add_cases, city, queries, signed_in  # noqa: F401
from support import plan


def delivered(n, tag, days_ago=5):
    """`n` cases of the demo county hall delivered `days_ago` days ago (and
    a little more each), not rated."""
    add_cases(n, tag, overdue=False, status='delivered')
    moment = models.now() - datetime.timedelta(days=days_ago)
    for k, case in enumerate(models.Case.select(models.Case.id)
                             .where(models.Case.number.startswith('PQ-%s-' % tag))
                             .order_by(models.Case.id)):
        models.Case.update(closed_at=moment - datetime.timedelta(minutes=k)).where(
            models.Case.id == case.id).execute()


def tasks(n, closed_every=3):
    """`n` rectification tasks of the demo county hall's cases: every
    `closed_every`th closed, the others open, half of those called back,
    some past their deadline."""
    hall = factories.hall('QL-YX')
    cases = [c.id for c in models.Case.select(models.Case.id)
             .where(models.Case.hall == hall).limit(n)]
    today = models.today()
    moment = models.now()
    rows = [dict(case=case_id, hall=hall.id,
                 created_at=moment - datetime.timedelta(days=20 + k % 300),
                 due_date=today + datetime.timedelta(days=k % 9 - 4),
                 called_back_at=moment if k % 2 else None,
                 closed_at=moment if k % closed_every == 0 else None)
            for k, case_id in enumerate(cases)]
    for start in range(0, len(rows), 200):
        models.FollowUp.insert_many(rows[start:start + 200]).execute()


def reads(database, sql, params, index):
    """The plan reads the index, and no table from end to end (on
    PostgreSQL, with sequential scans made as dear as they go, no Seq Scan)."""
    lines = plan(database, sql, params)
    if isinstance(database, SqliteDatabase):
        assert any(index in line for line in lines), lines
        assert not [line for line in lines if re.match(r'SCAN t\d+$', line)], lines
    else:
        assert not [line for line in lines if 'Seq Scan' in line], lines


@pytest.fixture
def supervised(city):  # noqa: F811
    delivered(600, 'V')
    tasks(900)
    city.execute_sql('ANALYZE')
    return city


def test_the_open_tasks_are_counted_from_their_index(supervised):
    halls = factories.hall('QL').subtree_ids()
    at = models.now()
    with statements(supervised) as run:
        for key in ('callback', 'rectification_late'):
            rule = alerts.RULES[key]
            rule.keys(halls, lambda hall_id, rule=rule: rule.default, at)
    counted = [(sql, params) for sql, params in run if 'FROM "follow_up"' in sql]
    assert len(counted) == 2
    for sql, params in counted:
        reads(supervised, sql, params,
              'COVERING INDEX follow_up_hall_id_closed_at_called_back_at_due_date')


def test_the_reminders_of_a_city_are_read_in_order_from_their_index(supervised):
    halls = factories.hall('QL').subtree_ids()
    with statements(supervised) as run:
        total = models.Evaluation.reminders_upto(halls, 100)
        page = models.Evaluation.reminders_page(halls, 2, 50)
    assert total == 101  # counted no further than the cap
    assert len(page) == 50
    closed = [case.closed_at for case in page]
    assert closed == sorted(closed)
    first = models.Evaluation.reminders_page(halls, 1, 50)
    assert first[-1].closed_at <= page[0].closed_at
    assert not {c.id for c in first} & {c.id for c in page}
    count_sql, page_sql = run[0], run[1]
    reads(supervised, *count_sql, 'COVERING INDEX case_reminders')
    reads(supervised, *page_sql, 'COVERING INDEX case_reminders')


def test_the_appraisal_reads_the_closed_cases_from_their_index(supervised):
    halls = factories.hall('QL').subtree_ids()
    today = models.today()
    with statements(supervised) as run:
        reports.appraisal(halls, today - datetime.timedelta(days=400), today)
    closed = [(sql, params) for sql, params in run
              if sql.startswith('SELECT "t1"."agent_id" AS "unit", COUNT("t1"."id")')
              and 'FROM "case"' in sql]
    assert len(closed) == 14  # one per month, none summed yet
    for sql, params in closed:
        reads(supervised, sql, params, 'COVERING INDEX case_closing')


def test_the_indexes_are_as_the_migration_made_them(supervised):
    found = {index.name: index.columns
             for index in supervised.get_indexes('case')}
    assert found['case_closing'] == ['hall_id', 'closed_at', 'due_date',
                                     'status', 'agent_id']
    assert 'case_hall_id_closed_at_due_date' not in found  # it serves as that
    assert found['case_reminders'] == ['closed_at', 'hall_id', 'is_imported',
                                       'status']
    tasks_ = {index.name: index.columns
              for index in supervised.get_indexes('follow_up')}
    assert tasks_['follow_up_hall_id_closed_at_called_back_at_due_date'] == [
        'hall_id', 'closed_at', 'called_back_at', 'due_date']


def test_the_reminders_cost_the_same_queries_for_10_or_100_rows(
        demo_client, queries):  # noqa: F811
    client = signed_in(demo_client, 'demo-city')
    url = '/portal/cases/follow-ups/reminders'
    delivered(10, 'W')
    few, page = queries.during(client, url)
    shown = page.count('data-case=')
    delivered(90, 'X')
    many, page = queries.during(client, url)
    assert page.count('data-case=') > shown
    assert len(many) == len(few), [sql for sql, _ in many]


def test_the_reminders_say_more_than_the_cap(demo_client, queries, monkeypatch):  # noqa: F811
    monkeypatch.setattr('portal.follow_ups.COUNT_CAP', 20)
    client = signed_in(demo_client, 'demo-city')
    delivered(30, 'Y')
    _, page = queries.during(client, '/portal/cases/follow-ups/reminders')
    assert 'More than 20 cases' in page
    client.post('/lang/zh_Hans_CN')
    _, page = queries.during(client, '/portal/cases/follow-ups/reminders')
    assert '超过 20 件' in page


def test_the_alert_list_shows_a_page_at_a_time(demo_client, queries, monkeypatch):  # noqa: F811
    monkeypatch.setattr('portal.alerts.PER_PAGE', 2)
    client = signed_in(demo_client, 'demo-city')
    scope = factories.hall('QL').subtree_ids()
    found = alerts.raised(scope)
    assert len(found) > 2
    _, first = queries.during(client, '/portal/alerts/')
    assert first.count('<tr data-rule=') - len(alerts.RULES) == 2  # less thresholds
    assert 'page=2' in first
    _, second = queries.during(client, '/portal/alerts/?page=2')
    subjects = re.findall(r'<tr data-rule="(\w+)" data-subject="([^"]*)" data-hall="(\d+)"',
                          first + second)
    assert len(set(subjects)) == 4
    _, beyond = queries.during(client, '/portal/alerts/?page=999')
    assert beyond.count('<tr data-rule=') - len(alerts.RULES) >= 1  # the last page
    _, bad = queries.during(client, '/portal/alerts/?page=abc')
    assert re.findall(r'data-subject="[^"]*" data-hall="\d+"', bad) == \
        re.findall(r'data-subject="[^"]*" data-hall="\d+"', first)


def test_migrating_gathers_every_statistic_when_a_migration_ran(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, 'refresh_statistics',
                        lambda database, full=False: calls.append(full))
    class Runner:
        def __init__(self, database, path):
            pass

        def up(self):
            return applied
    monkeypatch.setattr(cli, 'Runner', Runner)
    for applied in (['0027_supervision_indexes'], []):
        assert cli.run_migrations(object()) == applied
    assert calls == [True, False]
