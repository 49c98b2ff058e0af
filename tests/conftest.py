"""Fixtures: an app on its own database per test, on SQLite or PostgreSQL.

Set TEST_DATABASE_URL to a PostgreSQL server URL (postgresql://user@host/db)
to run the suite there; otherwise on SQLite files. Each kind of database
(empty, demo) is built once per process as a template, and every test starts
from a copy of it; the app on it is built once per process and used again.
"""
import copy
import datetime
import os
import shutil
import time
import uuid

import psycopg2
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from flask_babel import Babel
from peewee import SqliteDatabase

import flows
import models
from app import bind_models, connect_database, create_app
from cli import run_migrations
from support import CHROMIUM, CHROMIUM_ARGS, ROOT, LiveServer, record_outside

PG_URL = os.environ.get('TEST_DATABASE_URL', '')


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
    """Compile the translation catalogues the tests read (once: not again
    in each pytest-xdist worker)."""
    if hasattr(session.config, 'workerinput'):
        return
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
    """Template databases built once, and a fresh copy of one per test.

    A database a test uses is either a new copy (`fresh`) or, for a live
    server that keeps running across tests, its own database put back to a
    template's state (`reset`). Names are random, so parallel runs (and
    pytest-xdist's workers) never share one."""

    def __init__(self, tmp_path_factory):
        self.tmp = tmp_path_factory.mktemp('db')
        self.templates = {}
        self.owned = {}
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

    def own(self, kind):
        """This process's database for tests of this kind (its URL), the
        same for each such test: `reset` puts it back before each."""
        if kind not in self.owned:
            self.owned[kind] = self._url('bangban_t_%s' % uuid.uuid4().hex[:12])
        return self.owned[kind]

    def _url(self, name):
        if PG_URL:
            return self._pg_url(name)
        return 'sqlite:///%s' % (self.tmp / ('%s.db' % name))

    def fresh(self, kind='empty'):
        """A new database, a copy of the template of this kind; its URL."""
        return self.reset(self._url('bangban_t_%s' % uuid.uuid4().hex[:12]),
                          kind)

    def reset(self, url, kind):
        """Make the database at `url` a new copy of the template of this
        kind, whoever else still has it open; its URL."""
        template = self.template(kind)
        if PG_URL:
            name = url.rsplit('/', 1)[1]
            self._pg('DROP DATABASE IF EXISTS %s WITH (FORCE)' % name)
            self._pg('CREATE DATABASE %s TEMPLATE %s' % (name, template))
            return url
        # Copied beside it, then renamed into place: a server's worker that
        # connects next opens the copy (each request connects anew).
        target = url[len('sqlite:///'):]
        shutil.copy(self.tmp / ('%s.db' % template), target + '.new')
        for suffix in ('-wal', '-shm'):
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
        os.replace(target + '.new', target)
        return url

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


TEST_CONFIG = {
    'TESTING': True,
    'SECRET_KEY': 'test-secret',
    'WTF_CSRF_ENABLED': False,
}


class CliRunner(FlaskCliRunner):
    """Runs a command as the `flask` command does: in the app's context
    (flask's FlaskGroup pushes one; the app's own command group does not)."""

    def invoke(self, *args, **kwargs):
        with self.app.app_context():
            return super().invoke(*args, **kwargs)


def _create_app(url, **config):
    application = create_app(dict(TEST_CONFIG, DATABASE_URL=url, **config))
    application.test_cli_runner_class = CliRunner
    return application


@pytest.fixture(scope='session')
def make_app(databases):
    """Build another app on a fresh database of a kind ('empty', 'demo'),
    with config overrides: `make_app('demo', PUBLIC_URL=...)`; for fixtures
    of any scope. The last app built is the one the models use (as in a
    server: one app a process)."""
    built = []

    def build(kind='empty', **config):
        application = _create_app(databases.fresh(kind), **config)
        built.append(application)
        return application

    yield build
    for application in built:
        application.extensions['database'].close()


@pytest.fixture(scope='session')
def _apps(databases):
    """The apps of this process, one per database, built at first use and
    used again by every test after it: building one costs a fifth of a
    second (Flask-Admin's thousands of URL rules), more than most tests.
    Each use starts from the database's template and the config as built."""
    apps = {}

    def use(url, kind):
        databases.reset(url, kind)
        if url not in apps:
            application = _create_app(url)
            apps[url] = (application, copy.deepcopy(dict(application.config)))
        application, config = apps[url]
        application.config.clear()
        application.config.update(copy.deepcopy(config))
        bind_models(application)
        return application

    return use


def _app(request, databases, apps, kind):
    """The test's app: on the live server's database when the test uses
    one, otherwise on this process's own database of that kind; either way
    put back to the template first."""
    if 'live_server' in request.fixturenames:
        url = request.getfixturevalue('_server').database_url
    else:
        url = databases.own(kind)
    return apps(url, kind)


@pytest.fixture
def app(request, databases, _apps):
    """An app on a fresh, migrated, empty database. As in Flask's tutorial,
    no app context is left pushed: each request has its own; a test enters
    `app.app_context()` itself where it needs one (url_for, the language)."""
    application = _app(request, databases, _apps, 'empty')
    yield application
    application.extensions['database'].close()


@pytest.fixture
def demo_app(request, databases, _apps):
    """An app on a fresh copy of the demo city."""
    application = _app(request, databases, _apps, 'demo')
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


# --- Kiosk terminals and signed-in staff (test clients) ----------------------

@pytest.fixture
def terminal(demo_client):
    """A test client bound to the county hall's kiosk, nobody signed in."""
    response = flows.bind(demo_client, flows.county_kiosk().issue_token())
    assert response.status_code == 302
    return demo_client


@pytest.fixture
def helper(terminal):
    """The bound terminal with the demo helper signed in by PIN."""
    response = terminal.post('/kiosk/signin/pin', data={
        'username': 'demo-helper', 'pin': '2468'})
    assert response.headers['Location'].endswith('/kiosk/desk')
    flows.english(terminal)
    return terminal


@pytest.fixture
def agent(auth, demo_client):
    """demo-agent signed in, in English so messages can be checked."""
    auth.login('demo-agent')
    demo_client.post('/lang/en')
    return models.User.get(models.User.username == 'demo-agent')


# --- A real server and a real browser ----------------------------------------

@pytest.fixture(scope='session')
def _servers(databases, tmp_path_factory):
    """The live servers of this run, one per server clock zone, each started
    at its first use and kept running until the end (starting gunicorn
    costs seconds); every test puts its database back first."""
    running = {}

    def serve(zone):
        if zone not in running:
            folder = tmp_path_factory.mktemp('server')
            running[zone] = LiveServer(databases.fresh('demo'), folder,
                                       zone=zone)
        return running[zone]

    yield serve
    for server in running.values():
        server.stop()


@pytest.fixture
def _server(_servers, request):
    """The running server for this test's `server_zone` (by default the
    machine's own), its database not yet reset."""
    zone = request.node.get_closest_marker('server_zone')
    return _servers(zone.args[0] if zone else None)


@pytest.fixture
def live_server(demo_app, _server):
    """The demo city served by gunicorn; `demo_app` shares its database,
    a fresh copy of the demo city for this test."""
    return _server


@pytest.fixture
def kiosk_on_duty(demo_app):
    """The demo county hall's kiosk, a token issued, and a helper on duty
    (for a browser at the live server)."""
    kiosk = flows.county_kiosk()
    if kiosk.helper_on_duty() is None:
        helper = models.Agent.get(models.Agent.name == '汪翠兰')
        start = models.now() - datetime.timedelta(minutes=5)
        models.Shift.create(kiosk=kiosk, helper=helper, starts_at=start,
                            ends_at=start + datetime.timedelta(hours=2))
    return kiosk, kiosk.issue_token()


@pytest.fixture(scope='session')
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    """A browser page on the live server; a request it makes outside the
    server gets nothing and fails the test."""
    zone = request.node.get_closest_marker('browser_zone')
    context = browser.new_context(viewport={'width': 1366, 'height': 900},
                                  locale='zh-CN',
                                  timezone_id=zone.args[0] if zone else None)
    outside = record_outside(context, live_server.url)
    tab = context.new_page()
    tab.base_url = live_server.url
    tab.outside_requests = outside
    yield tab
    context.close()
    assert outside == [], 'pages requested outside the server: %s' % outside
