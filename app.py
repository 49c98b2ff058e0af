"""The application factory: configuration, database, language, the three faces."""
import itertools
import os
import secrets
import select

import peewee
from flask import Flask, has_request_context
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

import models


def create_app(test_config=None):
    """Build a Bangban app: defaults, then instance config, then overrides."""
    app = Flask(__name__, instance_relative_config=True)
    _private_instance(app.instance_path)
    app.config.from_mapping(
        DATABASE_URL=os.environ.get('DATABASE_URL') or 'sqlite:///' + os.path.join(
            app.instance_path, 'bangban.db'),
        BABEL_DEFAULT_LOCALE='zh_Hans_CN',
        TIMEZONE=os.environ.get('TIMEZONE') or 'Asia/Shanghai',
        LANGUAGES=['zh_Hans_CN', 'en'],
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE='Lax',
        SESSION_IDLE_MINUTES=30,
        KIOSK_IDLE_SECONDS=120,
        # (requests, seconds) per client. Writes (sign-in, booking, scans)
        # count in the database, across all workers and hosts:
        PUBLIC_RATE_LIMIT=(30, 60),
        # Reads count in each worker's memory: a client gets up to this in
        # every worker of every host (None: PUBLIC_RATE_LIMIT's numbers).
        READ_RATE_LIMIT=None,
        # The hall screen polls once a second; room for several screens
        # behind one address (the hall's NAT) and for reloads. Per worker.
        DISPLAY_POLL_LIMIT=(600, 60),
        LOGIN_RATE_LIMIT=(20, 600),  # sign-in attempts per device
        # Appointments one booker may hold a day (models.BOOKING_LIMITS):
        # per_id (per hall), per_phone, per_client (address); any subset.
        BOOKING_LIMITS={},
        TRUSTED_PROXIES=int(os.environ.get('TRUSTED_PROXIES') or 0),
        # Where applicants' phones open receipt and appointment links.
        PUBLIC_URL=os.environ.get('PUBLIC_URL') or '',
        WTF_CSRF_TIME_LIMIT=None,
        # How long audit entries and closed cases' history stay in the
        # database before `flask audit-archive` moves them to a file.
        AUDIT_RETENTION_DAYS=int(os.environ.get('AUDIT_RETENTION_DAYS') or 184),
        # The hosts integrations' webhooks may go to (models.WEBHOOK_HOSTS:
        # this machine only, for the demo).
        WEBHOOK_HOSTS=list(models.WEBHOOK_HOSTS),
    )
    app.config.from_pyfile('config.py', silent=True)
    # Any setting from the environment too: BANGBAN_READ_RATE_LIMIT='[60, 60]'.
    app.config.from_prefixed_env('BANGBAN')
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Times are stored as the hall's naive local time and shown as stored:
    # flask-babel keeps UTC, which leaves naive times as they are. Any other
    # zone there would add the hall's offset a second time.
    if app.config.setdefault('BABEL_DEFAULT_TIMEZONE', 'UTC') != 'UTC':
        raise ValueError('Set TIMEZONE for the hall, not BABEL_DEFAULT_TIMEZONE: '
                         'times are stored in the hall\'s zone and shown as stored.')
    if app.config['AUDIT_RETENTION_DAYS'] < models.MIN_RETENTION_DAYS:
        raise ValueError('AUDIT_RETENTION_DAYS must be at least %d: the '
                         'Cybersecurity Law (Art. 21) keeps logs six months.'
                         % models.MIN_RETENTION_DAYS)
    app.config['WEBHOOK_HOSTS'] = models.check_webhook_hosts(
        app.config['WEBHOOK_HOSTS'])
    if not app.config.get('SECRET_KEY'):
        app.config['SECRET_KEY'] = os.environ.get('SECRET_KEY') or _instance_secret(app)

    init_db(app)

    import action_keys
    import assets
    import bilingual
    import cli
    import kiosk
    import portal
    import public
    import web

    web.init_app(app)
    assets.init_app(app)
    bilingual.init_app(app)
    action_keys.init_app(app)
    portal.init_app(app)
    kiosk.init_app(app)
    public.init_app(app)
    cli.init_app(app)
    import api
    api.init_app(app)  # last: its errors go before the faces' error pages
    import jobs
    jobs.init_app(app)  # the embedded scheduler, when JOBS_EMBEDDED
    return app


def _private_instance(path):
    """instance/ holds the database, the secret key and local config: only
    the service account may read it (folders 0700, files 0600)."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)
    for folder, dirs, files in os.walk(path):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o700)
        for name in files:
            target = os.path.join(folder, name)
            if not os.path.islink(target):
                os.chmod(target, 0o600)


def _private_file(path):
    """Create a database file readable by the service account only; SQLite
    gives its -wal and -shm files the same permissions."""
    if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        return  # no database can be opened there; the health check says so
    if not os.path.exists(path):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(path + suffix):
            os.chmod(path + suffix, 0o600)


def _instance_secret(app):
    """A secret key generated once into instance/, never committed."""
    path = os.path.join(app.instance_path, 'secret_key')
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'w') as fh:
            fh.write(secrets.token_hex(32))
    with open(path) as fh:
        return fh.read().strip()


def connect_database(url):
    """A peewee database for a URL: SQLite with its pragmas, or PostgreSQL,
    each behind a pool of connections."""
    from playhouse.db_url import parse

    if url.startswith('sqlite:///'):
        path = url[len('sqlite:///'):]
        if path != ':memory:':
            _private_file(path)
        return PooledSqlite(path, pragmas={
            'journal_mode': 'wal',
            'foreign_keys': 1,
            'busy_timeout': 10000,
            'synchronous': 'normal',
            'analysis_limit': 1000,
        }, check_same_thread=False, **POOL)
    if url.startswith(('postgres://', 'postgresql://')):
        options = parse(url)
        return PooledPostgresql(options.pop('database'), **options, **POOL)
    from playhouse.db_url import connect
    return connect(url)


# A worker keeps the connections its requests used, so a request does not
# open one (and set its pragmas) anew: sync workers use one, threaded
# workers one a thread. Kept at most five minutes, then opened afresh.
POOL = dict(max_connections=32, stale_timeout=300)


class _RequestPool:
    """What both pools share: only requests give connections back to the
    pool. Anything else that closes (a command, the end of a test) closes
    for real, and leaves no idle connection behind."""

    def close(self):
        closed = super().close()
        if not has_request_context():
            self.close_idle()
        return closed

    def discard(self):
        """Close the connection in use for real: it is broken."""
        try:
            self.manual_close()
        except peewee.PeeweeException:
            pass


# Every SQLite connection this process opens, numbered (of any app: tests
# make many in one process).
_OPENED = itertools.count(1)


class PooledSqlite(_RequestPool, PooledSqliteDatabase):
    """SQLite connections kept between requests; pragmas set once, when a
    connection opens. A file replaced since (a restore while serving, a
    test's fresh copy) is opened anew. A connection goes back to the pool
    from one thread and out again to another (threaded workers), so it is
    opened with check_same_thread=False: the pool, not sqlite3, sees that
    one thread at a time uses it."""

    def __init__(self, *args, **kwargs):
        self._files = {}  # connection key -> the file it opened
        self._serials = {}  # connection key -> its number in this process
        super().__init__(*args, **kwargs)

    def _add_conn_hooks(self, conn):
        # Called once for each new connection: its pragmas, and its file.
        super()._add_conn_hooks(conn)
        self._files[self.conn_key(conn)] = self._file_identity()
        self._serials[self.conn_key(conn)] = next(_OPENED)

    def content_version(self):
        """A value that is the same for two calls only if nothing was
        committed to the database in between, by any connection or
        process (store.content_version): SQLite's data_version counts the
        other connections' commits, total_changes this one's own rows.
        Both are counted per connection, hence its number."""
        conn = self.connection()
        serial = self._serials.get(self.conn_key(conn))
        if serial is None or self.in_transaction():
            return None  # unknown connection, or a snapshot being changed
        version = conn.execute('PRAGMA data_version').fetchone()[0]
        return serial, version, conn.total_changes

    def _file_identity(self):
        try:
            found = os.stat(self.database)
        except OSError:
            return None
        return found.st_dev, found.st_ino

    def _is_closed(self, conn):
        if super()._is_closed(conn):
            return True
        if (self.database == ':memory:' or self._files.get(self.conn_key(conn))
                == self._file_identity()):
            return False
        self._close_raw(conn)
        return True

    def _close_raw(self, conn):
        # SQLite's advice: let it refresh the planner's statistics where
        # they went stale, just before a connection closes (analysis_limit
        # keeps that short on any size of table).
        try:
            conn.execute('PRAGMA optimize')
        except Exception:  # a broken connection is closed all the same
            pass
        self._files.pop(self.conn_key(conn), None)
        self._serials.pop(self.conn_key(conn), None)
        super()._close_raw(conn)


class PooledPostgresql(_RequestPool, PooledPostgresqlDatabase):
    """PostgreSQL connections kept between requests. One the server has
    ended (a restart, an administrator) is noticed before it is used: an
    idle connection has nothing to read, a dropped one has its notice or
    end of file waiting on the socket."""

    def _is_closed(self, conn):
        if super()._is_closed(conn):
            return True
        try:
            waiting = select.poll()
            waiting.register(conn.fileno(), select.POLLIN)
            return bool(waiting.poll(0))
        except (OSError, ValueError):
            return True


# Requests that need no connection: static files, and the health check,
# which connects by itself to report a database that fails.
EXCLUDED_ROUTES = ('static', 'web.healthz')


def _excluded(endpoint):
    return endpoint in EXCLUDED_ROUTES or (endpoint or '').endswith('.static')


def bind_models(app):
    """Point the models at this app's database, hall time zone and identity
    key: done once a process by init_db, as a server runs one app."""
    models.set_time_zone(app.config['TIMEZONE'])
    models.set_identity_key(app.config['SECRET_KEY'])
    models.db.initialize(app.extensions['database'])
    # Read limits are counted in the worker's memory (web.read_limited):
    # an app bound anew starts them afresh, as a server that starts does.
    if 'read_limits' in app.extensions:
        app.extensions['read_limits'].reset()


def init_db(app):
    """Bind the models to the configured database once; one connection a
    request (as playhouse.flask_utils.FlaskDB, with its excluded routes)."""
    from flask import request

    app.extensions['database'] = connect_database(app.config['DATABASE_URL'])
    bind_models(app)

    @app.before_request
    def _connect():
        if _excluded(request.endpoint):
            return
        models.begin_request_cache()  # each city's calendar, once a request
        models.db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(exc):
        # Whatever the route: a connection opened on the way (an after-request
        # hook, the health check) never outlives its request.
        models.end_request_cache()
        if not models.db.is_closed():
            models.db.close()
