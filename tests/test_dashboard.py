"""The supervision dashboard: its figures against numbers worked out by hand
from a fixed set of records, the same number of queries whatever the size
of the city, and who may open which hall's page."""
import datetime
import re

import pytest

from peewee import SqliteDatabase

import dashboard
import models
import reports
from seeds import factories as make
from support import statements
from support import full_scans, plan
from hall_day import MONDAY_10AM, TODAY, at, ticket, case, window  # noqa: F401


@pytest.fixture
def city(app, clock):
    """A county hall (CTY) with a town below (TWN) and a hall outside (OTH),
    their windows, tickets of today, kiosks and duties, and cases over the
    year; the hall's clock at 10:00 on Monday 7 December 2026."""
    clock.set(MONDAY_10AM)
    county = make.new_hall('CTY', 'county')
    town = make.new_hall('TWN', 'town', parent=county)
    other = make.new_hall('OTH', 'county')
    w1, w2 = window(county, 1, 'A'), window(county, 2, 'B')
    w3, w4 = window(town, 1, 'C'), window(town, 2, 'D', is_open=False)
    w5 = window(other, 1, 'E')
    # Window 2's A is away with no B: open, but nobody serves it.
    away = models.Agent.create(hall=county, name='甲', employment='full_time')
    models.Post.create(hall=county, window=w2, name='二号岗', agent_a=away,
                       a_away=True)
    # Today's tickets. Waits (issued → first call) and services (first call
    # → finish), in seconds, are worked out in the tests.
    ticket(w1, '09:00', [('call', '09:10'), ('serve', '09:12'),
                         ('finish', '09:25')], 'done')
    ticket(w1, '09:05', [('call', '09:30'), ('serve', '09:31'),
                         ('finish', '09:40')], 'done')
    ticket(w1, '09:20', [('call', '09:40'), ('serve', '09:41')], 'serving')
    ticket(w1, '09:50')
    ticket(w1, '09:55')
    ticket(w3, '09:30', [('call', '09:31'), ('recall', '09:35'),
                         ('serve', '09:36'), ('finish', '10:00')], 'done')
    ticket(w3, '09:40')
    ticket(w5, '08:30')  # another county's queue
    ticket(w2, '16:00', day=TODAY - datetime.timedelta(days=1))  # yesterday's
    # Kiosks: one covered now, one whose helper has left, one never rostered,
    # one switched off, and one in the other county.
    helper = models.Agent.create(hall=county, name='乙', employment='volunteer')
    gone = models.Agent.create(hall=county, name='丙', employment='volunteer')
    covered = models.Kiosk.create(hall=county, name='一号机')
    left = models.Kiosk.create(hall=county, name='二号机')
    models.Kiosk.create(hall=town, name='三号机')
    models.Kiosk.create(hall=town, name='四号机', is_active=False)
    models.Kiosk.create(hall=other, name='五号机')
    models.Shift.create(kiosk=covered, helper=helper, starts_at=at('09:00'),
                        ends_at=at('12:00'))
    models.Shift.create(kiosk=left, helper=gone, starts_at=at('09:00'),
                        ends_at=at('12:00'))
    gone.is_active = False
    gone.save()
    models.Shift.create(kiosk=left, helper=helper, starts_at=at('13:00'),
                        ends_at=at('17:00'))  # later today: not now
    # Cases.
    day = datetime.date
    case('C-01', county, at('10:00', day(2026, 12, 1)),
         at('15:00', day(2026, 12, 3)), day(2026, 12, 5), rating=5)
    case('C-02', town, at('11:00', day(2026, 12, 1)),
         at('16:00', day(2026, 12, 3)), day(2026, 12, 2), rating=2)
    case('C-03', county, at('09:00', day(2026, 12, 3)), None, day(2026, 12, 10))
    case('C-04', county, at('09:00', day(2026, 10, 15)),
         at('17:00', day(2026, 11, 20)), day(2026, 11, 20))
    case('C-05', county, at('09:00', day(2026, 11, 1)),
         at('09:00', day(2026, 12, 7)), None, rating=1, status='terminated')
    case('C-06', other, at('10:00', day(2026, 12, 1)),
         at('15:00', day(2026, 12, 3)), day(2026, 12, 5), rating=5)
    case('C-07', county, at('10:00', day(2025, 12, 15)),
         at('10:00', day(2025, 12, 20)), day(2025, 12, 30), rating=1)
    return dict(county=county, town=town, other=other, windows=(w1, w2, w3, w4, w5),
                kiosks=(covered, left))


def by_key(periods):
    return {p.key: p for p in periods}


def figures(period):
    return (period.received, period.closed, period.on_time_rate,
            period.satisfaction, period.bad)


def test_now_counts_queues_windows_and_kiosks(city):
    board = dashboard.Dashboard(city['county'])
    now = board.now
    w1, w2, w3, w4, _w5 = city['windows']
    assert board.is_rollup
    assert {q.window.id: q.waiting for q in now.queues} == {
        w1.id: 2, w2.id: 0, w3.id: 1, w4.id: 0}
    assert now.waiting == 3
    # Window 1's oldest waits from 09:50, the town's from 09:40.
    assert [(q.window.id, q.longest_wait) for q in now.busiest] == [
        (w1.id, 600), (w3.id, 1200)]
    assert now.longest_wait == 1200 and now.longest.window.id == w3.id
    # Four windows, three open; window 2's post has nobody on it.
    assert (now.windows, now.open, now.staffed) == (4, 3, 2)
    assert sorted(k.name for k in now.uncovered_kiosks) == ['三号机', '二号机']


def test_no_kiosk_is_missing_a_helper_when_the_hall_is_closed(city, clock):
    clock.set('2026-12-06T10:00:00+08:00')  # a Sunday
    assert dashboard.Dashboard(city['county']).now.uncovered_kiosks == []
    clock.set('2026-12-07T08:30:00+08:00')  # before the hall opens at 9
    assert dashboard.Dashboard(city['county']).now.uncovered_kiosks == []
    clock.set('2026-12-07T17:00:00+08:00')  # the helper of 13:00 to 17:00 has left
    assert sorted(k.name for k in dashboard.Dashboard(
        city['county']).now.uncovered_kiosks) == sorted(['一号机', '二号机', '三号机'])


def test_today_counts_tickets_and_times_from_their_events(city):
    today = dashboard.Dashboard(city['county']).today
    assert (today.issued, today.served) == (7, 3)
    # Waits: 600, 1500, 1200 (window 1) and 60 (the town: its first call).
    assert today.wait.count == 4 and today.wait.mean == 840
    assert today.wait.p90 == 1500  # nearest rank: the 4th of 4
    # Services: 900, 600 and 1740 (09:31 to 10:00).
    assert today.service.count == 3 and today.service.mean == 1080
    assert today.service.p90 == 1740
    town = dashboard.Dashboard(city['town']).today
    assert (town.issued, town.served) == (2, 1)
    assert (town.wait.mean, town.wait.p90, town.service.mean) == (60, 60, 1740)


def test_the_90th_percentile_is_the_nearest_rank(app, clock):
    clock.set(MONDAY_10AM)
    hall = make.new_hall('P90', 'county')
    desk = window(hall, 1, 'A')
    for minutes in (7, 3, 11, 1, 9, 5, 2, 10, 4, 8, 6):  # 1 to 11 minutes
        ticket(desk, '08:00', [('call', '08:%02d' % minutes)], 'called')
    wait = dashboard.Dashboard(hall).today.wait
    # Eleven waits: the 90th percentile is the 10th (ceil(0.9 × 11)).
    assert (wait.count, wait.mean, wait.p90) == (11, 360, 600)
    assert dashboard.Dashboard(hall).today.service.count == 0
    assert dashboard.Dashboard(hall).today.service.p90 is None


def test_trends_for_30_days_and_12_months(city):
    board = dashboard.Dashboard(city['county'])
    days = by_key(board.days)
    assert len(board.days) == 30
    assert (board.days[0].key, board.days[-1].key) == ('2026-11-08', '2026-12-07')
    assert figures(days['2026-12-01']) == (2, 0, None, None, 0)
    # C-01 on time and very satisfied; C-02 late and dissatisfied.
    assert figures(days['2026-12-03']) == (1, 2, 50.0, 50.0, 1)
    assert figures(days['2026-11-20']) == (0, 1, 100.0, 0.0, 0)
    # C-05, terminated without a due date: closed, rated very dissatisfied.
    assert figures(days['2026-12-07']) == (0, 1, None, 0.0, 1)
    quiet = [p for k, p in days.items() if k not in (
        '2026-12-01', '2026-12-03', '2026-11-20', '2026-12-07')]
    assert all(figures(p) == (0, 0, None, None, 0) for p in quiet)

    months = by_key(board.months)
    assert [p.key for p in board.months] == ['2026-%02d' % m for m in range(1, 13)]
    assert figures(months['2026-10']) == (1, 0, None, None, 0)
    assert figures(months['2026-11']) == (1, 1, 100.0, 0.0, 0)
    assert figures(months['2026-12']) == (3, 3, 50.0, 33.3, 2)
    assert sum(p.received for p in board.months) == 5  # C-07 is older

    town = by_key(dashboard.Dashboard(city['town']).days)
    assert figures(town['2026-12-01']) == (1, 0, None, None, 0)
    assert figures(town['2026-12-03']) == (0, 1, 0.0, 0.0, 1)


def test_satisfaction_is_the_monthly_forms_formula(city):
    """The trend's satisfaction of a month reads like the form's (附件8)
    for cases registered and closed within that month."""
    _rows, total = reports.monthly_statistics(
        city['county'].subtree_ids(), datetime.date(2026, 12, 1), TODAY)
    # C-01 and C-02 were registered and closed in December: 1 of 2.
    assert total.satisfaction == 50.0
    december = by_key(dashboard.Dashboard(city['county']).months)['2026-12']
    # The trend also counts C-05 (registered in November, closed in December).
    assert (december.satisfied, december.closed) == (1, 3)


def test_the_trends_read_cases_through_their_indexes(city):
    """Received by the statistics index, closed by the closing index (from
    the index alone): no trend reads the whole case table."""
    grow(city, halls=3, per_hall=20)
    database = models.db.obj
    database.execute_sql('ANALYZE')
    hall_ids = city['county'].subtree_ids()
    with statements(database) as run:
        dashboard.trend(hall_ids, TODAY, 'day')
        dashboard.trend(hall_ids, TODAY, 'month')
    assert len(run) == 5  # and the months summed
    for sql, params in run:
        assert not full_scans(database, sql, params), sql
        if isinstance(database, SqliteDatabase) and 'GROUP BY date("t1"."closed_at")' in sql:
            assert any('case_closing' in line
                       for line in plan(database, sql, params)), sql


# --- The page ----------------------------------------------------------------------

def sign_in(client, username):
    response = client.post('/portal/login', data={
        'username': username, 'password': make.PASSWORD})
    assert response.status_code == 302


def tile(html, figure):
    """The value shown on a figure's tile, and where the tile leads."""
    found = re.search(r'<a class="dashboard-tile[^"]*"[^>]*data-figure="%s"[^>]*>'
                      r'.*?<span class="dashboard-value">([^<]*)</span>'
                      % figure, html, re.S)
    assert found, figure
    link = re.search(r'href="([^"]*)"', found.group(0)).group(1)
    return found.group(1).strip(), link


def test_the_page_shows_the_figures_and_links_to_their_lists(app, client, city):
    make.user('cty-manager', 'hall_manager', city['county'])
    sign_in(client, 'cty-manager')
    response = client.get('/portal/dashboard/')
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    w1, _w2, w3, _w4, w5 = city['windows']
    assert tile(html, 'waiting') == ('3', '#dashboard-queues')
    assert tile(html, 'longest-wait') == ('20分00秒',
                                          '/portal/desk/%d' % w3.id)
    assert tile(html, 'windows')[0] == '3 / 2'
    assert tile(html, 'windows')[1].startswith('/portal/windows/')
    assert tile(html, 'kiosks')[0] == '2'
    assert tile(html, 'issued') == ('7', '/display/CTY')
    assert tile(html, 'served')[0] == '3'
    assert tile(html, 'wait')[0] == '14分00秒'
    assert '25分00秒' in html  # the wait's 90th percentile
    assert tile(html, 'service')[0] == '18分00秒'
    assert 'data-window="%d"' % w1.id in html and 'data-window="%d"' % w5.id not in html
    assert '五号机' not in html and '二号机' in html
    # A day's figures open that day's ledger, a month's its statistics.
    assert ('<tr data-period="2026-12-03"><th scope="row"><a href="'
            '/portal/cases/ledger?hall=%d&amp;from=2026-12-03&amp;to=2026-12-03'
            % city['county'].id) in html
    assert ('/portal/stats/?hall=%d&amp;month=2026-12' % city['county'].id) in html
    assert '/portal/cases/follow-ups' in html and '/portal/cases/overdue' in html
    # The charts' data, for the script.
    data = re.search(r"data-dashboard-data='([^']*)'", html).group(1)
    assert '"2026-12-03"' in data.replace('&#34;', '"')
    # The town's own page: its figures alone, reached from the roll-up.
    assert 'href="/portal/dashboard/?hall=%d"' % city['town'].id in html
    town = client.get('/portal/dashboard/?hall=%d' % city['town'].id)
    assert tile(town.get_data(as_text=True), 'issued')[0] == '2'


def grow(city, halls, per_hall):
    """More of everything: `halls` more towns below the county, each with
    windows, a kiosk, waiting and finished tickets and `per_hall` cases."""
    county = city['county']
    for n in range(halls):
        town = make.new_hall('G%03d' % n, 'town', parent=county)
        desk = window(town, 1, 'A')
        window(town, 2, 'B', is_open=False)
        models.Kiosk.create(hall=town, name='自助机%d' % n)
        for k in range(per_hall):
            ticket(desk, '09:%02d' % k, [('call', '09:%02d' % (k + 20)),
                                         ('finish', '09:%02d' % (k + 30))], 'done')
            ticket(desk, '09:%02d' % (k + 1))
            registered = at('09:00', TODAY - datetime.timedelta(days=k * 11))
            case('G%03d-%02d' % (n, k), town, registered,
                 registered + datetime.timedelta(days=3),
                 registered.date() + datetime.timedelta(days=2 + k % 2),
                 rating=1 + k % 5)


def dashboard_queries(client, url):
    client.get(url)  # sign-in, language and caches settled first
    with statements(models.db.obj) as run:
        response = client.get(url)
    assert response.status_code == 200
    return run


def test_the_same_queries_whatever_the_number_of_halls_and_cases(
        app, client, city):
    make.user('cty-manager', 'hall_manager', city['county'])
    sign_in(client, 'cty-manager')
    url = '/portal/dashboard/'
    with statements(models.db.obj) as small:
        dashboard.Dashboard(city['county'])
    small_page = dashboard_queries(client, url)
    grow(city, halls=12, per_hall=20)
    with statements(models.db.obj) as large:
        board = dashboard.Dashboard(city['county'])
    large_page = dashboard_queries(client, url)
    assert board.today.issued == 7 + 12 * 40 and board.now.windows == 4 + 24
    assert sum(p.received for p in board.months) > 5
    assert len(small) == len(large), large
    # The hall tree (read twice outside a request: for the subtree and for
    # the city) and the city's calendar; windows with their queues; their
    # posts; kiosks without a helper; today's counts, waits and services;
    # received and closed by day and by month (and the months summed);
    # complaints (received this month, not answered, past their deadline);
    # requests' time to first contact.
    assert len(large) == 16, "\n".join(sql[:70] for sql, _params in large)
    assert len(small_page) == len(large_page), large_page


# --- Who opens which hall ------------------------------------------------------------

HALL_A, HALL_B = 'QL-YX', 'QL-SM'


def test_anonymous_signs_in_first(demo_client):
    response = demo_client.get('/portal/dashboard/')
    assert response.status_code == 302
    assert response.location.startswith('/portal/login?next=')


@pytest.mark.parametrize('username', ['demo-helper', 'demo-agent'])
def test_agents_and_helpers_do_not_get_the_dashboard(demo_client, username):
    sign_in(demo_client, username)
    assert demo_client.get('/portal/dashboard/').status_code == 403
    hall = make.hall(HALL_A)
    assert demo_client.get('/portal/dashboard/?hall=%d' % hall.id).status_code == 403


@pytest.mark.parametrize('username', ['demo-manager', 'demo-supervisor', 'demo-city'])
def test_readers_open_every_hall_in_scope_and_no_other(demo_client, username):
    sign_in(demo_client, username)
    user = models.User.get(models.User.username == username)
    scope = set(user.scope_hall_ids())
    for hall in models.Hall.select():
        response = demo_client.get('/portal/dashboard/?hall=%d' % hall.id)
        assert response.status_code == (200 if hall.id in scope else 404), (
            username, hall.code)
        if hall.id in scope:
            assert hall.name in response.get_data(as_text=True)
    assert demo_client.get('/portal/dashboard/').status_code == 200
    for bad in ('abc', '999999', '-1', '1.5'):
        assert demo_client.get('/portal/dashboard/?hall=' + bad).status_code == 404


def test_hall_a_manager_is_refused_hall_b(demo_client):
    sign_in(demo_client, 'demo-manager')
    manager = models.User.get(models.User.username == 'demo-manager')
    assert manager.hall.code == HALL_A
    hall_b = make.hall(HALL_B)
    assert demo_client.get('/portal/dashboard/?hall=%d' % hall_b.id).status_code == 404
    page = demo_client.get('/portal/dashboard/').get_data(as_text=True)
    assert hall_b.name not in page
