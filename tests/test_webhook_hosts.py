"""Webhooks go only to the hosts the operator allowed (WEBHOOK_HOSTS):
refused with a reason when set, in the portal in Chinese and English, and
checked again by the worker at each try, which says in the delivery log
why it did not send; a private or loopback address only when listed as it
is; a redirect is never followed."""
import http.server
import threading

import pytest

import models
import outbox
from seeds import factories
from outboxes import Receiver, hooked_client, manager, messages

HOSTS = ['hooks.example.gov.cn', '*.platform.example', '127.0.0.1']


@pytest.mark.parametrize('url, allowed', [
    ('https://hooks.example.gov.cn/in', True),
    ('https://HOOKS.example.gov.cn./in', True),
    ('https://a.platform.example/in', True),
    ('https://a.b.platform.example:8443/in', True),
    ('https://platform.example/in', False),  # "*." is below the domain only
    ('https://evilplatform.example/in', False),
    ('https://hooks.example.gov.cn.evil.example/in', False),
    ('http://127.0.0.1:9/hook', True),
    ('http://127.1:9/hook', False),
    ('http://2130706433/hook', False),
    ('http://localhost/hook', False),
    ('http://[::1]/hook', False),
    ('http://10.0.0.5/hook', False),
    ('http://169.254.169.254/latest/meta-data/', False),
    ('http://hooks.example.gov.cn:99999/in', False),
])
def test_only_the_hosts_allowed(url, allowed):
    assert (models.webhook_url_refusal(url, HOSTS) is None) == allowed


def test_a_refused_address_changes_nothing(demo_app, monkeypatch):
    monkeypatch.setitem(demo_app.config, 'WEBHOOK_HOSTS', HOSTS)
    with demo_app.app_context():
        account = manager()
        client, _ = models.ApiClient.issue(account, 'x', [account.hall_id])
        client.set_webhook(account, 'https://hooks.example.gov.cn/in')
        before = models.AuditLog.select().count()
        for bad in ('http://169.254.169.254/', 'http://localhost:8000/portal/',
                    'https://evil.example/in', 'http://10.0.0.5/in'):
            with pytest.raises(models.DomainError) as refused:
                client.set_webhook(account, bad)
            assert 'WEBHOOK_HOSTS' in str(refused.value)
        assert models.ApiClient.get_by_id(client.id).webhook_url == (
            'https://hooks.example.gov.cn/in')
        assert models.AuditLog.select().count() == before


def test_the_setting_is_checked_at_start(make_app):
    with pytest.raises(ValueError):
        make_app('empty', WEBHOOK_HOSTS='hooks.example.gov.cn')
    with pytest.raises(ValueError):
        make_app('empty', WEBHOOK_HOSTS=['hooks.example.gov.cn', ''])


@pytest.mark.parametrize('language, words', [
    ('zh', '回调地址只能指向运维人员允许的主机'),
    ('en', 'Webhooks may only go to the hosts the operator allowed')])
def test_the_portal_form_refuses_with_the_reason(demo_app, demo_client, auth,
                                                language, words):
    account = manager()
    client, _ = models.ApiClient.issue(account, '平台', [account.hall_id])
    auth.login('demo-manager')
    if language == 'en':
        demo_client.post('/lang/en')
    form = demo_client.get('/portal/api-clients/webhook/?id=%d' % client.id)
    assert '127.0.0.1, localhost, ::1' in form.get_data(as_text=True)
    page = demo_client.post('/portal/api-clients/webhook/', data={
        'id': client.id, 'webhook_url': 'http://evil.example/"><script>x</script>'})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and words in text
    assert '"><script>x' not in text
    assert models.ApiClient.get_by_id(client.id).webhook_url == ''


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.close()


def test_the_worker_does_not_send_to_a_host_no_longer_allowed(
        demo_app, receiver, monkeypatch):
    with demo_app.app_context():
        client, _secret = hooked_client(receiver.url)  # allowed when set
        factories.open_case(seed=930)
        monkeypatch.setitem(demo_app.config, 'WEBHOOK_HOSTS',
                            ['hooks.example.gov.cn'])
        outbox.deliver_due()
        assert not receiver.posts
        waiting = messages(client=client.id)
        assert waiting and {m.status for m in waiting} == {'pending'}
        assert 'not sent: the host 127.0.0.1 is not in WEBHOOK_HOSTS' in (
            waiting[0].last_error)
        # Allowed again: sent at the next try.
        monkeypatch.setitem(demo_app.config, 'WEBHOOK_HOSTS', ['127.0.0.1'])
        models.OutboxMessage.update(next_attempt_at=models.now()).execute()
        outbox.deliver_due()
        assert len(receiver.once()) == len(waiting)


def test_a_name_at_a_private_address_only_when_listed(monkeypatch):
    def resolve(host, *args, **kwargs):
        return [(2, 1, 6, '', ('10.0.0.7', 0))]
    monkeypatch.setattr(outbox.socket, 'getaddrinfo', resolve)
    with pytest.raises(outbox.DeliveryError) as refused:
        outbox.check_address('https://in.platform.example/h', HOSTS)
    assert 'private or loopback address 10.0.0.7' in str(refused.value)
    outbox.check_address('https://in.platform.example/h', HOSTS + ['10.0.0.7'])
    outbox.check_address('https://hooks.example.gov.cn/h', HOSTS)  # as listed

    def public(host, *args, **kwargs):
        return [(2, 1, 6, '', ('203.0.113.9', 0)), (2, 1, 6, '', ('8.8.8.8', 0))]
    monkeypatch.setattr(outbox.socket, 'getaddrinfo', public)
    with pytest.raises(outbox.DeliveryError):  # 203.0.113.0/24 is for docs
        outbox.check_address('https://in.platform.example/h', HOSTS)


class Redirecting:
    """A receiver that answers every post with a redirect elsewhere."""

    def __init__(self, to):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers['Content-Length']))
                self.send_response(307)
                self.send_header('Location', to)
                self.end_headers()

            def log_message(self, *args):
                pass
        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d/hook' % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_redirect_is_not_followed(demo_app, receiver):
    redirecting = Redirecting(receiver.url)
    try:
        with demo_app.app_context():
            client, _secret = hooked_client(redirecting.url)
            factories.open_case(seed=931)
            outbox.deliver_due()
            assert not receiver.posts
            assert messages(client=client.id)[0].last_error == 'HTTP 307'
    finally:
        redirecting.close()
