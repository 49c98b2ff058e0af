"""Public reads stay cheap at any scale: they never write, their cost does
not grow with the rows they show, and a request reuses its worker's
connection."""
import datetime
import os
import re
import shutil
import time

import pytest
from peewee import SqliteDatabase, fn

import models
from flows import HALL
from support import statements

WRITE = re.compile(r'^\s*(INSERT|UPDATE|DELETE|REPLACE)\b', re.I)


def queries(app, client, url):
    """How many statements one GET of `url` runs; it must answer 200."""
    with statements(app.extensions['database']) as seen:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(seen)


def receipt(status='registered'):
    case = (models.Case.select().where(models.Case.status == status)
            .order_by(models.Case.id).first())
    return case, case.issue_receipt()


def hall(code=HALL):
    return models.Hall.get(models.Hall.code == code)


# --- Reads never write --------------------------------------------------------

def read_addresses():
    case, code = receipt()
    return ['/p/' + code, '/p/R-no-such-code', '/display/%s' % HALL,
            '/display/%s/calls.json' % HALL, '/book/', '/book/%s/' % HALL,
            '/book/a/Y-no-such-code', '/healthz']


def test_reads_write_nothing_however_often_they_come(make_app):
    app = make_app('demo', PUBLIC_RATE_LIMIT=(1000, 60))
    client = app.test_client()
    urls = read_addresses()
    with statements(app.extensions['database']) as seen:
        for _ in range(5):
            for url in urls:
                assert client.get(url).status_code in (200, 404), url
    assert seen, 'the reads ran no statement: the counter counts nothing'
    assert [sql for sql, _ in seen if WRITE.match(sql)] == []


def test_reads_past_their_limit_get_the_translated_page_and_write_nothing(make_app):
    app = make_app('demo', READ_RATE_LIMIT=(3, 3600),
                   DISPLAY_POLL_LIMIT=(4, 3600))
    client = app.test_client()
    case, code = receipt()
    with statements(app.extensions['database']) as seen:
        assert [client.get('/p/' + code).status_code
                for _ in range(4)] == [200, 200, 200, 429]
        assert [client.get('/display/%s/calls.json' % HALL).status_code
                for _ in range(5)] == [200] * 4 + [429]
        refused = client.get('/book/a/Y-no-such-code')
        for _ in range(3):
            refused = client.get('/book/a/Y-no-such-code')
    assert refused.status_code == 429
    assert '请求过于频繁' in refused.get_data(as_text=True)
    assert [sql for sql, _ in seen if WRITE.match(sql)] == []
    # Another client has its own count.
    assert client.get('/p/' + code, environ_base={
        'REMOTE_ADDR': '10.1.2.3'}).status_code == 200


def test_a_rating_is_still_limited_in_the_database(make_app):
    """The rating form writes anyway: its limit is shared by every worker."""
    app = make_app('demo', PUBLIC_RATE_LIMIT=(2, 3600))
    client = app.test_client()
    case, code = receipt('delivered')
    answers = [client.post('/p/' + code, data={'rating': 'x'}).status_code
               for _ in range(3)]
    assert answers == [303, 303, 429]
    assert models.RateHit.select().where(
        models.RateHit.key.startswith('progress:')).exists()


# --- The hall screen's cost is flat ----------------------------------------------

def open_tickets(n, code=HALL):
    """`n` waiting tickets today at the hall's open windows, in bulk."""
    windows = list(hall(code).windows.where(models.Window.is_open == True))  # noqa: E712
    today = models.today()
    start = (models.Ticket.select(fn.MAX(models.Ticket.number))
             .where(models.Ticket.hall == hall(code),
                    models.Ticket.day == today).scalar() or 0) + 1
    rows = [dict(hall=hall(code), day=today, prefix='Z', number=start + i,
                 window=windows[i % len(windows)], status='waiting')
            for i in range(n)]
    with models.db.atomic():
        for batch in range(0, n, 100):
            models.Ticket.insert_many(rows[batch:batch + 100]).execute()


def test_the_feed_runs_the_same_queries_for_10_and_1000_open_tickets(demo_app, demo_client):
    url = '/display/%s/calls.json' % HALL
    open_tickets(10)
    few = queries(demo_app, demo_client, url)
    waiting = sum(w['waiting'] for w in demo_client.get(url).get_json()['windows'])
    open_tickets(990)
    assert queries(demo_app, demo_client, url) == few
    after = sum(w['waiting'] for w in demo_client.get(url).get_json()['windows'])
    assert after == waiting + 990


def test_the_feed_counts_waiting_tickets_by_the_index(demo_app):
    database = demo_app.extensions['database']
    if not isinstance(database, SqliteDatabase):
        pytest.skip('SQLite query plans')
    from kiosk import display
    with demo_app.test_request_context():
        with statements(demo_app.extensions['database']) as seen:
            display.board(hall())
    counting = next(sql for sql, _ in seen if 'COUNT' in sql.upper())
    today = models.today().isoformat()
    plan = ' '.join(row[-1] for row in database.execute_sql(
        'EXPLAIN QUERY PLAN ' + counting, (hall().id, today, 'waiting')))
    assert 'COVERING INDEX ticket_hall_id_day_status_window_id' in plan, plan


# --- One connection a worker ---------------------------------------------------

def test_requests_reuse_the_connection_and_its_pragmas(demo_app, demo_client):
    database = demo_app.extensions['database']
    opened = []
    original = database._connect

    def connect():
        conn = original()
        opened.append(conn)
        return conn

    database._connect = connect
    try:
        with statements(demo_app.extensions['database']) as seen:
            for _ in range(5):
                assert demo_client.get('/healthz').status_code == 200
    finally:
        del database._connect
    assert len({id(conn) for conn in opened}) <= 1
    assert not [sql for sql, _ in seen if 'PRAGMA' in sql.upper()]
    assert sum('SELECT 1' in sql for sql, _ in seen) == 5  # still asks each time


def test_a_database_file_replaced_while_serving_is_opened_anew(app, tmp_path):
    database = app.extensions['database']
    if not isinstance(database, SqliteDatabase):
        pytest.skip('SQLite files')
    client = app.test_client()
    assert client.get('/healthz').status_code == 200
    copy = tmp_path / 'copy.db'
    database.execute_sql('PRAGMA wal_checkpoint(TRUNCATE)')
    shutil.copy(database.database, copy)
    with database.connection_context():
        models.Hall.create(code='NEW', name='new', level='city')
    os.replace(copy, database.database)
    for suffix in ('-wal', '-shm'):
        if os.path.exists(database.database + suffix):
            os.remove(database.database + suffix)
    with app.test_request_context():
        database.connect(reuse_if_open=True)
        assert not models.Hall.select().where(models.Hall.code == 'NEW').exists()
        database.close()


# --- The planner's statistics --------------------------------------------------

def test_analyze_measures_every_table_after_a_bulk_load(demo_app):
    items = models.Item.select().count()
    result = demo_app.test_cli_runner().invoke(args=['analyze'])
    assert result.exit_code == 0, result.output
    database = demo_app.extensions['database']
    if isinstance(database, SqliteDatabase):
        stat = database.execute_sql(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'item'").fetchone()[0]
        assert int(stat.split()[0]) == items
    else:
        assert database.execute_sql(
            "SELECT reltuples FROM pg_class WHERE relname = 'item'"
        ).fetchone()[0] == items


# --- Listing pages fetch related rows with the list ------------------------------

def test_the_items_of_a_hall_cost_the_same_for_few_and_many(demo_app, demo_client):
    few = queries(demo_app, demo_client, '/book/%s/?q=%s' % (HALL, '失业'))
    everything = queries(demo_app, demo_client, '/book/%s/' % HALL)
    page = demo_client.get('/book/%s/' % HALL).get_data(as_text=True)
    assert page.count('class="choice-link"') > 10
    assert everything == few


def test_the_progress_page_costs_the_same_for_3_and_30_steps(demo_app, demo_client):
    case, code = receipt()
    url = '/p/' + code
    departments = list(models.Department.select().limit(12))

    def add(n, start):
        for i in range(start, start + n):
            models.CaseEvent.insert(case=case, action='flow', at=models.now(),
                                    params='').execute()
            if i < len(departments):
                models.CaseFlow.insert(case=case, department=departments[i],
                                       hall=case.hall).execute()

    add(3, 0)
    few = queries(demo_app, demo_client, url)
    add(27, 3)
    many = queries(demo_app, demo_client, url)
    page = demo_client.get(url).get_data(as_text=True)
    assert page.count(departments[-1].name) >= 1
    assert many == few


def test_the_slot_page_costs_the_same_for_3_and_30_days(demo_app, demo_client,
                                                       monkeypatch):
    from flows import ITEM, next_workday
    from public import booking
    url = '/book/%s/%s/' % (HALL, ITEM)
    monkeypatch.setattr(booking, 'BOOKING_DAYS', 3)
    few = queries(demo_app, demo_client, url)
    monkeypatch.setattr(booking, 'BOOKING_DAYS', 30)
    many = queries(demo_app, demo_client, url)
    assert many == few
    day = next_workday(hall(), after=models.today() + datetime.timedelta(days=20))
    assert 'value="%s:am"' % day.isoformat() in \
        demo_client.get(url).get_data(as_text=True)


def test_a_connection_the_server_ended_is_not_handed_to_a_request(demo_app, demo_client):
    database = demo_app.extensions['database']
    if isinstance(database, SqliteDatabase):
        pytest.skip('PostgreSQL connections')
    import psycopg2
    assert demo_client.get('/healthz').status_code == 200
    idle = [conn for _, _, conn in database._connections]
    assert len(idle) == 1  # the request gave its connection back
    other = psycopg2.connect(demo_app.config['DATABASE_URL'])
    other.autocommit = True
    try:
        other.cursor().execute('SELECT pg_terminate_backend(%s)',
                               (idle[0].get_backend_pid(),))
    finally:
        other.close()
    for _ in range(50):  # until the server's notice has reached the socket
        if idle[0].closed or database._is_closed(idle[0]):
            break
        time.sleep(0.02)
    assert demo_client.get('/display/%s/calls.json' % HALL).status_code == 200
