"""Fixtures: an app on its own database per test, on SQLite or PostgreSQL.

Set TEST_DATABASE_URL to a PostgreSQL server URL (postgresql://user@host/db)
to run the suite there; otherwise every test gets its own SQLite file. Each
kind of database (empty, demo) is built once per run and copied per test.
"""
import datetime
import os
import shutil
import time
import uuid

import psycopg2
import pytest
from flask import Flask
from flask_babel import Babel
from peewee import SqliteDatabase

import models
from app import connect_database, create_app
from cli import run_migrations

PG_URL = os.environ.get('TEST_DATABASE_URL', '')
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pytest_configure(config):
    config.addinivalue_line('markers', 'server_zone(name): run the live '
                            'server with its process clock in this zone (TZ)')
    config.addinivalue_line('markers', 'browser_zone(name): the browser '
                            'page\'s own time zone')
    config.addinivalue_line('markers', 'browser: drives a real browser '
                            '(given to every test using the `browser` '
                            'fixture); `-m "not browser"` runs the rest')


def pytest_collection_modifyitems(items):
    for item in items:
        if 'browser' in getattr(item, 'fixturenames', ()):
            item.add_marker(pytest.mark.browser)


def pytest_sessionstart(session):
    """Compile the translation catalogues the tests read."""
    from babel.messages.frontend import CommandLineInterface
    CommandLineInterface().run(['pybabel', '-q', 'compile', '--use-fuzzy',
                                '-d', os.path.join(ROOT, 'translations')])


# --- The clock and the process's time zone -----------------------------------

# Zones a server's own clock may be set to; none of them is the hall's.
PROCESS_ZONES = ('UTC', 'America/New_York')


def set_process_zone(name):
    """Set this process's local time zone (TZ); None restores the system's."""
    if name is None:
        os.environ.pop('TZ', None)
    else:
        os.environ['TZ'] = name
    time.tzset()


@pytest.fixture(params=PROCESS_ZONES)
def process_zone(request):
    """Run the test once with the process's clock in each of PROCESS_ZONES."""
    before = os.environ.get('TZ')
    set_process_zone(request.param)
    yield request.param
    set_process_zone(before)


class Clock:
    """`models.instant()`, the one clock, pinned to a moment that stays put
    until the test moves it: `clock.set('2026-12-31T20:29:00Z')`."""

    def __init__(self, monkeypatch):
        self.moment = models.instant()
        monkeypatch.setattr(models, 'instant', lambda: self.moment)

    def set(self, moment):
        """Pin the clock to an aware datetime or an ISO text with its offset."""
        if isinstance(moment, str):
            moment = datetime.datetime.fromisoformat(moment.replace('Z', '+00:00'))
        if moment.tzinfo is None:
            raise ValueError('give the moment with its offset, e.g. ...Z')
        self.moment = moment.astimezone(datetime.timezone.utc)
        return self.moment

    def advance(self, **delta):
        """Move the clock on by a timedelta's arguments (minutes=31)."""
        self.moment += datetime.timedelta(**delta)
        return self.moment


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


class Databases:
    """Template databases built once, and a fresh copy of one per test."""

    def __init__(self, tmp_path_factory):
        self.tmp = tmp_path_factory.mktemp('db')
        self.templates = {}
        self.created = []

    def _build(self, url, demo):
        database = connect_database(url)
        models.db.initialize(database)
        database.connect()
        run_migrations(database)
        if demo:
            import seeds
            # Under TESTING, so that the demo accounts get the cheap hash
            # (models.hash_secret) and every sign-in with them is quick.
            quiet = Flask(__name__)
            quiet.config['TESTING'] = True
            Babel(quiet)  # English, the source language, as without an app
            with quiet.app_context():
                seeds.load_demo()
        if isinstance(database, SqliteDatabase):
            database.execute_sql('PRAGMA wal_checkpoint(TRUNCATE)')
        database.close()

    def template(self, kind):
        if kind not in self.templates:
            name = 'bangban_tpl_%s_%s' % (kind, uuid.uuid4().hex[:8])
            if PG_URL:
                self._pg('CREATE DATABASE %s' % name)
                url = self._pg_url(name)
            else:
                url = 'sqlite:///%s' % (self.tmp / ('%s.db' % name))
            self._build(url, demo=(kind == 'demo'))
            self.templates[kind] = name
        return self.templates[kind]

    def fresh(self, kind='empty'):
        """A new database, a copy of the template of this kind; its URL."""
        template = self.template(kind)
        name = 'bangban_t_%s' % uuid.uuid4().hex[:12]
        if PG_URL:
            self._pg('CREATE DATABASE %s TEMPLATE %s' % (name, template))
            return self._pg_url(name)
        source = self.tmp / ('%s.db' % template)
        target = self.tmp / ('%s.db' % name)
        shutil.copy(source, target)
        return 'sqlite:///%s' % target

    def _pg_url(self, name):
        return PG_URL.rsplit('/', 1)[0] + '/' + name

    def _pg(self, sql):
        conn = psycopg2.connect(PG_URL)
        conn.autocommit = True
        try:
            conn.cursor().execute(sql)
        finally:
            conn.close()
        if sql.startswith('CREATE DATABASE') and \
                sql.split()[2] not in self.created:
            self.created.append(sql.split()[2])

    def drop_all(self):
        if not PG_URL:
            return
        for name in reversed(self.created):
            try:
                self._pg('DROP DATABASE IF EXISTS %s WITH (FORCE)' % name)
            except psycopg2.Error:
                pass


@pytest.fixture(scope='session')
def databases(tmp_path_factory):
    dbs = Databases(tmp_path_factory)
    yield dbs
    dbs.drop_all()


def make_app(databases, kind, **config):
    url = databases.fresh(kind)
    app = create_app(dict({
        'TESTING': True,
        'SECRET_KEY': 'test-secret',
        'DATABASE_URL': url,
        'WTF_CSRF_ENABLED': False,
    }, **config))
    return app


@pytest.fixture
def app(databases):
    """An app on a fresh, migrated, empty database."""
    application = make_app(databases, 'empty')
    with application.app_context():
        models.db.initialize(application.extensions['database'])
        yield application
    application.extensions['database'].close()


@pytest.fixture
def demo_app(databases):
    """An app on a fresh copy of the demo city."""
    application = make_app(databases, 'demo')
    with application.app_context():
        models.db.initialize(application.extensions['database'])
        yield application
    application.extensions['database'].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Sign a test client in and out of the portal."""

    def __init__(self, client):
        self._client = client

    def login(self, username='demo-manager', password='bangban-demo'):
        return self._client.post('/portal/login', data={
            'username': username, 'password': password})

    def logout(self):
        return self._client.post('/portal/logout')


@pytest.fixture
def auth(demo_client):
    return AuthActions(demo_client)


# --- A real server and a real browser ----------------------------------------

def _free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class LiveServer:
    """gunicorn serving the app on a fresh database, on a loopback port."""

    def __init__(self, database_url, tmp_path, workers=2, zone=None):
        import subprocess
        import sys
        import time
        import urllib.request

        self.database_url = database_url
        self.port = _free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        env = dict(os.environ, DATABASE_URL=database_url,
                   SECRET_KEY='live-test-secret')
        if zone:
            env['TZ'] = zone  # the server's own clock zone, not the hall's
        self.log = open(tmp_path / 'gunicorn.log', 'w')
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'gunicorn', '--workers', str(workers),
             '--bind', '127.0.0.1:%d' % self.port, 'app:create_app()'],
            cwd=ROOT,
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + '/healthz', timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError('the live server did not start; see %s' % self.log.name)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def live_server(databases, tmp_path, demo_app, request):
    """The demo city served by gunicorn; `demo_app` shares its database."""
    zone = request.node.get_closest_marker('server_zone')
    server = LiveServer(demo_app.config['DATABASE_URL'], tmp_path,
                        zone=zone.args[0] if zone else None)
    yield server
    server.stop()


@pytest.fixture(scope='session')
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get('CHROMIUM', '/usr/bin/chromium'),
            args=['--no-sandbox', '--disable-gpu', '--disable-quic',
                  '--no-first-run', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync'])
        yield chromium
        chromium.close()


ARTIFACTS = os.path.join(ROOT, 'test-artifacts')


@pytest.fixture
def page(browser, live_server, request):
    """A browser page that refuses every request outside the live server."""
    zone = request.node.get_closest_marker('browser_zone')
    context = browser.new_context(viewport={'width': 1366, 'height': 900},
                                  locale='zh-CN',
                                  timezone_id=zone.args[0] if zone else None)
    outside = []

    def guard(route):
        if route.request.url.startswith(live_server.url) or \
                route.request.url.startswith(('data:', 'blob:')):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    context.route('**/*', guard)
    tab = context.new_page()
    tab.base_url = live_server.url
    tab.outside_requests = outside
    yield tab
    context.close()
    assert outside == [], 'pages requested outside the server: %s' % outside


def screenshot(tab, name):
    """Save a screenshot under test-artifacts/ for people to look at."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    tab.screenshot(path=os.path.join(ARTIFACTS, name + '.png'), full_page=True)
