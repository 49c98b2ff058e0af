"""What keeps the public reads cheap (issue 11): queries whose SQL is
written once a process, calendars reused by the rows they were made from,
read limits counted in a dictionary, the session's serializer made once.
Counted in statements and objects, never timed."""
import datetime

import pytest

import models
import web
from flows import HALL
from prepared import Prepared
from support import statements


def forget_kept_reads():
    """Drop the reads kept while nothing changes (tests/test_unchanged_reads.py
    counts those): the queries counted are the ones a read makes."""
    from kiosk import display
    for cache in (web.PAGES, web._HEALTH, display._READS):
        cache.clear()


def hall(code=HALL):
    return models.Hall.get(models.Hall.code == code)


# --- Prepared queries ---------------------------------------------------------

def test_a_prepared_query_is_written_once_and_runs_with_each_calls_values(demo_app):
    built = []

    def build(code):
        built.append(code)
        return models.Hall.select(models.Hall.id).where(
            models.Hall.code == code).tuples()
    query = Prepared(build, 'sample:hall')
    with demo_app.app_context():
        first = query(models.db, HALL)
        other = query(models.db, 'QL')
        nothing = query(models.db, "x' OR '1'='1")
        assert first == [(hall().id,)]
        assert other == [(hall('QL').id,)]
        assert nothing == []
    assert built == ['sample:hall']  # built once, for this kind of database


def test_a_prepared_query_reads_models_as_the_query_would(demo_app):
    query = Prepared(lambda code: models.Hall.select()
                     .where(models.Hall.code == code), 'sample:hall')
    with demo_app.app_context():
        found = query.first(models.db, HALL)
        assert isinstance(found, models.Hall) and found.id == hall().id
        assert found.opens_at == hall().opens_at  # converted as peewee does
        assert query.first(models.db, 'no such hall') is None


def test_a_sample_that_does_not_reach_the_sql_is_refused(demo_app):
    # A value peewee changes on the way (or one that is not used) cannot be
    # put back in its place: refused at once, not run with the sample.
    query = Prepared(lambda code: models.Hall.select().where(
        models.Hall.code == 'fixed'), 'sample:hall')
    with demo_app.app_context(), pytest.raises(ValueError):
        query(models.db, HALL)


def test_a_sample_used_twice_takes_the_value_in_both_places(demo_app):
    query = Prepared(lambda code: models.Hall.select(models.Hall.id).where(
        (models.Hall.code == code) | (models.Hall.name == code)).tuples(),
        'sample:hall')
    with demo_app.app_context():
        assert query(models.db, HALL) == [(hall().id,)]
        assert query(models.db, hall().name) == [(hall().id,)]


# --- The applicant's page -------------------------------------------------------

def test_a_receipt_opens_its_case_with_applicant_and_hall_in_one_query(demo_app):
    with demo_app.app_context():
        case = models.Case.select().where(models.Case.status == 'registered').first()
        code = case.issue_receipt()
        with statements(demo_app.extensions['database']) as seen:
            found = models.Case.by_receipt(code)
            names = found.applicant.name, found.hall.name
        assert found.id == case.id
        assert names == (case.applicant.name, case.hall.name)
        assert len(seen) == 1
        newer = case.issue_receipt()
        assert models.Case.by_receipt(code) is None  # revoked
        assert models.Case.by_receipt(newer).id == case.id
        assert models.Case.by_receipt('R-' + 'x' * 70) is None


def test_the_progress_page_runs_a_fixed_set_of_queries_none_of_them_twice(demo_app, demo_client):
    with demo_app.app_context():
        case = models.Case.select().where(models.Case.status == 'registered').first()
        code = case.issue_receipt()
    demo_client.get('/p/' + code)
    forget_kept_reads()  # what a page costs when it is made
    with statements(demo_app.extensions['database']) as seen:
        response = demo_client.get('/p/' + code)
    assert response.status_code == 200
    # The case (with applicant and hall), its ticket, steps, window,
    # departments, materials (read once for missing and promised), the hall
    # tree, the calendar, the rating and the results.
    assert len(seen) <= 10, [sql for sql, _ in seen]
    assert sum('"case_material"' in sql for sql, _ in seen) == 1
    tables = [sql.split(' FROM ')[1].split()[0] for sql, _ in seen if ' FROM ' in sql]
    assert '"applicant"' not in tables and '"receipt_code"' not in tables


# --- Calendars -----------------------------------------------------------------

def test_a_calendar_is_reused_until_its_rows_change(demo_app):
    with demo_app.app_context():
        city = hall('QL').id
        first = models.CityCalendar.load(city)
        first.working_days_between(None, models.today(), models.today()
                                   + datetime.timedelta(days=30))
        assert models.CityCalendar.load(city) is first  # the days counted kept
        day = models.today() + datetime.timedelta(days=10)
        while first.is_workday(day):
            day += datetime.timedelta(days=1)
        models.Holiday.create(city=city, day=day, kind='workday', note='x')
        changed = models.CityCalendar.load(city)
        assert changed is not first and changed.is_workday(day)
        assert not first.is_workday(day)


# --- Health check ----------------------------------------------------------------

def test_healthz_runs_select_1_the_cities_and_one_calendar_query_each(demo_app, demo_client):
    demo_client.get('/healthz')
    forget_kept_reads()
    with statements(demo_app.extensions['database']) as seen:
        response = demo_client.get('/healthz')
    assert response.status_code == 200
    with demo_app.app_context():
        cities = models.Hall.select().where(models.Hall.parent.is_null()).count()
    assert len(seen) == 2 + cities, [sql for sql, _ in seen]
    assert 'calendar' in response.get_json()['details']


# --- The display feed ------------------------------------------------------------

def test_the_feed_runs_five_queries(demo_app, demo_client):
    url = '/display/%s/calls.json' % HALL
    demo_client.get(url)
    forget_kept_reads()
    with statements(demo_app.extensions['database']) as seen:
        assert demo_client.get(url).status_code == 200
    assert len(seen) == 5, [sql for sql, _ in seen]
    assert demo_client.get('/display/NO-SUCH-HALL/calls.json').status_code == 404


def test_the_feed_shows_a_call_made_after_its_queries_were_prepared(demo_app, demo_client):
    url = '/display/%s/calls.json' % HALL
    before = demo_client.get(url).get_json()
    with demo_app.app_context():
        window = hall().windows.where(models.Window.is_open == True).first()  # noqa: E712
        models.Ticket.issue(window)
        ticket = models.Ticket.call_next(window)
        label = ticket.label
    after = demo_client.get(url).get_json()
    assert after['calls'][0]['ticket'] == label
    assert after['calls'][0]['id'] != (before['calls'][0]['id'] if before['calls'] else None)
    shown = {w['number']: w for w in after['windows']}
    assert shown[window.number]['current'] == label


# --- Read limits ---------------------------------------------------------------------

def test_read_limits_count_per_key_in_fixed_windows(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(web.time, 'monotonic', lambda: now[0])
    limits = web.ReadLimits()
    assert [limits.allow(('p', 'a'), 2, 60) for _ in range(3)] == [True, True, False]
    assert limits.allow(('p', 'b'), 2, 60)  # another client
    assert limits.allow(('feed', 'a'), 2, 60)  # another endpoint
    now[0] = 1080.0  # the next window
    assert limits.allow(('p', 'a'), 2, 60)
    limits.reset()
    assert limits.counts == {}


def test_read_limits_drop_past_windows_once_a_minute(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(web.time, 'monotonic', lambda: now[0])
    limits = web.ReadLimits()
    for n in range(50):
        limits.allow(('p', 'client-%d' % n), 5, 60)
    now[0] = 1200.0  # more than SWEEP_SECONDS later: this request sweeps
    limits.allow(('p', 'new'), 5, 60)
    assert list(limits.counts) == [('p', 'new', 60)]


def test_a_poll_checks_its_limit_without_flask_limiter(demo_app):
    # Reads are limited by web.ReadLimits alone: no second limiter runs
    # its hooks on every request.
    assert 'limiter' not in demo_app.extensions
    assert isinstance(demo_app.extensions['read_limits'], web.ReadLimits)


# --- The session ---------------------------------------------------------------------

def test_the_session_serializer_is_made_once_and_anew_for_a_new_key(app):
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    old = app.secret_key
    try:
        app.secret_key = 'another-key-for-this-test'
        other = interface.get_signing_serializer(app)
        assert other is not first
        signed = other.dumps({'a': 1})
        assert interface.get_signing_serializer(app).loads(signed) == {'a': 1}
    finally:
        app.secret_key = old
    assert interface.get_signing_serializer(app).loads(first.dumps({'b': 2})) == {'b': 2}


# --- The benchmark's kiosk helper --------------------------------------------------

def _ambiguous_resident_id():
    """A resident ID number that is also a valid unified social credit
    code (about one in 300 generated): the kiosk asks which it is."""
    import random

    import validators
    from kiosk import scan
    rng = random.Random(11)
    while True:
        number = validators.generate_resident_id(rng, region='150402')
        found = scan.parse(number)
        if found is not None and found.kind == 'choose':
            return number


def test_the_benchmark_helper_registers_a_number_the_kiosk_asks_about(demo_app, live_server):
    import os
    import sys

    from flask import Flask

    from support import ROOT
    sys.path.insert(0, os.path.join(ROOT, 'bench'))
    import kiosk_client
    with demo_app.test_request_context():
        number = _ambiguous_resident_id()
    with demo_app.app_context():
        yx = hall()
        kiosk = yx.kiosks.first()
        token = kiosk.issue_token()
        helper = (models.User.select()
                  .where(models.User.hall == yx, models.User.role == 'helper')
                  .first())
        item = next(i for i in models.Item.select().order_by(models.Item.id)
                    if yx.offers(i) and 'assisted' in i.service_forms
                    and i.materials.count() and yx.window_for(item=i) is not None
                    and yx.handling_hall(i).id == yx.id)
        before = models.Case.select().count()
    signer = Flask(__name__)
    signer.secret_key = 'live-test-secret'  # the live server's (support.py)
    cookie = signer.session_interface.get_signing_serializer(signer).dumps(
        {'kiosk': {'id': kiosk.id, 'seen': models.seconds(), 'user': helper.id}})
    client = kiosk_client.Helper(live_server.port, {
        'bangban_kiosk': token, 'session': cookie}, 1)
    import validators
    numbers = iter([number])
    original = validators.generate_resident_id
    validators.generate_resident_id = lambda rng, region: next(numbers)
    try:
        outcome = client.register_case(item.id)
    finally:
        validators.generate_resident_id = original
    assert outcome.startswith('/kiosk/cases/')
    assert '/kiosk/document' in [path for _, path in client.timings]
    with demo_app.app_context():
        assert models.Case.select().count() == before + 1
        applicant = models.Applicant.get(models.Applicant.id_number == number)
        assert applicant.id_type == 'resident_id'


def test_a_setting_comes_from_the_environment(make_app, monkeypatch):
    """BANGBAN_<NAME> sets a setting (JSON where it is not text): how the
    live test server gives its one busy client room in the read limits."""
    monkeypatch.setenv('BANGBAN_READ_RATE_LIMIT', '[7, 60]')
    app = make_app('empty')
    assert list(app.config['READ_RATE_LIMIT']) == [7, 60]
