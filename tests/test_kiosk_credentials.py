"""Kiosk credentials for real staff: a manager sets a helper's PIN and issues
a badge in the portal, an agent issues an applicant's card from their file;
each is shown once, stored hashed and audited; PIN and password are separate
checks that share one lockout."""
import base64
import datetime
import html
import io
import json
import random
import re

import pytest
import zxingcpp
from PIL import Image

import models
import validators
from support import statements

HALL_A, HALL_B = 'QL-YX', 'QL-SM'


def user(username):
    return models.User.get(models.User.username == username)


def login(client, username, password='bangban-demo'):
    response = client.post('/portal/login', data={
        'username': username, 'password': password})
    assert response.status_code == 302, username


def english(client):
    client.post('/lang/en', data={'next': '/portal/'})


def text(response):
    return html.unescape(response.get_data(as_text=True))


def qr_payload(response):
    """What the QR code on a printed badge or card says."""
    uri = re.search(r'src="data:image/png;base64,([^"]+)"',
                    response.get_data(as_text=True)).group(1)
    image = Image.open(io.BytesIO(base64.b64decode(uri)))
    [payload] = [r.text for r in zxingcpp.read_barcodes(image)]
    return payload


def audit_entries(action):
    return list(models.AuditLog.select()
                .where(models.AuditLog.action == action)
                .order_by(models.AuditLog.id))


def bind_kiosk(client, hall_code=HALL_A):
    kiosk = (models.Kiosk.select().join(models.Hall)
             .where(models.Hall.code == hall_code).get())
    response = client.post('/kiosk/bind', data={
        'username': 'demo-city', 'password': 'bangban-demo',
        'token': kiosk.issue_token()})
    assert response.status_code == 302
    client.get('/kiosk/')  # the terminal's first request starts its session
    return kiosk


def signed_in_at_kiosk(client):
    return client.get('/kiosk/desk').status_code == 200


@pytest.fixture
def manager(demo_client):
    login(demo_client, 'demo-manager')
    english(demo_client)
    return demo_client


@pytest.fixture
def other_hall_user(demo_app):
    """A helper of hall B, outside the demo manager's scope."""
    account = models.User(username='sm-helper', name='石门帮办员', role='helper',
                          hall=models.Hall.get(models.Hall.code == HALL_B))
    account.set_password('a-long-password-1')
    account.save()
    return account


# --- The model: PIN and password, one lockout ----------------------------------

def test_pin_and_password_are_separate_checks(demo_app):
    helper = user('demo-helper')
    assert helper.check_pin('2468') and helper.check_password('bangban-demo')
    assert not helper.check_pin('bangban-demo')
    assert not helper.check_password('2468')
    helper.clear_pin()
    helper.save()
    # Without a PIN nothing is a PIN: not the password, not an empty string.
    for attempt in ('bangban-demo', '', None, '2468'):
        assert not user('demo-helper').check_pin(attempt)


def test_empty_pin_never_matches_even_against_an_empty_hash(demo_app):
    helper = user('demo-helper')
    for hash_ in ('', models.generate_password_hash('')):
        helper.pin_hash = hash_
        helper.save()
        assert not helper.check_pin('')


def test_wrong_pins_and_passwords_share_one_lockout(demo_app):
    helper = user('demo-helper')
    for n in range(models.User.MAX_FAILURES - 1):
        check = helper.check_pin if n % 2 else helper.check_password
        assert not check('wrong-%d' % n)
        assert not helper.is_locked()
    assert not helper.check_pin('0000')
    assert helper.is_locked() and user('demo-helper').is_locked()
    # Locked: even the right PIN and the right password are refused.
    assert not helper.check_pin('2468')
    assert not helper.check_password('bangban-demo')


def test_a_success_resets_the_count(demo_app):
    helper = user('demo-helper')
    for _ in range(models.User.MAX_FAILURES - 1):
        helper.check_pin('1357')
    assert helper.check_pin('2468')
    assert user('demo-helper').failed_logins == 0


@pytest.mark.parametrize('pin', [
    '', '123', '123456789', '12a4', '１２３４', '2468\x00', '<script>', ' 2468',
    '1111', '1234', '98765', '0123456', '2' * 100000,
])
def test_set_pin_refuses_bad_pins_and_changes_nothing(demo_app, pin):
    helper = user('demo-helper')
    before = helper.pin_hash
    with pytest.raises(models.DomainError):
        helper.set_pin(pin)
    assert helper.pin_hash == before


def test_a_generated_pin_is_six_digits_and_not_guessable(demo_app):
    helper = user('demo-helper')
    for _ in range(30):
        pin = helper.set_pin()
        assert re.fullmatch(r'[0-9]{6}', pin) and not helper._guessable(pin)
    helper.save()
    assert user('demo-helper').check_pin(pin)


def test_a_new_pin_unlocks_the_account(demo_app):
    helper = user('demo-helper')
    helper.locked_until = models.now() + datetime.timedelta(minutes=10)
    helper.failed_logins = 3
    helper.set_pin('2580')
    helper.save()
    helper = user('demo-helper')
    assert not helper.is_locked() and helper.check_pin('2580')


def test_supervisors_and_deactivated_accounts_get_no_credentials(demo_app):
    supervisor = user('demo-supervisor')
    assert not supervisor.pin_hash  # the demo gives read-only staff no PIN
    for give in (supervisor.set_pin, supervisor.issue_badge):
        with pytest.raises(models.DomainError):
            give()
    helper = user('demo-helper')
    helper.is_active = False
    with pytest.raises(models.DomainError):
        helper.issue_badge()
    assert user('demo-helper').badge_hash is None


# --- The portal: a manager sets PINs and issues badges ---------------------------

def test_manager_sets_a_typed_pin_shown_once_and_audited(manager):
    helper = user('demo-helper')
    page = manager.get('/portal/users/kiosk/?id=%d' % helper.id)
    assert page.status_code == 200 and 'Set this PIN' in text(page)
    response = manager.post('/portal/users/kiosk/pin/', data={
        'id': helper.id, 'pin': '2580'})
    assert response.status_code == 200
    assert response.headers['Cache-Control'] == 'no-store'
    assert '<code id="pin">2580</code>' in response.get_data(as_text=True)
    helper = user('demo-helper')
    assert helper.check_pin('2580') and not helper.check_pin('2468')
    assert helper.pin_set_at is not None and '2580' not in helper.pin_hash
    [entry] = audit_entries('pin')
    assert entry.user == user('demo-manager') and entry.record_id == str(helper.id)
    assert entry.hall_id == helper.hall_id
    assert '2580' not in entry.before + entry.after
    assert '"generated": false' in entry.after
    # The page that set it does not show it again.
    again = manager.get('/portal/users/kiosk/?id=%d' % helper.id)
    assert '2580' not in again.get_data(as_text=True)


def test_manager_generates_a_pin(manager):
    helper = user('demo-helper')
    response = manager.post('/portal/users/kiosk/pin/', data={
        'id': helper.id, 'generate': '1', 'pin': 'ignored'})
    pin = re.search(r'<code id="pin">([0-9]{6})</code>',
                    response.get_data(as_text=True)).group(1)
    assert user('demo-helper').check_pin(pin)
    [entry] = audit_entries('pin')
    assert pin not in entry.after and '"generated": true' in entry.after


@pytest.mark.parametrize('pin', ['', '12', 'abcd', '<script>alert(1)</script>',
                                 '"\'><img src=x onerror=alert(1)>', '1111',
                                 '\x00\x00\x00\x00', '9' * 100000])
def test_a_refused_pin_says_why_and_changes_nothing(manager, pin):
    helper = user('demo-helper')
    before = helper.pin_hash
    response = manager.post('/portal/users/kiosk/pin/', data={
        'id': helper.id, 'pin': pin}, follow_redirects=True)
    body = text(response)
    if '\x00' in pin or len(pin) > 20000:
        # Refused before any view reads it (web.refuse_malformed_input).
        assert response.status_code == 400
        assert 'far too long or holds a character that cannot be kept' in body
    else:
        assert response.status_code == 200
        assert 'A PIN must be 4 to 8 digits.' in body or 'too easy to guess' in body
    assert '<script>alert(1)' not in response.get_data(as_text=True)
    assert user('demo-helper').pin_hash == before
    assert audit_entries('pin') == []


def test_manager_removes_a_pin(manager):
    helper = user('demo-helper')
    manager.post('/portal/users/kiosk/pin/remove/', data={'id': helper.id})
    manager.post('/portal/users/kiosk/pin/remove/', data={'id': helper.id})
    assert not user('demo-helper').pin_hash
    assert not user('demo-helper').check_pin('2468')
    assert len(audit_entries('pin_remove')) == 1  # the second changed nothing


def test_manager_issues_a_printable_badge_that_signs_in(manager, demo_app):
    helper = user('demo-helper')
    response = manager.post('/portal/users/kiosk/badge/', data={'id': helper.id})
    assert response.status_code == 200
    assert response.headers['Cache-Control'] == 'no-store'
    body = text(response)
    assert helper.name in body and helper.hall.name in body
    code = qr_payload(response)
    assert code.startswith('B') and models.User.by_badge(code) == helper
    assert code not in response.get_data(as_text=True)  # only inside the QR
    [entry] = audit_entries('badge')
    assert code not in entry.after and '"replaced": false' in entry.after
    assert code not in user('demo-helper').badge_hash

    # A second badge replaces the first.
    second = qr_payload(manager.post('/portal/users/kiosk/badge/',
                                     data={'id': helper.id}))
    assert models.User.by_badge(code) is None
    assert models.User.by_badge(second) == helper
    assert '"replaced": true' in audit_entries('badge')[1].after

    # The badge signs in at the hall's kiosk; revoked, it does not.
    kiosk_client = demo_app.test_client()
    bind_kiosk(kiosk_client)
    kiosk_client.post('/kiosk/signin/badge', data={'code': second})
    assert signed_in_at_kiosk(kiosk_client)
    manager.post('/portal/users/kiosk/badge/revoke/', data={'id': helper.id})
    assert user('demo-helper').badge_hash is None
    assert len(audit_entries('badge_revoke')) == 1
    other = demo_app.test_client()
    bind_kiosk(other)
    other.post('/kiosk/signin/badge', data={'code': second})
    assert not signed_in_at_kiosk(other)


def test_account_list_shows_credentials_without_a_query_per_row(manager, demo_app):
    database = demo_app.extensions['database']

    def selects_for_list():
        with statements(database) as run:
            page = manager.get('/portal/users/')
        assert page.status_code == 200
        return page, len([s for s, _ in run
                          if s.lstrip().upper().startswith('SELECT')])

    page, few = selects_for_list()
    helper = user('demo-helper')
    assert '/portal/users/kiosk/?id=%d' % helper.id in page.get_data(as_text=True)
    assert 'data-credential' in page.get_data(as_text=True)
    hall = models.Hall.get(models.Hall.code == HALL_A)
    for n in range(10):
        extra = models.User(username='extra-%d' % n, name='测试%d' % n,
                            role='helper', hall=hall)
        extra.set_password('a-long-password-1')
        extra.set_pin('2580')
        extra.save()
        extra.issue_badge()
    _page, many = selects_for_list()
    assert many == few


# --- Who may: scope, roles, another hall's ids -------------------------------------

CREDENTIAL_POSTS = ('/portal/users/kiosk/pin/', '/portal/users/kiosk/pin/remove/',
                    '/portal/users/kiosk/badge/', '/portal/users/kiosk/badge/revoke/')


def unchanged(account):
    fresh = models.User.get_by_id(account.id)
    return (fresh.pin_hash, fresh.badge_hash) == (account.pin_hash,
                                                  account.badge_hash)


def test_another_halls_user_is_a_404(manager, other_hall_user):
    other_hall_user.set_pin('2580')
    other_hall_user.save()
    city = user('demo-city')
    for target in (other_hall_user, city):
        assert manager.get('/portal/users/kiosk/?id=%d' % target.id).status_code == 404
        for url in CREDENTIAL_POSTS:
            response = manager.post(url, data={'id': target.id, 'pin': '2580'})
            assert response.status_code == 404, url
            assert unchanged(target)
    for bad in ('', 'abc', '999999', '1 OR 1=1'):
        assert manager.get('/portal/users/kiosk/?id=' + bad).status_code == 404
        assert manager.post('/portal/users/kiosk/badge/',
                            data={'id': bad}).status_code == 404
    # A NUL is refused before any view reads it.
    assert manager.get('/portal/users/kiosk/?id=\x00').status_code == 400
    assert manager.post('/portal/users/kiosk/badge/',
                        data={'id': '\x00'}).status_code == 400
    assert manager.post('/portal/users/kiosk/badge/').status_code == 404
    assert models.AuditLog.select().where(models.AuditLog.action.in_(
        ('pin', 'pin_remove', 'badge', 'badge_revoke'))).count() == 0


def test_city_admin_sets_credentials_in_any_hall_of_their_scope(demo_client,
                                                                other_hall_user):
    login(demo_client, 'demo-city')
    response = demo_client.post('/portal/users/kiosk/pin/', data={
        'id': other_hall_user.id, 'pin': '2580'})
    assert response.status_code == 200
    assert models.User.get_by_id(other_hall_user.id).check_pin('2580')
    assert audit_entries('pin')[0].hall_id == other_hall_user.hall_id


@pytest.mark.parametrize('who, status', [
    ('demo-supervisor', 403), ('demo-agent', 403), ('demo-helper', 403),
    (None, 302)])
def test_only_managers_and_city_admins_may(demo_client, who, status):
    if who:
        login(demo_client, who)
    helper = user('demo-helper')
    assert demo_client.get('/portal/users/kiosk/?id=%d' % helper.id
                           ).status_code == status
    for url in CREDENTIAL_POSTS:
        assert demo_client.post(url, data={'id': helper.id, 'pin': '2580'}
                                ).status_code == status, url
        assert unchanged(helper)
    if who == 'demo-supervisor':  # reads the list, without the links
        page = demo_client.get('/portal/users/').get_data(as_text=True)
        assert '/portal/users/kiosk/' not in page


def test_a_supervisor_account_gets_no_pin_from_the_portal(demo_client):
    login(demo_client, 'demo-city')
    supervisor = user('demo-supervisor')
    page = demo_client.get('/portal/users/kiosk/?id=%d' % supervisor.id)
    assert 'data-action="set-pin"' not in page.get_data(as_text=True)
    english(demo_client)
    response = demo_client.post('/portal/users/kiosk/pin/', data={
        'id': supervisor.id, 'pin': '2580'}, follow_redirects=True)
    assert 'A supervisor does not sign in at kiosks' in text(response)
    assert not user('demo-supervisor').pin_hash


def test_csrf_is_required(make_app):
    app = make_app('demo', WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get('/portal/login').get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post('/portal/login', data={
        'username': 'demo-manager', 'password': 'bangban-demo',
        'csrf_token': token})
    helper = user('demo-helper')
    response = client.post('/portal/users/kiosk/badge/', data={'id': helper.id})
    assert response.status_code == 400
    assert models.User.get_by_id(helper.id).badge_hash is None


# --- The kiosk: sign-in and its failures ---------------------------------------------

def test_kiosk_pin_lockout_after_max_failures_and_failures_audited(demo_client):
    kiosk = bind_kiosk(demo_client)
    english(demo_client)
    for _ in range(models.User.MAX_FAILURES):
        demo_client.post('/kiosk/signin/pin', data={'username': 'demo-helper',
                                                    'pin': '1357'})
    assert user('demo-helper').is_locked()
    response = demo_client.post('/kiosk/signin/pin', data={
        'username': 'demo-helper', 'pin': '2468'}, follow_redirects=True)
    assert not signed_in_at_kiosk(demo_client)
    assert 'This account is locked' in text(response)
    # The portal password is locked out too: one account, one lockout.
    assert demo_client.post('/portal/login', data={
        'username': 'demo-helper', 'password': 'bangban-demo'}).status_code == 200
    failures = audit_entries('kiosk_signin_fail')
    assert len(failures) == models.User.MAX_FAILURES + 1  # and the locked try
    assert all(f.user == user('demo-helper') and f.hall_id == kiosk.hall_id
               and f.record_id == str(kiosk.id) for f in failures)
    assert all('1357' not in f.after for f in failures)


def test_unknown_accounts_and_badges_are_audited_without_what_was_typed(demo_client):
    bind_kiosk(demo_client)
    demo_client.post('/kiosk/signin/pin', data={'username': '<script>x</script>',
                                                'pin': '2468'})
    demo_client.post('/kiosk/signin/badge', data={'code': 'B' + 'a' * 22})
    entries = audit_entries('kiosk_signin_fail')
    assert [(e.user, json.loads(e.after)) for e in entries] == [
        (None, {'method': 'pin', 'address': '127.0.0.1'}),
        (None, {'method': 'badge', 'address': '127.0.0.1'})]


def test_a_badge_of_another_hall_is_refused_and_audited(demo_client,
                                                        other_hall_user):
    code = other_hall_user.issue_badge()
    bind_kiosk(demo_client, HALL_A)
    demo_client.post('/kiosk/signin/badge', data={'code': code})
    assert not signed_in_at_kiosk(demo_client)
    [entry] = audit_entries('kiosk_signin_fail')
    assert entry.user == other_hall_user and code not in entry.after


# --- Applicant cards, from the applicant's file ------------------------------------

def applicant_of_hall(code=HALL_A):
    return (models.Applicant.select()
            .join(models.Case, on=(models.Case.applicant == models.Applicant.id))
            .join(models.Hall, on=(models.Case.hall == models.Hall.id))
            .where(models.Hall.code == code)
            .first())


def only_known_in(code):
    """An applicant whose cases are all at one hall."""
    other = (models.Case.select(models.Case.applicant)
             .join(models.Hall, on=(models.Case.hall == models.Hall.id))
             .where(models.Hall.code != code))
    return (models.Applicant.select()
            .join(models.Case, on=(models.Case.applicant == models.Applicant.id))
            .join(models.Hall, on=(models.Case.hall == models.Hall.id))
            .where(models.Hall.code == code,
                   models.Applicant.id.not_in(other))
            .first())


def test_agent_issues_a_card_that_the_kiosk_scans(demo_client, demo_app):
    login(demo_client, 'demo-agent')
    applicant = applicant_of_hall()
    page = demo_client.get('/portal/applicants/%d' % applicant.id)
    assert 'data-action="issue-card"' in page.get_data(as_text=True)
    response = demo_client.post('/portal/applicants/%d/card' % applicant.id)
    assert response.status_code == 200
    assert response.headers['Cache-Control'] == 'no-store'
    body = text(response)
    assert applicant.masked_id in body and applicant.id_number not in body
    code = qr_payload(response)
    assert models.Applicant.by_card(code) == applicant
    assert code not in models.Applicant.get_by_id(applicant.id).card_hash
    [entry] = audit_entries('card')
    assert entry.user == user('demo-agent') and code not in entry.after
    assert entry.record_id == str(applicant.id)

    # At the kiosk, the helper scans the card: the applicant's file opens.
    kiosk_client = demo_app.test_client()
    bind_kiosk(kiosk_client)
    english(kiosk_client)
    kiosk_client.post('/kiosk/signin/pin', data={'username': 'demo-helper',
                                                 'pin': '2468'})
    response = kiosk_client.post('/kiosk/scan', data={'code': code})
    assert response.headers['Location'].endswith('/kiosk/items')
    with kiosk_client.session_transaction() as session:
        assert session['kiosk']['applicant'] == applicant.id

    # Revoked: the card opens nothing any more.
    demo_client.post('/portal/applicants/%d/card/revoke' % applicant.id)
    demo_client.post('/portal/applicants/%d/card/revoke' % applicant.id)
    assert models.Applicant.get_by_id(applicant.id).card_hash is None
    assert len(audit_entries('card_revoke')) == 1
    kiosk_client.post('/kiosk/next')
    response = kiosk_client.post('/kiosk/scan', data={'code': code},
                                 follow_redirects=True)
    assert 'This applicant card is unknown or was replaced.' in text(response)


def test_cards_stay_within_the_halls_that_know_the_applicant(demo_client):
    login(demo_client, 'demo-manager')
    theirs = only_known_in(HALL_B)
    assert theirs is not None
    for url in ('/portal/applicants/%d/card', '/portal/applicants/%d/card/revoke'):
        assert demo_client.post(url % theirs.id).status_code == 404
    assert demo_client.post('/portal/applicants/999999/card').status_code == 404
    assert models.Applicant.get_by_id(theirs.id).card_hash is None


def test_supervisors_see_the_file_but_issue_no_card(demo_client):
    login(demo_client, 'demo-supervisor')
    applicant = applicant_of_hall()
    page = demo_client.get('/portal/applicants/%d' % applicant.id)
    assert page.status_code == 200
    assert 'data-action="issue-card"' not in page.get_data(as_text=True)
    assert demo_client.post('/portal/applicants/%d/card' % applicant.id
                            ).status_code == 403
    assert models.Applicant.get_by_id(applicant.id).card_hash is None


def test_a_card_number_is_checked_before_it_is_looked_up(demo_app):
    assert models.Applicant.by_card('C' * 100000) is None
    assert models.Applicant.by_card('') is None
    applicant = models.Applicant.find_or_create(
        'person', validators.generate_resident_id(random.Random(3)), '测试丁')
    code = applicant.issue_card()
    assert models.Applicant.by_card(code) == applicant
