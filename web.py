"""What the three faces share: language, CSRF, security headers, limits,
health, and the public address of applicant links."""
import functools
import ipaddress
import logging
import re
import secrets
import threading
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint, abort, current_app, g, has_request_context, jsonify, redirect,
    render_template, request, session, url_for,
)
import peewee
from flask_babel import Babel, get_locale, gettext as _
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask_babel.speaklater import LazyString
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from werkzeug.middleware.proxy_fix import ProxyFix

import models
import validators
from prepared import Prepared
from store import UnchangedCache, content_version

log = logging.getLogger(__name__)
bp = Blueprint('web', __name__)
csrf = CSRFProtect()

# Nothing is loaded from outside the server: halls sit on intranets. No
# inline script runs: ours are static files, and Flask-Admin's few inline
# ones carry the response's nonce (csp_nonce), so markup that slipped into a
# page still could not run.
def content_security_policy(nonce=None):
    """The policy of a response; `nonce` admits inline scripts carrying it."""
    scripts = "script-src 'self'" + (" 'nonce-%s'" % nonce if nonce else '')
    return '; '.join([
        "default-src 'self'",
        scripts,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob: mediastream:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
        "form-action 'self'",
    ])


CONTENT_SECURITY_POLICY = content_security_policy()
CSP_NONCE = 'bangban.csp_nonce'  # where a request keeps its nonce (environ)


def csp_nonce():
    """This response's nonce for inline scripts (Flask-Admin's
    csp_nonce_generator); only a response that asked for one admits it.
    Kept on the request: an app context, and its `g`, can outlive one."""
    environ = request.environ
    if CSP_NONCE not in environ:
        environ[CSP_NONCE] = secrets.token_urlsafe(16)
    return environ[CSP_NONCE]


class JSONProvider(DefaultJSONProvider):
    """Translated text goes into JSON as the plain sentence: the browser
    shows it as text (textContent), so it must not arrive HTML-escaped."""

    @staticmethod
    def default(o):
        if isinstance(o, LazyString):
            return str(o)
        return DefaultJSONProvider.default(o)


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over TLS,
    directly or through a trusted proxy (TRUSTED_PROXIES)."""

    def get_cookie_secure(self, app):
        return (super().get_cookie_secure(app)
                or (has_request_context() and request.is_secure))

    def get_signing_serializer(self, app):
        """The serializer of the app's keys, made once and again only when
        a key changes: Flask makes one each request, a tenth of a poll."""
        keys = (app.secret_key, tuple(app.config.get('SECRET_KEY_FALLBACKS') or ()))
        made = app.extensions.get('session_serializer')
        if made is None or made[0] != keys:
            serializer = super().get_signing_serializer(app)
            if serializer is None:
                return None
            made = app.extensions['session_serializer'] = (keys, serializer)
        return made[1]


def select_locale():
    """The language chosen by the user, else Chinese."""
    chosen = session.get('lang') if has_request_context() else None
    if chosen in current_app.config['LANGUAGES']:
        return chosen
    return current_app.config['BABEL_DEFAULT_LOCALE']


def html_lang():
    """The language of the page as HTML names it (`<html lang>`), which
    screen readers read the page in: the language it is being written in
    (a page forced into one, such as the kiosk's offline page, says so)."""
    code = str(get_locale() or select_locale())
    return {'zh_Hans_CN': 'zh-CN'}.get(code, code.replace('_', '-'))


def init_app(app):
    """Install language, CSRF, headers, error pages and the shared routes."""
    app.config['PUBLIC_URL'] = public_url_setting(app.config.get('PUBLIC_URL'))
    if app.config.get('TRUSTED_PROXIES'):
        hops = int(app.config['TRUSTED_PROXIES'])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops,
                                x_host=hops)
    Babel(app, locale_selector=select_locale)
    app.before_request(refuse_malformed_input)
    app.session_interface = SessionInterface()
    app.json = JSONProvider(app)
    csrf.init_app(app)
    app.extensions['read_limits'] = ReadLimits()
    app.register_blueprint(bp)
    app.register_error_handler(CSRFError, form_expired)
    app.register_error_handler(413, _too_large)
    app.register_error_handler(403, _forbidden)
    app.register_error_handler(404, _not_found)
    app.register_error_handler(429, _too_many)
    app.register_error_handler(500, _server_error)
    # A database that is down or unreachable, on any page.
    app.register_error_handler(peewee.OperationalError, _database_unavailable)
    app.register_error_handler(peewee.InterfaceError, _database_unavailable)
    app.after_request(_security_headers)
    app.jinja_env.globals['current_locale'] = select_locale
    app.jinja_env.globals['html_lang'] = html_lang
    # The hall's time for pages with a clock (hall_clock.js), never the
    # browser's own.
    app.jinja_env.globals['hall_now'] = models.now
    app.jinja_env.globals['document_type'] = validators.document_type_label
    app.jinja_env.globals['country_name'] = validators.country_name


def _security_headers(response):
    nonce = request.environ.get(CSP_NONCE)
    response.headers.setdefault('Content-Security-Policy',
                                content_security_policy(nonce) if nonce
                                else CONTENT_SECURITY_POLICY)
    response.headers.setdefault('X-Content-Type-Options', 'nosniff')
    response.headers.setdefault('Referrer-Policy', 'same-origin')
    response.headers.setdefault('X-Frame-Options', 'SAMEORIGIN')
    if request.is_secure:
        response.headers.setdefault('Strict-Transport-Security',
                                    'max-age=31536000')
    return response


# The faces whose pages are screens in the hall, not in a browser: their
# error pages keep the terminal's own look and lead back to its start.
SCREEN_FACES = {'kiosk': 'kiosk.start', 'display': None}


def _message_page(status, title, message):
    """An error or refusal as a page of the face it happened on, in the
    user's language; it reads nothing from the database."""
    # By address, not blueprint: an unknown address has no blueprint.
    face = request.path.strip('/').split('/')[0] if has_request_context() else None
    if face in SCREEN_FACES:
        home = SCREEN_FACES[face]
        return render_template('kiosk/message.html', title=title,
                               message=message,
                               home=url_for(home) if home else None), status
    home = url_for('portal_auth.login') if face == 'portal' else None
    return render_template('message.html', title=title, message=message,
                           home=home), status


# No value a person types is longer than this (the longest field keeps
# models.TEXT_MAX_LENGTH); anything longer is refused before any view reads it.
MAX_VALUE_LENGTH = 2 * models.TEXT_MAX_LENGTH
# NUL, and lone surrogates (a JSON body can carry them): no database keeps
# them, and PostgreSQL fails on them even in a lookup. Other control
# characters are refused by the field that would keep them (models.py).
UNSTORABLE = re.compile('[\x00\ud800-\udfff]')


def _malformed(value):
    """Whether a request value is one no page may read."""
    return len(value) > MAX_VALUE_LENGTH or bool(UNSTORABLE.search(value))


def _json_strings(value):
    """Every key and string in a JSON document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _json_strings(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def request_strings():
    """The address, and every name and value of the query, form and JSON."""
    yield request.path
    if (request.method in ('GET', 'HEAD') and not request.query_string
            and not request.content_length
            and 'Transfer-Encoding' not in request.headers):
        return  # nothing else was sent (a poll, a page): nothing to parse
    for values in (request.args, request.form):
        for key, items in values.lists():
            yield key
            yield from items
    for upload in request.files.values():
        yield upload.filename or ''
    if request.is_json:
        yield from _json_strings(request.get_json(silent=True))


def refuse_malformed_input():
    """Refuse, before any view or lookup, a request carrying a value no
    field could keep: so no input of any length or byte gives a 500."""
    if any(_malformed(value) for value in request_strings()):
        if request.path.startswith('/api/'):
            abort(400)  # the API's problem document (api/problems.py)
        return _message_page(400, _('Input refused'), _(
            'Something you sent is far too long or holds a character that '
            'cannot be kept (such as a NUL byte). Go back, correct it and '
            'try again. Nothing was changed.'))


def _forbidden(error):
    return _message_page(403, _('Not allowed'), _(
        'Your account may not open this page or change this record. '
        'Nothing was changed.'))


def _server_error(error):
    return _message_page(500, _('Something went wrong'), _(
        'The server could not complete this request and changed nothing. '
        'Please try again; if it happens again, tell the hall\'s administrator.'))


def _database_unavailable(error):
    log.exception('database unavailable')
    if not models.db.is_closed():
        # Never back to the pool: the connection may be the broken part.
        discard = getattr(models.db.obj, 'discard', models.db.close)
        try:
            discard()
        except peewee.PeeweeException:
            pass
    return _message_page(503, _('Service temporarily unavailable'), _(
        'The database cannot be reached just now. Nothing was changed. '
        'Please wait a moment and try again.'))


def form_expired(error):
    """A form sent without a valid CSRF token or action key."""
    return _message_page(400, _('Form expired'), _(
        'This form has expired or was already sent. Go back, reload the page '
        'and try again. Nothing was changed.'))


def _too_large(error):
    return _message_page(413, _('File too large'), _(
        'The file is larger than %(mb)d MB. Nothing was changed.',
        mb=current_app.config['MAX_CONTENT_LENGTH'] // (1024 * 1024)))


def _not_found(error):
    return _message_page(404, _('Not found'), _(
        'There is nothing at this address.'))


def _too_many(error):
    return _message_page(429, _('Too many requests'), _(
        'Too many requests from this device. Please wait a minute and try again.'))


def client_key():
    """Who is asking, for rate limits: the client address.

    Forwarded-for headers are trusted only through ProxyFix (config
    TRUSTED_PROXIES), so a client cannot pick its own address.
    """
    return request.remote_addr or 'unknown'


def rate_limited(name, limit=None, per=None, methods=None):
    """Limit an endpoint per client across all workers and hosts, counted in
    the database: for requests that write anyway (sign-in, booking, scans),
    in `methods` only if given. Reads take `read_limited`."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if methods is not None and request.method not in methods:
                return view(*args, **kwargs)
            default_limit, default_per = current_app.config['PUBLIC_RATE_LIMIT']
            if not models.RateHit.allow('%s:%s' % (name, client_key()),
                                        limit or default_limit,
                                        per or default_per):
                abort(429)
            return view(*args, **kwargs)
        return wrapped
    return decorator


# Reads never write: their limits are counted in each worker's memory, not
# in the database. A client may so make up to the limit in every worker of
# every host: set READ_RATE_LIMIT per worker.
class ReadLimits:
    """Requests per client and endpoint in fixed windows of time, counted in
    this worker's memory. A check is a dictionary lookup: it runs on every
    poll of every wall screen, so it costs next to nothing. Counters of past
    windows are dropped at most once a minute, by the request that comes
    next."""

    SWEEP_SECONDS = 60

    def __init__(self):
        self.counts = {}  # (name, client, seconds) -> (window, count)
        self.swept = time.monotonic()
        self.lock = threading.Lock()

    def reset(self):
        with self.lock:
            self.counts.clear()

    def allow(self, key, limit, seconds):
        """Count one request of `key`; False once `limit` were counted in
        this window of `seconds`."""
        now = time.monotonic()
        window = int(now // seconds)
        key = key + (seconds,)
        with self.lock:
            if time.monotonic() - self.swept > self.SWEEP_SECONDS:
                self._sweep(now)
            found, count = self.counts.get(key, (window, 0))
            if found != window:
                count = 0
            if count >= limit:
                return False
            self.counts[key] = (window, count + 1)
            return True

    def _sweep(self, now):
        self.swept = time.monotonic()
        self.counts = {key: (window, count)
                       for key, (window, count) in self.counts.items()
                       if window == int(now // key[-1])}


def read_limits():
    """This app's read counters (app.bind_models starts them afresh)."""
    return current_app.extensions.setdefault('read_limits', ReadLimits())


def read_limited(config_key='READ_RATE_LIMIT'):
    """Limit an endpoint's reads (GET, HEAD) per client, in each worker's
    memory, to the (requests, seconds) of `config_key`, else to
    PUBLIC_RATE_LIMIT's numbers; its writes, if any, take `rate_limited`."""
    def decorator(view):
        name = view.__module__ + '.' + view.__name__

        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if request.method in ('GET', 'HEAD'):
                config = current_app.config
                limit, seconds = (config.get(config_key)
                                  or config['PUBLIC_RATE_LIMIT'])
                if not read_limits().allow((name, client_key()), limit, seconds):
                    abort(429)
            return view(*args, **kwargs)
        return wrapped
    return decorator


# Whole pages kept while nothing in the database changes (store.UnchangedCache).
PAGES = UnchangedCache()


def unchanged_page(vary=None):
    """Serve a public page's GET from this process's memory while nothing
    was committed to the database since it was made, for the same address,
    language, day and `vary()` (what else of the request the page reads).
    A kept page is the same bytes reading again would give, but for the
    reader's own CSRF token, which is put in afresh. Pages that show a
    flashed message, or whose database cannot tell that nothing changed
    (store.content_version), are made each time."""
    def decorator(view):
        name = view.__module__ + '.' + view.__name__

        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if request.method != 'GET' or '_flashes' in session:
                return view(*args, **kwargs)
            version = content_version()
            key = (name, request.full_path, select_locale(), models.today(),
                   vary() if vary else None)
            kept = PAGES.get(key, version)
            if kept is not None:
                status, headers, body, token = kept
                if token:
                    body = body.replace(token, generate_csrf())
                return current_app.response_class(body, status, headers)
            response = current_app.make_response(view(*args, **kwargs))
            if (response.status_code in (200, 404) and not response.is_streamed
                    and 'Set-Cookie' not in response.headers):
                headers = [(k, v) for k, v in response.headers.items()
                           if k not in ('Content-Length', 'Content-Security-Policy')]
                PAGES.put(key, version, (response.status_code, headers,
                                         response.get_data(as_text=True),
                                         g.get('csrf_token')))
            return response
        return wrapped
    return decorator


# --- Applicant links ------------------------------------------------------------

def public_url_setting(value):
    """PUBLIC_URL as configured, checked: '' (unset) or scheme and host with
    an optional path, without a trailing slash. Anything else stops start-up."""
    value = (value or '').strip()
    if not value:
        return ''
    parts = urlsplit(value)
    if (parts.scheme not in ('http', 'https') or not parts.hostname
            or parts.query or parts.fragment or '@' in parts.netloc):
        raise ValueError(
            'PUBLIC_URL must be the address applicants open, such as '
            'https://bangban.example.gov.cn (scheme and host, optionally a '
            'path; no query): got %r' % value)
    return value.rstrip('/')


def applicant_link_base():
    """Where applicant links point: PUBLIC_URL, else this request's address."""
    return (current_app.config.get('PUBLIC_URL')
            or request.host_url.rstrip('/') + request.script_root)


def applicant_link(endpoint, **values):
    """The absolute address of an applicant page (progress, appointment), for
    everything printed or shown to applicants: one place decides the host."""
    path = url_for(endpoint, **values)[len(request.script_root):]
    return applicant_link_base() + path


def public_link(endpoint, **values):
    """An applicant page's absolute address where there is no request (a
    text the outbox worker sends): PUBLIC_URL's, or '' while it is not set
    (the portal warns of that)."""
    base = current_app.config.get('PUBLIC_URL')
    if not base:
        return ''
    return base + current_app.url_map.bind('localhost').build(endpoint, values)


def private_address(url):
    """Whether a phone on the public network cannot open this address: a
    loopback, private or link-local IP, or localhost (nothing is looked up)."""
    host = (urlsplit(url).hostname or '').rstrip('.').lower()
    if host == 'localhost' or host.endswith(('.localhost', '.local')):
        return True
    try:
        address = ipaddress.ip_address(host.split('%')[0])
    except ValueError:
        return False  # a name: only DNS knows, and nothing is looked up
    return (address.is_loopback or address.is_private or address.is_link_local
            or address.is_unspecified)


@bp.route('/lang/<code>', methods=['POST'])
def set_language(code):
    """Switch the interface language, then go back where the user was."""
    if code in current_app.config['LANGUAGES']:
        session['lang'] = code
    return redirect(local_target(request.form.get('next')))


def local_target(value):
    """Where a setting's form goes back to: a path on this site, else the
    start page (never another site: `//host` and `/\\host` lead away)."""
    if not value or not value.startswith('/') or value.startswith(('//', '/\\')):
        return '/'
    return value


@bp.route('/healthz')
def healthz():
    """For load balancers: the app answers and the database responds; and
    for people, the hall's zone and time as the server keeps them."""
    try:
        models.db.connect(reuse_if_open=True)
        models.db.execute_sql('SELECT 1')
    except Exception:  # any database failure means "not healthy"
        return jsonify(status='error', db='unreachable'), 503
    return jsonify(status='ok', db='ok', time_zone=models.HALL_ZONE.key,
                   hall_time=models.now().isoformat(),
                   details=_details_or_none())


def _details_or_none():
    """The details, or none when the schema is not migrated yet: the
    database still answers, so the check stays healthy. Kept while nothing
    in the database changes: a load balancer probes many times a second."""
    try:
        return _HEALTH.fetch(models.today(), health_details)
    except peewee.DatabaseError:
        return {}


_HEALTH = UnchangedCache(size=4)


def health_details():
    """What works but needs someone's attention (still status 200): the
    years in use whose holiday notice no source knows, per city."""
    unknown = [{'city': code, 'year': year,
                'problem': 'holiday notice unknown: due dates provisional'}
               for city_id, code in _CITIES(models.db)
               for year in models.unknown_notice_years(city_id)]
    return {'calendar': dict(calendar_versions(), unknown_notices=unknown)}


# A load balancer probes many times a second: SQL written once a process.
_CITIES = Prepared(lambda: models.Hall.select(models.Hall.id, models.Hall.code)
                   .where(models.Hall.parent.is_null())
                   .order_by(models.Hall.code).tuples())


@functools.cache
def calendar_versions():
    """The calendar libraries' releases, read once a process: reading
    package metadata costs more than the rest of the health check, and a
    running process keeps the release it imported."""
    import calendar_library
    return calendar_library.versions()


@bp.route('/')
def index():
    """The root sends staff to the portal."""
    return redirect(url_for('portal_auth.login'))

