"""The hall's clock: every time stored, counted and shown is the hall's local
time (TIMEZONE, Asia/Shanghai by default), whatever zone the server's own
clock is set to. Each test here pins the one clock (`models.instant`) and runs
with the process in UTC and in New York, where the date is not the hall's."""
import datetime
import io
import os
import random
import re

import flask_babel
import openpyxl
import pytest

import models
import validators
from app import create_app
from public import booking
from flows import county_kiosk, item, open_case, screen_all, serve_new_applicant, text

# 2027-01-01 04:29 in the hall: still 2026-12-31 in UTC and in New York.
NEW_YEAR = '2026-12-31T20:29:00Z'
NEW_YEAR_HALL = datetime.datetime(2027, 1, 1, 4, 29)
# 2027-01-05 00:30 in the hall, an ordinary Tuesday: still Monday elsewhere,
# and counting from the wrong day would move the due date by a working day.
TUESDAY = '2027-01-04T16:30:00Z'
TUESDAY_HALL = datetime.datetime(2027, 1, 5, 0, 30)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Runs the test with the process's clock in UTC, then in New York.
in_other_zones = pytest.mark.usefixtures('process_zone')


@in_other_zones
def test_the_clock_is_the_halls_whatever_the_process_zone(clock, process_zone):
    moment = clock.set(NEW_YEAR)
    # The process's own local date at that moment is the day before.
    assert moment.astimezone().date() == datetime.date(2026, 12, 31), process_zone
    assert models.now() == NEW_YEAR_HALL
    assert models.today() == datetime.date(2027, 1, 1)
    assert models.seconds() == moment.timestamp()
    assert models.RateHit.current_window(60) == int(moment.timestamp())
    assert models.hall_time(moment) == NEW_YEAR_HALL


def signed_in_at_the_kiosk(terminal):
    """The bound terminal with the demo helper signed in by PIN (after the
    clock was pinned: a session from another moment has long idled out)."""
    response = terminal.post('/kiosk/signin/pin', data={
        'username': 'demo-helper', 'pin': '2468'})
    assert response.headers['Location'].endswith('/kiosk/desk')
    return terminal


def registered_at_the_kiosk(client, seed):
    """A case registered and queued at the county kiosk; with its ticket."""
    serve_new_applicant(client, seed)
    case = open_case(client, item('RSJ-002'))
    screen_all(client, case)
    response = client.post('/kiosk/cases/%d/register' % case.id,
                           data={'service_form': 'assisted'})
    assert response.status_code == 302
    case = models.Case.get_by_id(case.id)
    return case, case.tickets.get()


@pytest.mark.parametrize('moment, hall_time', [(NEW_YEAR, NEW_YEAR_HALL),
                                               (TUESDAY, TUESDAY_HALL)])
@in_other_zones
def test_a_case_registered_after_midnight_in_the_hall_is_of_the_halls_day(
        terminal, clock, moment, hall_time):
    clock.set(moment)
    helper = signed_in_at_the_kiosk(terminal)
    day = hall_time.date()
    case, ticket = registered_at_the_kiosk(helper, seed=81)
    hall = case.hall
    assert case.number == '%s-%s-0001' % (hall.code, day.strftime('%Y%m%d'))
    assert case.registered_at == case.created_at == hall_time
    assert ticket.day == day and ticket.issued_at == hall_time
    assert case.due_date == hall.add_working_days(day, case.time_limit_days)
    if hall.is_workday(day - datetime.timedelta(days=1)) and hall.is_workday(day):
        assert case.due_date != hall.add_working_days(
            day - datetime.timedelta(days=1), case.time_limit_days)
    assert case.working_days_left() == case.time_limit_days
    assert not case.is_overdue()

    # The screen and the desk count it today, the hall's today.
    screen = helper.get('/display/%s/calls.json' % hall.code).get_json()
    assert screen['clock'] == hall_time.isoformat()
    assert sum(w['waiting'] for w in screen['windows']) == 1
    models.Ticket.call_next(ticket.window)
    call = helper.get('/display/%s/calls.json' % hall.code).get_json()['calls'][0]
    assert (call['ticket'], call['at'], call['fresh']) == (
        ticket.label, hall_time.strftime('%H:%M'), True)
    assert models.Ticket.get_by_id(ticket.id).called_at == hall_time


@in_other_zones
def test_statistics_default_to_the_month_before_the_halls_today(auth, demo_client, clock):
    clock.set(NEW_YEAR)
    auth.login('demo-supervisor')
    page = demo_client.get('/portal/stats/').get_data(as_text=True)
    assert 'name="month" value="2026-12"' in page
    assert '2026-12-01' in page and '2026-12-31' in page
    export = demo_client.get('/portal/stats/export.xlsx')
    assert re.search(r'filename=statistics-[\w-]+-2026-12\.xlsx',
                     export.headers['Content-Disposition'])
    sheet = openpyxl.load_workbook(io.BytesIO(export.data)).active
    assert '2026-12-01' in sheet['C2'].value and '2026-12-31' in sheet['C2'].value


@in_other_zones
def test_appointments_are_for_the_halls_days(demo_app, clock):
    clock.set(NEW_YEAR)
    today = datetime.date(2027, 1, 1)
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    window = models.Window.get(models.Window.hall == hall, models.Window.number == 4)
    pension = item('RSJ-002')
    offered = [d['day'] for d in booking.slots(window)]
    assert offered and min(offered) > today
    assert max(offered) <= today + datetime.timedelta(days=booking.BOOKING_DAYS)
    applicant = models.Applicant.find_or_create(
        'person', validators.generate_resident_id(random.Random(5)), '测试约',
        '13900007001')
    with pytest.raises(models.DomainError) as refused:
        models.Appointment.book(window, pension, today, 'am', models.Appointment.booker(
            applicant.name, applicant.id_type, applicant.id_number, '13900007001'))
    assert str(refused.value) == flask_babel.gettext(
        'Appointments can be made from tomorrow on.')

    def appointment(day):
        return models.Appointment.create(
            hall=hall, item=pension, window=window, day=day, half_day='am',
            applicant=applicant, code_hash=models.digest(models.new_code('Y')))
    booked, past = appointment(today), appointment(today - datetime.timedelta(days=1))
    assert not booked.is_expired and past.is_expired
    booked.ensure_usable(hall)
    with pytest.raises(models.DomainError):
        past.ensure_usable(hall)


@in_other_zones
def test_a_portal_session_idles_out_by_the_one_clock(auth, demo_client, clock):
    clock.set(NEW_YEAR)
    auth.login('demo-manager')
    clock.advance(minutes=29)
    assert demo_client.get('/portal/').status_code == 200
    clock.advance(minutes=29)  # 29 minutes after the last request: still in
    assert demo_client.get('/portal/').status_code == 200
    clock.advance(minutes=31)
    response = demo_client.get('/portal/')
    assert response.status_code == 302 and '/portal/login' in response.headers['Location']


@in_other_zones
def test_a_kiosk_idles_out_by_the_one_clock(terminal, demo_app, clock):
    clock.set(NEW_YEAR)
    helper = signed_in_at_the_kiosk(terminal)
    idle = demo_app.config['KIOSK_IDLE_SECONDS']
    assert helper.get('/kiosk/desk').status_code == 200
    clock.advance(seconds=idle - 1)
    assert helper.get('/kiosk/desk').status_code == 200
    clock.advance(seconds=idle + 1)
    response = helper.get('/kiosk/items')
    assert response.headers['Location'].endswith('/kiosk/')


@in_other_zones
def test_a_stored_time_is_shown_as_stored_on_every_page(terminal, demo_app, clock):
    """One way to store, one way to show: each formatting path shows the
    hall's wall-clock time of 04:29, never shifted by a zone."""
    clock.set(NEW_YEAR)
    kiosk = signed_in_at_the_kiosk(terminal)
    kiosk.post('/lang/en', data={'next': '/kiosk/'})
    case, ticket = registered_at_the_kiosk(kiosk, seed=82)
    assert case.registered_at == NEW_YEAR_HALL
    shown = '2027-01-01 04:29'

    receipt = text(kiosk.get('/kiosk/cases/%d/receipt' % case.id))
    assert shown in receipt
    assert '2027-01-01' in text(kiosk.get('/kiosk/cases/%d/application' % case.id))
    code = re.search(r'/p/(R[A-Za-z0-9_-]{22})', receipt).group(1)
    progress = text(kiosk.get('/p/' + code))
    assert shown in progress and 'datetime="2027-01-01T04:29:00"' in progress

    portal = terminal
    portal.post('/portal/login', data={'username': 'demo-manager',
                                       'password': 'bangban-demo'})
    portal.post('/lang/en', data={'next': '/portal/'})
    desk = portal.get('/portal/desk/%d/state.json' % ticket.window_id).get_json()
    assert [t['issued_at'] for t in desk['queue'] if t['id'] == ticket.id] == ['04:29']
    board = portal.get('/display/%s' % case.hall.code).get_data(as_text=True)
    assert 'data-hall-clock="2027-01-01T04:29:00"' in board and shown in board
    models.Ticket.call_next(ticket.window)
    assert portal.get('/display/%s/calls.json' % case.hall.code).get_json()[
        'calls'][0]['at'] == '04:29'
    assert shown in text(portal.get('/portal/cases/%d' % case.id))
    assert shown in text(portal.get('/portal/cases/?q=%s' % case.number))
    ledger = text(portal.get('/portal/cases/ledger?from=2027-01-01&to=2027-01-01'))
    assert case.number in ledger and '2027-01-01' in ledger
    case.terminate('申请人撤回')
    assert '2027 / 1 / 1' in text(portal.get(
        '/portal/cases/%d/forms/termination' % case.id))

    # Flask-Admin lists show stored values as they are (str of a naive time).
    assert portal.post('/portal/kiosks/token/',
                       data={'id': county_kiosk().id}).status_code == 200
    assert shown in text(portal.get('/portal/kiosks/'))
    audit = text(portal.get('/portal/audit/?sort=0&desc=1'))
    assert '2027-01-01 04:29:00' in audit
    token_entry = (models.AuditLog.select()
                   .where(models.AuditLog.action == 'token')
                   .order_by(models.AuditLog.id.desc()).get())
    assert token_entry.at == NEW_YEAR_HALL
    assert '"token_issued_at": "2027-01-01 04:29:00"' in token_entry.after

    # flask-babel, were a template to use it, leaves naive times unshifted.
    with demo_app.test_request_context('/'):
        assert flask_babel.format_datetime(NEW_YEAR_HALL, 'yyyy-MM-dd HH:mm') == shown
        assert flask_babel.format_time(NEW_YEAR_HALL, 'HH:mm') == '04:29'
        assert flask_babel.format_date(NEW_YEAR_HALL, 'yyyy-MM-dd') == '2027-01-01'


def test_a_babel_zone_that_would_shift_times_twice_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(models, 'HALL_ZONE', models.HALL_ZONE)
    config = {'TESTING': True, 'SECRET_KEY': 'x',
              'DATABASE_URL': 'sqlite:///%s' % (tmp_path / 'x.db')}
    with pytest.raises(ValueError, match='TIMEZONE'):
        create_app(dict(config, BABEL_DEFAULT_TIMEZONE='Asia/Shanghai'))
    with pytest.raises(ValueError, match='unknown time zone'):
        create_app(dict(config, TIMEZONE='Asia/Beijing'))
    with pytest.raises(ValueError, match='unknown time zone'):
        create_app(dict(config, TIMEZONE='../../etc/passwd'))


@in_other_zones
def test_the_hall_zone_is_one_setting(tmp_path, monkeypatch, clock):
    monkeypatch.setattr(models, 'HALL_ZONE', models.HALL_ZONE)
    clock.set(NEW_YEAR)
    app = create_app({'TESTING': True, 'SECRET_KEY': 'x', 'TIMEZONE': 'Asia/Urumqi',
                      'DATABASE_URL': 'sqlite:///%s' % (tmp_path / 'x.db')})
    assert models.now() == datetime.datetime(2027, 1, 1, 2, 29)  # UTC+6
    health = app.test_client().get('/healthz').get_json()
    assert (health['time_zone'], health['hall_time']) == ('Asia/Urumqi',
                                                           '2027-01-01T02:29:00')


# Ways of reading a clock or a zone other than through models.instant(): the
# server's own zone (naive now/today, local time, .timestamp() of a naive
# time, astimezone() without a zone), the database server's clock, and a
# browser's own clock. This file, which names them, is not searched.
PYTHON_CLOCKS = [r'\bdatetime\.now\(', r'\bdate\.today\(', r'\bdatetime\.today\(',
                 r'\butcnow\(', r'\btime\.time\(', r'\btime\.localtime\(',
                 r'\btime\.mktime\(', r'\btime\.ctime\(', r'fromtimestamp\(',
                 r'\.timestamp\(\)', r'\.astimezone\(\)',
                 r'CURRENT_DATE', r'CURRENT_TIMESTAMP', r'LOCALTIMESTAMP',
                 r"'now'"]
TEST_CLOCKS = PYTHON_CLOCKS[:4]  # tests may time their own waits
BROWSER_CLOCKS = [r'new Date\(\s*\)', r'\bDate\.now\(']
# The one reading of the system clock, and the durations derived from it.
ALLOWED = {
    ('models.py', 'return datetime.datetime.now(datetime.timezone.utc)'),
    ('models.py', 'return instant().timestamp()'),
    ('static/js/hall_clock.js', 'if (hall === null) { return Date.now(); }'),
}


def _sources():
    skip = {'.venv', '.git', 'node_modules', 'vendor', 'test-artifacts',
            'instance', '.hypothesis', 'bench'}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in files:
            path = os.path.join(folder, name)
            yield os.path.relpath(path, ROOT), path


def test_nothing_else_reads_the_clock():
    """Every time comes from models.instant(), in the hall's zone; a stray
    date.today() is right only when the server happens to share that zone."""
    found = []
    for relative, path in _sources():
        if relative == os.path.join('tests', 'test_clock.py'):
            continue
        if relative.endswith('.py'):
            patterns = TEST_CLOCKS if relative.startswith('tests/') else PYTHON_CLOCKS
        elif relative.endswith(('.js', '.html')):
            patterns = BROWSER_CLOCKS
        else:
            continue
        with open(path, encoding='utf-8') as fh:
            for number, line in enumerate(fh, 1):
                if (relative, line.strip()) in ALLOWED:
                    continue
                if any(re.search(p, line) for p in patterns):
                    found.append('%s:%d: %s' % (relative, number, line.strip()))
    assert found == []
