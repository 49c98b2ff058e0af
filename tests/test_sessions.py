"""Sessions end on the server; sign-in is throttled per device and audited;
guessable passwords are refused; the cookie is Secure over TLS."""
import pytest

import models


def login(client, username='demo-manager', password='bangban-demo', **kwargs):
    return client.post('/portal/login', data={'username': username,
                                              'password': password}, **kwargs)


def saved_cookie(client):
    return client.get_cookie('session').value


def replay(app, cookie):
    """A second browser that presents a cookie saved earlier."""
    other = app.test_client()
    other.set_cookie('session', cookie)
    return other.get('/portal/halls/')


def test_a_cookie_saved_before_logout_no_longer_opens_the_portal(demo_app, demo_client):
    login(demo_client)
    cookie = saved_cookie(demo_client)
    assert replay(demo_app, cookie).status_code == 200
    demo_client.post('/portal/logout')
    response = replay(demo_app, cookie)
    assert response.status_code == 302 and '/portal/login' in response.location


def test_a_password_change_ends_other_sessions(demo_app, demo_client):
    login(demo_client)
    cookie = saved_cookie(demo_client)
    user = models.User.get(models.User.username == 'demo-manager')
    user.set_password('a-new-and-long-passphrase')
    user.save()
    assert replay(demo_app, cookie).status_code == 302


def test_a_disabled_account_is_signed_out_at_once(demo_app, demo_client):
    login(demo_client)
    cookie = saved_cookie(demo_client)
    models.User.update(is_active=False).where(
        models.User.username == 'demo-manager').execute()
    assert replay(demo_app, cookie).status_code == 302


@pytest.mark.parametrize('password', ['aaaaaaaaaaaa', '123456789012',
                                      'password1234', 'qwertyuiop12',
                                      'demo-manager12'])
def test_guessable_passwords_are_refused(demo_app, password):
    user = models.User.get(models.User.username == 'demo-manager')
    with pytest.raises(models.DomainError):
        user.set_password(password)


def test_sign_in_is_limited_per_device_across_accounts(demo_app, demo_client):
    demo_app.config['LOGIN_RATE_LIMIT'] = (6, 600)
    usernames = ['demo-city', 'demo-agent', 'demo-helper', 'demo-supervisor',
                 'nobody-1', 'nobody-2']
    for username in usernames:  # spraying one password over many accounts
        assert login(demo_client, username, 'Spring2026!!').status_code == 200
    response = login(demo_client, 'demo-manager')  # even the right password
    assert response.status_code == 429
    assert '登录尝试过多' in response.get_data(as_text=True)
    assert demo_client.get('/portal/halls/').status_code == 302
    # no account was locked by the spraying
    assert not any(u.is_locked() for u in models.User.select())
    other = demo_app.test_client()
    other.environ_base['REMOTE_ADDR'] = '10.0.0.9'
    assert login(other).status_code == 302  # another device signs in


def test_failed_sign_ins_are_audited_with_the_address(demo_client):
    login(demo_client, 'demo-agent', 'wrong-password-here')
    login(demo_client, 'no-such-user<script>', 'x')
    rows = list(models.AuditLog.select()
                .where(models.AuditLog.action == 'login_failed')
                .order_by(models.AuditLog.id))
    assert len(rows) == 2
    assert rows[0].user.username == 'demo-agent'
    assert rows[1].user is None and 'no-such-user' in rows[1].after
    assert '127.0.0.1' in rows[0].after
    assert 'wrong-password-here' not in rows[0].after


def test_cookie_is_secure_and_hsts_sent_over_tls_only(demo_app):
    plain = demo_app.test_client()
    response = login(plain)
    assert 'Secure' not in response.headers['Set-Cookie']
    assert 'Strict-Transport-Security' not in response.headers
    tls = demo_app.test_client()
    response = login(tls, base_url='https://hall.example')
    assert 'Secure' in response.headers['Set-Cookie']
    assert response.headers['Strict-Transport-Security'].startswith('max-age=')


def test_tls_through_a_trusted_proxy_counts_as_tls(make_app):
    app = make_app('demo', TRUSTED_PROXIES=1)
    response = app.test_client().get('/portal/login', headers={
        'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '10.1.1.1'})
    assert 'Strict-Transport-Security' in response.headers
    spoofed = create_plain(make_app).test_client().get(
        '/portal/login', headers={'X-Forwarded-Proto': 'https'})
    assert 'Strict-Transport-Security' not in spoofed.headers


def create_plain(make_app):
    return make_app('demo')
