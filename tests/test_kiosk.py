"""The terminal through the test client: binding, sign-in, idle reset, and
what a scan may and may not do."""
import datetime
import random
import re
import time

import pytest

import models
import validators
from flows import bind, county_kiosk, english, kiosk_at, text
from kiosk.terminal import COOKIE


# --- Binding ---------------------------------------------------------------

def test_an_unbound_terminal_is_sent_to_binding(demo_client):
    for url in ('/kiosk/', '/kiosk/desk', '/kiosk/items'):
        response = demo_client.get(url)
        assert response.status_code == 302
        assert response.headers['Location'].endswith('/kiosk/bind')


def test_a_manager_binds_with_a_long_lived_httponly_cookie(demo_client):
    kiosk = county_kiosk()
    response = bind(demo_client, kiosk.issue_token())
    cookie = response.headers['Set-Cookie']
    assert cookie.startswith(COOKIE + '=K')
    assert 'HttpOnly' in cookie and 'Path=/kiosk' in cookie
    assert int(re.search(r'Max-Age=(\d+)', cookie).group(1)) > 365 * 24 * 3600
    page = demo_client.get('/kiosk/')
    assert page.status_code == 200
    assert kiosk.hall.name in page.get_data(as_text=True)
    entry = models.AuditLog.select().order_by(models.AuditLog.id.desc()).get()
    assert (entry.action, entry.model, entry.record_id) == ('bind', 'Kiosk',
                                                           str(kiosk.id))


@pytest.mark.parametrize('username, password, kiosk_code, message', [
    ('demo-manager', 'wrong-password', 'QL-YX', 'Wrong account or password'),
    ('demo-helper', 'bangban-demo', 'QL-YX', 'Only a hall manager'),
    ('demo-supervisor', 'bangban-demo', 'QL-YX', 'Only a hall manager'),
    ('demo-manager', 'bangban-demo', 'QL-SM', 'outside your scope'),
])
def test_binding_is_refused(demo_client, username, password, kiosk_code,
                            message):
    english(demo_client)
    response = bind(demo_client, kiosk_at(kiosk_code).issue_token(),
                    username, password)
    assert 'Set-Cookie' not in response.headers or \
        COOKIE not in response.headers['Set-Cookie']
    assert message in text(response)


def test_a_city_admin_binds_any_hall_and_a_junk_token_is_refused(demo_client):
    english(demo_client)
    response = bind(demo_client, 'K' + 'x' * 22, 'demo-city')
    assert 'not a valid terminal token' in text(response)
    response = bind(demo_client, kiosk_at('QL-SM').issue_token(), 'demo-city')
    assert COOKIE in response.headers['Set-Cookie']


def test_rotating_the_token_unbinds_the_terminal(terminal):
    assert terminal.get('/kiosk/').status_code == 200
    county_kiosk().issue_token()
    response = terminal.get('/kiosk/')
    assert response.headers['Location'].endswith('/kiosk/bind')


def test_a_deactivated_kiosk_is_unbound(terminal):
    models.Kiosk.update(is_active=False).execute()
    assert terminal.get('/kiosk/').headers['Location'].endswith('/kiosk/bind')


# --- The start screen and sign-in ----------------------------------------------

def test_start_screen_shows_the_helper_on_duty(terminal):
    kiosk = county_kiosk()
    models.Shift.delete().where(models.Shift.kiosk == kiosk).execute()
    helper = models.Agent.get(models.Agent.name == '龙晓东')
    start = models.now() - datetime.timedelta(minutes=1)
    models.Shift.create(kiosk=kiosk, helper=helper, starts_at=start,
                        ends_at=start + datetime.timedelta(hours=1))
    page = terminal.get('/kiosk/').get_data(as_text=True)
    assert '龙晓东' in page and kiosk.name in page
    models.Shift.delete().where(models.Shift.kiosk == kiosk).execute()
    english(terminal)
    assert 'Nobody is on duty' in terminal.get('/kiosk/').get_data(as_text=True)


def test_wrong_pins_lock_the_account(terminal):
    for _ in range(models.User.MAX_FAILURES):
        terminal.post('/kiosk/signin/pin', data={'username': 'demo-helper',
                                                 'pin': '0000'})
    response = terminal.post('/kiosk/signin/pin', data={
        'username': 'demo-helper', 'pin': '2468'})
    assert response.headers['Location'].endswith('/kiosk/')
    assert models.User.get(models.User.username == 'demo-helper').is_locked()
    assert terminal.get('/kiosk/desk').headers['Location'].endswith('/kiosk/')


def test_the_password_is_not_a_pin(terminal):
    models.User.update(pin_hash='').where(
        models.User.username == 'demo-helper').execute()
    terminal.post('/kiosk/signin/pin', data={'username': 'demo-helper',
                                             'pin': 'bangban-demo'})
    assert terminal.get('/kiosk/desk').status_code == 302


@pytest.mark.parametrize('username', ['demo-supervisor'])
def test_read_only_staff_cannot_sign_in(terminal, username):
    terminal.post('/kiosk/signin/pin', data={'username': username,
                                             'pin': '2468'})
    assert terminal.get('/kiosk/desk').status_code == 302


def test_staff_of_another_hall_cannot_sign_in(demo_client):
    bind(demo_client, kiosk_at('QL-SM').issue_token(), 'demo-city')
    demo_client.post('/kiosk/signin/pin', data={'username': 'demo-helper',
                                                'pin': '2468'})
    assert demo_client.get('/kiosk/desk').status_code == 302


def test_badge_sign_in_and_a_replaced_badge(terminal):
    helper = models.User.get(models.User.username == 'demo-helper')
    old = helper.issue_badge()
    new = helper.issue_badge()
    terminal.post('/kiosk/signin/badge', data={'code': old})
    assert terminal.get('/kiosk/desk').status_code == 302
    terminal.post('/kiosk/signin/badge', data={'code': new})
    assert terminal.get('/kiosk/desk').status_code == 200


def test_kiosk_sign_in_does_not_open_the_portal(helper):
    response = helper.get('/portal/')
    assert response.status_code == 302
    assert '/portal/login' in response.headers['Location']


@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_idle_terminal_forgets_everything(helper, demo_app):
    applicant = models.Applicant.find_or_create(
        'person', validators.generate_resident_id(random.Random(3),
                                                  region='150402'),
        '测试甲', '13900005001')
    helper.post('/kiosk/scan', data={'code': applicant.id_number})
    with helper.session_transaction() as session:
        assert session['kiosk']['applicant'] == applicant.id
        session['kiosk'] = dict(session['kiosk'], seen=time.time() - (
            demo_app.config['KIOSK_IDLE_SECONDS'] + 5))
    response = helper.get('/kiosk/items')
    assert response.headers['Location'].endswith('/kiosk/')
    with helper.session_transaction() as session:
        assert 'applicant' not in session['kiosk']
        assert 'user' not in session['kiosk'] and 'lang' not in session


def test_sign_out_clears_the_session(helper):
    helper.post('/kiosk/signout', data={'idle': '1'})
    with helper.session_transaction() as session:
        assert 'kiosk' not in session or 'user' not in session['kiosk']
    assert helper.get('/kiosk/desk').status_code == 302


# --- Scanning ---------------------------------------------------------------

def counts():
    """How many applicants, cases, tickets and case events exist."""
    return tuple(m.select().count() for m in (
        models.Applicant, models.Case, models.Ticket, models.CaseEvent))


@pytest.mark.parametrize('payload, message', [
    ('hello', 'not recognised'),
    ('https://example.com/p/nothing', 'not recognised'),
    ('110101199003071234', 'check digit'),
    ('R' + 'a' * 22, 'receipt is unknown'),
    ('Y' + 'a' * 22, 'appointment code is unknown'),
    ('C' + 'a' * 22, 'card is unknown'),
    ('B' + 'a' * 22, 'not an applicant'),
])
def test_a_scan_that_is_not_usable_changes_nothing(helper, payload, message):
    before = counts()
    response = helper.post('/kiosk/scan', data={'code': payload},
                           follow_redirects=True)
    assert message in text(response)
    assert counts() == before


def test_scan_needs_a_signed_in_helper(terminal):
    before = counts()
    response = terminal.post('/kiosk/scan', data={'code': '11010119900307123X'})
    assert response.headers['Location'].endswith('/kiosk/')
    assert counts() == before


def test_scans_are_rate_limited(helper, demo_app):
    demo_app.config['PUBLIC_RATE_LIMIT'] = (3, 60)
    codes = [helper.post('/kiosk/scan', data={'code': 'x'}).status_code
             for _ in range(4)]
    assert codes == [302, 302, 302, 429]


def test_first_visit_creates_the_applicants_file(helper):
    number = validators.generate_resident_id(random.Random(5), region='150402')
    page = helper.post('/kiosk/scan', data={'code': number})
    assert page.status_code == 200 and number in page.get_data(as_text=True)
    response = helper.post('/kiosk/applicant', data={
        'kind': 'person', 'id_number': number, 'name': '', 'phone': ''})
    assert "applicant's name" in text(response)
    assert models.Applicant.get_or_none(models.Applicant.id_number == number) is None
    response = helper.post('/kiosk/applicant', data={
        'kind': 'person', 'id_number': number, 'name': '测试乙',
        'phone': '13900005002'})
    assert response.headers['Location'].endswith('/kiosk/items')
    assert models.Applicant.get(models.Applicant.id_number == number).name == '测试乙'


def test_item_search_by_pinyin_initials_and_by_category(helper):
    card = models.Applicant.find_or_create(
        'person', validators.generate_resident_id(random.Random(6),
                                                  region='150402'),
        '测试丙', '13900005003').issue_card()
    helper.post('/kiosk/scan', data={'code': card})
    page = helper.get('/kiosk/items?q=zfgjj').get_data(as_text=True)
    assert '住房公积金提取' in page
    page = helper.get('/kiosk/items?category=veterans').get_data(as_text=True)
    assert '退役军人优待证申领' in page and '住房公积金' not in page
