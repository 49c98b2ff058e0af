"""Delivering the outbox: SMS to applicants through a provider, events to
integrations' webhooks, signed; retried with a doubling wait until delivered
or given up (models.OutboxMessage keeps each message and what happened).

How it runs: `flask outbox run` (once, or `--loop` as a service), and a
step of the embedded scheduler's tick (jobs.py). Any number of workers on
any hosts may run at once: each message is claimed by one of them.

Settings (app.config, or the environment as BANGBAN_<NAME>):
  SMS_PROVIDER        'log' (default: the text goes to the log) or 'http'
  SMS_HTTP_URL        the gateway's address, for 'http'
  SMS_HTTP_KEY        its key, sent as a bearer token: set it in the
                      environment (BANGBAN_SMS_HTTP_KEY), never in a file
  SMS_AHEAD           places ahead at which "your number is coming up" is sent
  OUTBOX_MAX_ATTEMPTS tries before a message is given up (8)
  OUTBOX_RETRY_SECONDS the first wait after a failure, doubling (30)
  OUTBOX_MAX_WAIT_SECONDS the longest wait (3600)
  OUTBOX_TIMEOUT_SECONDS how long a gateway or webhook may take (10)
  WEBHOOK_HOSTS       the hosts webhooks may go to (models.WEBHOOK_HOSTS),
                      checked again at each try; the post goes to the very
                      addresses checked, never through a proxy
"""
import functools
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import os
import socket
import ssl
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale

import models
import validators
import web

log = logging.getLogger('bangban.outbox')
sms_log = logging.getLogger('bangban.sms')

SIGNATURE_HEADER = 'X-Bangban-Signature'
TIMESTAMP_HEADER = 'X-Bangban-Timestamp'
KEY_HEADER = 'Idempotency-Key'
EVENT_HEADER = 'X-Bangban-Event'


class DeliveryError(Exception):
    """A try failed: the receiver or gateway is down or said no."""


# --- SMS providers --------------------------------------------------------------

class LogProvider:
    """The demo's gateway: each text goes to the log, the phone masked."""

    def send(self, phone, text, key):
        sms_log.info('SMS %s to %s: %s', key, validators.mask_phone(phone), text)


class HttpProvider:
    """A real SMS gateway over HTTP: POSTs {"to", "text", "id"} as JSON to
    SMS_HTTP_URL with the key as a bearer token; any 2xx is delivered.
    Adapt `body` for a gateway that wants other field names."""

    def __init__(self, url, key, timeout=10):
        if not url:
            raise ValueError('SMS_PROVIDER is http but SMS_HTTP_URL is not set')
        self.url, self.key, self.timeout = url, key, timeout

    @staticmethod
    def body(phone, text, key):
        return {'to': phone, 'text': text, 'id': key}

    def send(self, phone, text, key):
        data = json.dumps(self.body(phone, text, key),
                          ensure_ascii=False).encode()
        headers = {'Content-Type': 'application/json; charset=utf-8',
                   KEY_HEADER: key}
        if self.key:
            headers['Authorization'] = 'Bearer %s' % self.key
        _post(self.url, data, headers, self.timeout)


def sms_provider(config):
    """The provider the settings name."""
    name = config.get('SMS_PROVIDER', 'log')
    if name == 'log':
        return LogProvider()
    if name == 'http':
        return HttpProvider(config.get('SMS_HTTP_URL', ''),
                            config.get('SMS_HTTP_KEY', ''),
                            config.get('OUTBOX_TIMEOUT_SECONDS', 10))
    raise ValueError('unknown SMS_PROVIDER %r: log or http' % (name,))


# --- Webhooks ---------------------------------------------------------------------

def sign(secret, timestamp, body):
    """The signature of a post: HMAC-SHA256 over "<timestamp>.<body>" with
    the client's secret, hex; sent as "sha256=<hex>"."""
    mac = hmac.new(secret.encode(), b'%s.%s' % (str(timestamp).encode(), body),
                   hashlib.sha256)
    return 'sha256=' + mac.hexdigest()


def verify(secret, timestamp, body, signature, tolerance=300, now=None):
    """What a receiver checks (the README shows the same): the signature
    matches and the timestamp is recent."""
    now = models.seconds() if now is None else now
    try:
        fresh = abs(now - int(timestamp)) <= tolerance
    except (TypeError, ValueError):
        return False
    return fresh and hmac.compare_digest(sign(secret, timestamp, body),
                                         signature or '')


def check_address(url, hosts):
    """Refuse, at send time, an address the operator does not allow now
    (WEBHOOK_HOSTS may have changed since it was set), and a host that
    resolves to a private, loopback or link-local address unless that host
    or address is listed as it is. The host is resolved once, here: what
    comes back is the addresses checked, which the post connects to (a
    name whose answer changes between the check and the post cannot send
    it elsewhere)."""
    host = urlsplit(url).hostname or ''
    if models.webhook_url_refusal(url, hosts) is not None:
        raise DeliveryError('not sent: the host %s is not in WEBHOOK_HOSTS'
                            % host)
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise DeliveryError('the host %s was not found: %s' % (host, error)) \
            from None
    addresses, seen = [], set()
    for family, _type, proto, _name, sockaddr in found:
        if sockaddr[0] not in seen:
            seen.add(sockaddr[0])
            addresses.append((family, proto, sockaddr))
    if not addresses:
        raise DeliveryError('the host %s was not found' % host)
    if not models.webhook_host_listed(host, hosts):
        for address in sorted(seen):
            ip = ipaddress.ip_address(address.split('%')[0])
            if not ip.is_global and not models.webhook_host_listed(address,
                                                                   hosts):
                raise DeliveryError('not sent: the host %s is at the private '
                                    'or loopback address %s, which is not in '
                                    'WEBHOOK_HOSTS' % (host, address))
    return addresses


def _connect(addresses, port, timeout):
    """A socket to the first of the checked addresses that answers, with no
    lookup of its own."""
    error = OSError('no address to connect to')
    for family, proto, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM, proto)
        try:
            sock.settimeout(timeout)
            sock.connect((sockaddr[0], port) + tuple(sockaddr[2:]))
            return sock
        except OSError as failed:
            sock.close()
            error = failed
    raise error


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to the addresses checked (check_address), not to
    whatever the URL's host resolves to now; the Host header is still the
    URL's host."""

    def __init__(self, host, port=None, *, addresses, **kwargs):
        super().__init__(host, port, **kwargs)
        self.addresses = addresses

    def connect(self):
        self.sock = _connect(self.addresses, self.port, self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is verified against the URL's
    host name, which is also the name sent (SNI)."""

    def __init__(self, host, port=None, *, addresses, context=None, **kwargs):
        self.context = context or ssl.create_default_context()
        super().__init__(host, port, context=self.context, **kwargs)
        self.addresses = addresses

    def connect(self):
        sock = _connect(self.addresses, self.port, self.timeout)
        try:
            self.sock = self.context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new address to post to: the
    receiver is the address the operator allowed, nowhere else."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def pinned_opener(addresses):
    """An opener that posts to the addresses checked, never through a
    proxy (a proxy would look the name up again), following no redirect."""

    class Http(urllib.request.HTTPHandler):
        def http_open(self, request):
            return self.do_open(functools.partial(
                PinnedHTTPConnection, addresses=addresses), request)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, request):
            return self.do_open(functools.partial(
                PinnedHTTPSConnection, addresses=addresses), request)

    return urllib.request.build_opener(
        _NoRedirect, urllib.request.ProxyHandler({}), Http, Https)


def post_webhook(client, message, addresses, timeout=10):
    """Post the message to the client's webhook at the addresses
    check_address found for it."""
    body = message.payload.encode()
    timestamp = str(int(models.seconds()))
    _post(client.webhook_url, body, {
        'Content-Type': 'application/json; charset=utf-8',
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(client.webhook_secret, timestamp, body),
        KEY_HEADER: message.key,
        EVENT_HEADER: message.kind,
    }, timeout, pinned_opener(addresses))


def _post(url, data, headers, timeout, opener=_opener):
    request = urllib.request.Request(url, data=data, headers=headers,
                                     method='POST')
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read(1024)
    except urllib.error.HTTPError as error:
        raise DeliveryError('HTTP %d' % error.code) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, 'reason', error)
        raise DeliveryError('%s: %s' % (type(error).__name__, reason)) from None


# --- The worker -----------------------------------------------------------------------

def worker_name():
    return '%s:%d' % (socket.gethostname()[:40], os.getpid())


def deliver_due(limit=100, at=None, worker=None, config=None):
    """Claim and try every message due now (in rounds of `limit`, until
    none is left); counts of delivered, retried and given up. `config`:
    the settings (the app's by default)."""
    config = current_app.config if config is None else config
    worker = worker or worker_name()
    provider = sms_provider(config)
    counts = {'delivered': 0, 'retry': 0, 'failed': 0}
    while True:
        messages = models.OutboxMessage.claim(
            worker, limit, at=at,
            lease_seconds=config.get('OUTBOX_LEASE_SECONDS', 300))
        if not messages:
            return counts
        clients = _clients(messages)
        texts = _city_texts(messages)
        for message in messages:
            error = _try(message, provider, clients, texts, config)
            message.settle(
                error, at=at,
                max_attempts=config.get('OUTBOX_MAX_ATTEMPTS', 8),
                retry_seconds=config.get('OUTBOX_RETRY_SECONDS', 30),
                most_seconds=config.get('OUTBOX_MAX_WAIT_SECONDS', 3600))
            outcome = ('delivered' if error is None else
                       'failed' if message.status == 'failed' else 'retry')
            counts[outcome] += 1
            if error is not None:
                log.warning('%s %s: %s (attempt %d)', message.channel,
                            message.key, error, message.attempts)


def _try(message, provider, clients, texts, config):
    """One try of a message: None when delivered, else what went wrong."""
    timeout = config.get('OUTBOX_TIMEOUT_SECONDS', 10)
    try:
        if message.channel == 'sms':
            city_texts = texts.get(models.Hall.city_of(message.hall_id), {})
            text = _sms_text(message, city_texts, config)
            provider.send(message.recipient, text, message.key)
        else:
            client = clients.get(message.client_id)
            if client is None or not client.webhook_url:
                raise DeliveryError('the client has no webhook now')
            if client.revoked_at is not None:
                raise DeliveryError('the client was revoked')
            addresses = check_address(
                client.webhook_url,
                config.get('WEBHOOK_HOSTS', models.WEBHOOK_HOSTS))
            post_webhook(client, message, addresses, timeout)
    except DeliveryError as error:
        return error
    except Exception as error:  # a broken gateway adapter: retried, logged
        log.exception('%s %s failed', message.channel, message.key)
        return DeliveryError('%s: %s' % (type(error).__name__, error))
    return None


def _sms_text(message, city_texts, config):
    """The text in the hall's language (the app's default locale); the
    rating reminder with the link to the case's page, made now."""
    values = message.values
    if message.kind == 'rate_reminder' and message.case_id:
        values['link'] = web.public_link(
            'public.progress', code=models.Case.rating_link_code(message.case_id))
    with force_locale(config.get('BABEL_DEFAULT_LOCALE', 'zh_Hans_CN')):
        return models.sms_text(message.kind, values, city_texts)


def _clients(messages):
    ids = {m.client_id for m in messages} - {None}
    if not ids:
        return {}
    return {client.id: client for client in models.ApiClient.select()
            .where(models.ApiClient.id.in_(ids))}


def _city_texts(messages):
    cities = {models.Hall.city_of(m.hall_id) for m in messages
              if m.channel == 'sms'}
    if not cities:
        return {}
    return {row.city_id: row.sms_texts() for row in models.CitySettings
            .select().where(models.CitySettings.city.in_(cities))}


def run_step():
    """The embedded scheduler's step: deliver what is due, never raise."""
    try:
        counts = deliver_due()
        if any(counts.values()):
            log.info('outbox: %s', counts)
    except Exception:
        log.exception('outbox: delivery round failed')
