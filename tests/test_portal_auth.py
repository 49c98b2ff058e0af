"""Accounts: passwords, locking, idle sessions, `next`, the first admin, scope rules."""
import datetime

import pytest

import models


def test_passwords_are_hashed_and_at_least_12_characters(app):
    hall = models.Hall.create(code='T', name='测试市', level='city')
    user = models.User(username='u', name='u', role='agent', hall=hall)
    try:
        user.set_password('short-pass1')
        raise AssertionError('a short password was accepted')
    except models.DomainError:
        pass
    user.set_password('twelve-chars')
    assert user.password_hash.startswith(('scrypt:', 'pbkdf2:'))
    assert 'twelve-chars' not in user.password_hash


def test_account_locks_after_repeated_failures(auth, demo_client):
    for _ in range(models.User.MAX_FAILURES):
        auth.login('demo-manager', 'wrong-password')
    user = models.User.get(models.User.username == 'demo-manager')
    assert user.is_locked()
    response = auth.login('demo-manager', 'bangban-demo')
    assert response.status_code == 200  # the sign-in page again, not the portal
    assert demo_client.get('/portal/halls/').status_code == 302


@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_idle_session_times_out_after_30_minutes(auth, demo_client):
    auth.login('demo-manager')
    assert demo_client.get('/portal/halls/').status_code == 200
    with demo_client.session_transaction() as session:
        session['last_seen'] -= 29 * 60
    assert demo_client.get('/portal/halls/').status_code == 200
    with demo_client.session_transaction() as session:
        session['last_seen'] -= 31 * 60
    response = demo_client.get('/portal/halls/')
    assert response.status_code == 302 and '/portal/login' in response.location


def test_logout_ends_the_session(auth, demo_client):
    auth.login('demo-manager')
    auth.logout()
    assert demo_client.get('/portal/halls/').status_code == 302


def test_next_is_followed_only_within_the_site(demo_client):
    for target, expected in [('/portal/windows/', '/portal/windows/'),
                             ('https://evil.example/', '/portal/'),
                             ('//evil.example/', '/portal/'),
                             ('/\\evil.example/', '/portal/'),
                             ('javascript:alert(1)', '/portal/')]:
        demo_client.post('/portal/logout')
        response = demo_client.post('/portal/login', query_string={'next': target},
                                    data={'username': 'demo-manager',
                                          'password': 'bangban-demo'})
        assert response.location == expected, target


def test_create_admin_command_makes_the_first_city_admin(runner):
    result = runner.invoke(args=['create-admin', '--username', 'root', '--name', '管理员',
                                 '--hall-code', 'XC', '--password', 'short'])
    assert result.exit_code != 0
    assert not models.User.select().exists()
    result = runner.invoke(args=['create-admin', '--username', 'root', '--name', '管理员',
                                 '--hall-code', 'XC', '--password', 'a-long-password'])
    assert result.exit_code == 0, result.output
    user = models.User.get(models.User.username == 'root')
    assert user.role == 'city_admin' and user.hall.level == 'city'
    assert user.check_password('a-long-password')


def test_manager_creates_accounts_in_scope_only(auth, demo_client):
    auth.login('demo-manager')
    yx = models.Hall.get(models.Hall.code == 'QL-YX')
    sm = models.Hall.get(models.Hall.code == 'QL-SM')

    def create(username, role, hall, password='a-long-password'):
        return demo_client.post('/portal/users/new/', data={
            'username': username, 'name': username, 'role': role, 'hall': hall.id,
            'is_active': 'y', 'password': password})

    assert create('new-agent', 'agent', yx).status_code == 302
    user = models.User.get(models.User.username == 'new-agent')
    assert user.check_password('a-long-password')
    assert models.AuditLog.get(models.AuditLog.model == 'User').after.count('hash') == 0
    for username, role, hall, password in [
            ('boss', 'city_admin', yx, 'a-long-password'),
            ('far-away', 'agent', sm, 'a-long-password'),
            ('short', 'agent', yx, 'short'),
            ('nopass', 'agent', yx, '')]:
        response = create(username, role, hall, password)
        assert response.status_code == 200, username
        assert not models.User.select().where(models.User.username == username).exists()
    html = demo_client.get('/portal/users/new/').get_data(as_text=True)
    assert 'value="city_admin"' not in html
    city = models.User.get(models.User.username == 'demo-city')
    assert demo_client.get('/portal/users/edit/?id=%d' % city.id).status_code == 404


def test_admin_password_reset_unlocks_the_account(auth, demo_client):
    agent = models.User.get(models.User.username == 'demo-agent')
    agent.locked_until = models.now() + datetime.timedelta(minutes=10)
    agent.save()
    auth.login('demo-manager')
    response = demo_client.post('/portal/users/edit/?id=%d' % agent.id, data={
        'username': agent.username, 'name': agent.name, 'role': 'agent',
        'hall': agent.hall_id, 'is_active': 'y', 'password': 'another-long-one'})
    assert response.status_code == 302
    agent = models.User.get_by_id(agent.id)
    assert not agent.is_locked() and agent.check_password('another-long-one')
