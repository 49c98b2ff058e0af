"""A webhook post goes to the address the allow-list check resolved: the
host is looked up once, every address it gave is checked, and the
connection is made to a checked address, never to what a second lookup
answers (DNS rebinding). The URL's host stays the Host header and the name
TLS verifies the certificate against."""
import socket
import ssl
import threading

import pytest

import outbox
from outboxes import Receiver, hooked_client, messages
from seeds import factories

NAME = 'in.platform.example'
REAL_GETADDRINFO = socket.getaddrinfo


def rebinding(monkeypatch, first, then):
    """A resolver that answers `first` for NAME the first time and `then`
    every time after; other names resolve as usual. Returns the answers
    it gave for NAME, in order."""
    answers = []

    def resolve(host, port=None, *args, **kwargs):
        if host != NAME:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        answers.append(first if not answers else then)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, '',
                 (answers[-1], int(port or 0)))]
    monkeypatch.setattr(socket, 'getaddrinfo', resolve)
    return answers


class Trap:
    """A listener on a loopback address that only counts connections."""

    def __init__(self, host, port):
        self.sock = socket.create_server((host, port))
        self.connections = 0
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self.sock.close()


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.close()


def hooked(demo_app, monkeypatch, url, hosts):
    monkeypatch.setitem(demo_app.config, 'WEBHOOK_HOSTS', hosts)
    client, secret = hooked_client(url)
    factories.open_case(seed=960)
    return client, secret


def test_a_second_answer_at_a_loopback_address_gets_no_post(
        demo_app, receiver, monkeypatch):
    """Checked at a public address, then the name points at this machine:
    the worker connects to the public address only (refused here, so no
    network is used) and the local receiver gets nothing."""
    connected = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        connected.append(address[:2])
        if address[0] == '8.8.8.8':
            raise ConnectionRefusedError('not on the test network')
        return real_connect(sock, address)
    url = 'http://%s:%d/hook' % (NAME, receiver.port)
    with demo_app.app_context():
        client, _secret = hooked(demo_app, monkeypatch, url,
                                 ['*.platform.example'])
        answers = rebinding(monkeypatch, '8.8.8.8', '127.0.0.1')
        monkeypatch.setattr(socket.socket, 'connect', connect)
        outbox.deliver_due()
        monkeypatch.undo()
        sent = messages(client=client.id)
    assert answers and answers[0] == '8.8.8.8'
    assert receiver.tries == 0 and not receiver.posts
    assert connected and set(connected) == {('8.8.8.8', receiver.port)}
    assert sent and {m.status for m in sent} == {'pending'}
    assert 'not on the test network' in sent[0].last_error


def test_a_rebinding_name_is_posted_to_the_address_checked(
        demo_app, receiver, monkeypatch):
    """Checked at 127.0.0.1 (listed), then the name points at 127.0.0.2,
    where something else listens on the same port: the posts all reach
    the receiver at the checked address, signed, with the name as Host."""
    trap = Trap('127.0.0.2', receiver.port)
    url = 'http://%s:%d/hook' % (NAME, receiver.port)
    try:
        with demo_app.app_context():
            client, secret = hooked(demo_app, monkeypatch, url,
                                    ['*.platform.example', '127.0.0.1'])
            answers = rebinding(monkeypatch, '127.0.0.1', '127.0.0.2')
            counts = outbox.deliver_due()
            sent = messages(client=client.id)
            assert sent and {m.status for m in sent} == {'delivered'}
            assert counts['delivered'] >= len(sent)
    finally:
        trap.close()
    assert trap.connections == 0
    assert answers[0] == '127.0.0.1'
    assert len(receiver.once()) == len(sent)
    key, body, headers = receiver.posts[0]
    assert headers['Host'] == '%s:%d' % (NAME, receiver.port)
    assert outbox.verify(secret, headers['X-Bangban-Timestamp'], body,
                         headers['X-Bangban-Signature'])


def test_every_address_of_the_name_is_checked(monkeypatch):
    def resolve(host, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, '', ('8.8.8.8', 0)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, '', ('127.0.0.1', 0))]
    monkeypatch.setattr(socket, 'getaddrinfo', resolve)
    url = 'https://%s/h' % NAME
    with pytest.raises(outbox.DeliveryError) as refused:
        outbox.check_address(url, ['*.platform.example'])
    assert 'loopback address 127.0.0.1' in str(refused.value)
    checked = outbox.check_address(url, ['*.platform.example', '127.0.0.1'])
    assert [sockaddr[0] for _f, _p, sockaddr in checked] == [
        '8.8.8.8', '127.0.0.1']

    def nothing(host, *args, **kwargs):
        return []
    monkeypatch.setattr(socket, 'getaddrinfo', nothing)
    with pytest.raises(outbox.DeliveryError):
        outbox.check_address(url, ['*.platform.example'])


def test_tls_verifies_the_certificate_against_the_urls_host():
    """Connected to the checked address, the TLS handshake names the URL's
    host (SNI) and verifies the certificate against it."""
    listener = Trap('127.0.0.1', 0)
    port = listener.sock.getsockname()[1]
    seen = []
    connection = outbox.PinnedHTTPSConnection(
        'hooks.example.gov.cn', port, timeout=5,
        addresses=[(socket.AF_INET, socket.IPPROTO_TCP, ('127.0.0.1', 0))])

    def wrap_socket(sock, server_hostname=None, **kwargs):
        seen.append((server_hostname, sock.getpeername()))
        sock.close()
        raise ssl.SSLCertVerificationError('recorded')
    connection.context.wrap_socket = wrap_socket
    try:
        with pytest.raises(ssl.SSLError):
            connection.connect()
    finally:
        listener.close()
    assert seen == [('hooks.example.gov.cn', ('127.0.0.1', port))]
    assert connection.host == 'hooks.example.gov.cn'
    assert connection.context.check_hostname
    assert connection.context.verify_mode == ssl.CERT_REQUIRED


def test_an_https_post_to_a_plain_listener_fails_and_is_kept(
        demo_app, monkeypatch):
    """No certificate, no post: the try fails with a reason and the message
    waits for the next try."""
    listener = Trap('127.0.0.1', 0)
    port = listener.sock.getsockname()[1]
    try:
        with demo_app.app_context():
            client, _ = hooked(demo_app, monkeypatch,
                               'https://%s:%d/hook' % (NAME, port),
                               ['*.platform.example', '127.0.0.1'])
            rebinding(monkeypatch, '127.0.0.1', '127.0.0.2')
            outbox.deliver_due()
            sent = messages(client=client.id)
    finally:
        listener.close()
    assert listener.connections >= 1
    assert sent and {m.status for m in sent} == {'pending'}
    assert sent[0].last_error


@pytest.mark.parametrize('language, words', [
    ('zh', '发放排队号、预约办事'),
    ('en', 'issue queue tickets and book appointments')])
def test_the_api_page_names_the_writes(client, language, words):
    if language == 'en':
        client.post('/lang/en')
    page = client.get('/api/docs').get_data(as_text=True)
    assert words in page
