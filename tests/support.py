"""What test modules share that is not a fixture: the project's folder, a
gunicorn server on a loopback port, the SQL a database runs, and screenshots
for people to look at."""
import contextlib
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

from openpyxl import Workbook
from peewee import SqliteDatabase

from portal.excel import CATALOGUE_COLUMNS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')
CHROMIUM_ARGS = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync',
    # No name but the loopback server's resolves: a page that asks for
    # anything from outside gets nothing (and `record_outside` names it).
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
]
ARTIFACTS = os.path.join(ROOT, 'test-artifacts')


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class LiveServer:
    """gunicorn serving the app on a database, on a loopback port.

    Each request connects to the database anew, so the database can be put
    back to a template between tests while the server keeps running
    (conftest's `Databases.reset`). A test may stop it and start it again
    on the same address, as a server that goes away and comes back."""

    def __init__(self, database_url, folder, workers=2, zone=None):
        self.database_url = database_url
        self.folder = folder
        self.workers = workers
        self.port = _free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        # One test client walks many public pages a minute: room for it in
        # the read limits (per worker), which tests/test_perf_reads.py and
        # tests/test_public_progress.py check on their own apps.
        self.env = dict(os.environ, DATABASE_URL=database_url,
                        SECRET_KEY='live-test-secret',
                        BANGBAN_READ_RATE_LIMIT='[100000, 60]',
                        # The cheap hash of models.hash_secret, as the test
                        # clients' apps have: passwords and PINs set through
                        # the server's pages cost no half second each to set
                        # and to check. TESTING changes nothing else but how
                        # errors propagate, which stays as in production.
                        BANGBAN_TESTING='true',
                        BANGBAN_PROPAGATE_EXCEPTIONS='false')
        if zone:
            self.env['TZ'] = zone  # the server's own clock zone, not the hall's
        self.process = None
        self.starts = 0
        self.start()

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def start(self):
        self.starts += 1
        log = os.path.join(self.folder, 'gunicorn-%d.log' % self.starts)
        with open(log, 'w') as output:
            self.process = subprocess.Popen(
                [sys.executable, '-m', 'gunicorn', '--workers', str(self.workers),
                 # Each server of a run (and of parallel runs) would otherwise
                 # take the one control socket in the home folder from the last.
                 '--no-control-socket',
                 '--bind', '127.0.0.1:%d' % self.port, 'app:create_app()'],
                cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + '/healthz', timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError('the live server did not start; see %s' % log)

    def stop(self):
        if self.running:
            self.process.terminate()
            self.process.wait(timeout=30)


@contextlib.contextmanager
def statements(database):
    """The SQL statements the database runs inside the block, as (sql,
    params) pairs: `with statements(db) as run: ...; len(run)`."""
    run = []
    original = database.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        run.append((sql, params))
        return original(sql, params, *args, **kwargs)

    database.execute_sql = execute_sql
    try:
        yield run
    finally:
        database.execute_sql = original


# Screenshots are for people to look at: `make screenshots` (which sets
# BANGBAN_SCREENSHOTS) runs the browser tests and takes them; `make test`
# does not, since a full page costs up to a second of the suite each.
SCREENSHOTS = bool(os.environ.get('BANGBAN_SCREENSHOTS'))


def screenshot(target, name):
    """Save a screenshot of a page (whole) or of one element (a locator)
    under test-artifacts/, when screenshots are asked for."""
    if not SCREENSHOTS:
        return
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, name + '.png')
    if hasattr(target, 'main_frame'):
        target.screenshot(path=path, full_page=True)
    else:
        target.screenshot(path=path)


CASE_TABLE = re.compile(r'FROM "case" AS "(t\d+)"')


def plan(database, sql, params):
    """The plan's lines: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on
    PostgreSQL with sequential scans made as dear as they go."""
    if isinstance(database, SqliteDatabase):
        return [row[-1] for row in
                database.execute_sql('EXPLAIN QUERY PLAN ' + sql, params)]
    with database.atomic():
        database.execute_sql('SET LOCAL enable_seqscan = off')
        return [row[0] for row in
                database.execute_sql('EXPLAIN ' + sql, params)]


def full_scans(database, sql, params):
    """The lines of the plan that read the whole case table."""
    lines = plan(database, sql, params)
    if isinstance(database, SqliteDatabase):
        aliases = set(CASE_TABLE.findall(sql))
        return [line for line in lines
                if re.fullmatch(r'SCAN (%s)' % '|'.join(aliases), line)]
    return [line for line in lines if re.search(r'Seq Scan on "?case"?', line)]


def typed_workbook(book):
    """The workbook's bytes, every text that starts with '=' kept as typed
    text (as a spreadsheet keeps it), not as a formula."""
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith('='):
                    cell.data_type = 's'
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def workbook(rows, columns=CATALOGUE_COLUMNS):
    book = Workbook()
    book.active.append(['帮办代办事项清单'])
    book.active.append(columns)
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def record_outside(context, server_url):
    """The addresses outside the server that pages of the browser context
    asked for, as a list that grows (a listener only: requests are not
    held up, and the browser keeps its cache)."""
    outside = []

    def watch(request):
        if not request.url.startswith((server_url, 'data:', 'blob:')):
            outside.append(request.url)

    context.on('request', watch)
    return outside
