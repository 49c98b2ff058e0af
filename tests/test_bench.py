"""The benchmark's instruments: the generated city is consistent (counts,
relations, each case's history ending where the case stands), the product
keeps working on it, and the runner starts."""
import os
import random
import subprocess
import sys
import uuid

import psycopg2
import pytest
from peewee import JOIN, fn

import models
import validators
from app import create_app
from support import ROOT

sys.path.insert(0, os.path.join(ROOT, 'bench'))
import data  # noqa: E402

CASES = 300
PG_URL = os.environ.get('TEST_DATABASE_URL', '')


@pytest.fixture(scope='module')
def city(tmp_path_factory):
    """A generated city of CASES cases, and an app bound to it."""
    if PG_URL:
        url = PG_URL.rsplit('/', 1)[0] + '/bangban_bench_%s' % uuid.uuid4().hex[:8]
    else:
        url = 'sqlite:///%s' % (tmp_path_factory.mktemp('bench') / 'city.db')
    counts = data.build(url, CASES, reset=True, quiet=True)
    app = create_app({'TESTING': True, 'SECRET_KEY': 'test', 'DATABASE_URL': url})
    with app.app_context():
        models.db.connect(reuse_if_open=True)
        yield counts
        models.db.close()
    app.extensions['database'].close()
    if PG_URL:
        connection = psycopg2.connect(PG_URL)
        connection.autocommit = True
        connection.cursor().execute('DROP DATABASE IF EXISTS %s WITH (FORCE)'
                                    % url.rsplit('/', 1)[1])
        connection.close()


def test_counts_match_what_was_loaded(city):
    assert city['Case'] == CASES == models.Case.select().count()
    for name in ('CaseEvent', 'Evaluation', 'CaseFlow', 'Ticket', 'ReceiptCode',
                 'Applicant'):
        assert getattr(models, name).select().count() == city[name] > 0, name


def test_halls_at_all_four_levels_each_under_the_level_above(city):
    levels = dict(models.Hall.select(models.Hall.level, fn.COUNT(models.Hall.id))
                  .group_by(models.Hall.level).tuples())
    assert set(levels) == {'city', 'county', 'town', 'village'}
    assert levels['village'] > levels['town'] > levels['county'] > levels['city'] == 1
    Parent = models.Hall.alias()
    above = {'county': 'city', 'town': 'county', 'village': 'town'}
    for level, parent_level in (models.Hall
                                .select(models.Hall.level, Parent.level)
                                .join(Parent, on=(models.Hall.parent == Parent.id))
                                .tuples()):
        assert above[level] == parent_level
    without_window = (models.Hall.select().join(models.Window, JOIN.LEFT_OUTER)
                      .where(models.Window.id.is_null()).count())
    assert without_window == 0


def test_every_case_history_ends_where_the_case_stands(city):
    last = {}
    for case_id, action, to_status in (models.CaseEvent
                                       .select(models.CaseEvent.case,
                                               models.CaseEvent.action,
                                               models.CaseEvent.to_status)
                                       .order_by(models.CaseEvent.at,
                                                 models.CaseEvent.id).tuples()):
        if case_id not in last:
            assert action == 'open'
        last[case_id] = to_status
    statuses = dict(models.Case.select(models.Case.id, models.Case.status).tuples())
    assert last == statuses
    assert {'archived', 'in_handling', 'terminated', 'refused'} <= set(statuses.values())


def test_dates_follow_the_flow(city):
    for case in models.Case.select():
        registered = case.status in data.REGISTERED
        assert (case.registered_at is not None) == registered, case.number
        assert (case.due_date is not None) == registered
        if registered:
            assert case.created_at <= case.registered_at
            assert case.due_date >= case.registered_at.date()
        if case.status in data.CLOSED:
            assert case.closed_at is not None and case.closed_at >= case.registered_at
        else:
            assert case.closed_at is None
        if case.origin_hall_id != case.hall_id:
            assert models.Hall.get_by_id(case.origin_hall_id).parent_id == case.hall_id


def test_ratings_flows_and_tickets_belong_to_their_cases(city):
    rated = (models.Evaluation.select(models.Case.status).join(models.Case)
             .tuples())
    assert {status for status, in rated} <= {'evaluated', 'archived'}
    assert (models.Case.select().where(models.Case.status == 'evaluated').count()
            <= models.Evaluation.select().count())
    bad = models.Evaluation.select().where(models.Evaluation.rating < 3).count()
    assert models.FollowUp.select().count() == bad
    unregistered_flows = (models.CaseFlow.select().join(models.Case)
                          .where(models.Case.registered_at.is_null()).count())
    assert unregistered_flows == 0
    wrong_hall = (models.Ticket.select().join(models.Window)
                  .where(models.Window.hall != models.Ticket.hall).count())
    assert wrong_hall == 0


def test_the_product_keeps_working_on_the_generated_city(city):
    """New records take the next ids (PostgreSQL's sequences were moved
    past the generated ones) and the case numbers of today are free."""
    hall = models.Hall.get(models.Hall.code == 'QL-C01-T01')
    item = models.Item.select().where(models.Item.levels.contains('town')).first()
    number = validators.generate_resident_id(random.Random(7), region='150402')
    applicant = models.Applicant.find_or_create('resident_id', number, '测试',
                                                '13900006001')
    case, code = models.Case.open(hall, applicant, item.service_forms[0], 'window',
                                  item=item)
    assert case.id > CASES and models.Case.by_receipt(code) == case
    known = models.Case.get_by_id(CASES // 2)
    assert models.Case.by_receipt(data.receipt_code(known.id)) == known


def test_the_runner_explains_itself():
    done = subprocess.run([sys.executable, os.path.join(ROOT, 'bench', 'run.py'),
                           '--help'], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert '--json' in done.stdout and '--sizes' in done.stdout
