"""What test modules share that is not a fixture: the project's folder, a
gunicorn server on a loopback port, the SQL a database runs, and screenshots
for people to look at."""
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTIFACTS = os.path.join(ROOT, 'test-artifacts')


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class LiveServer:
    """gunicorn serving the app on a database, on a loopback port.

    Each request connects to the database anew, so the database can be put
    back to a template between tests while the server keeps running
    (conftest's `Databases.reset`)."""

    def __init__(self, database_url, folder, workers=2, zone=None):
        self.database_url = database_url
        self.port = _free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        # One test client walks many public pages a minute: room for it in
        # the read limits (per worker), which tests/test_perf_reads.py and
        # tests/test_public_progress.py check on their own apps.
        env = dict(os.environ, DATABASE_URL=database_url,
                   SECRET_KEY='live-test-secret',
                   BANGBAN_READ_RATE_LIMIT='[100000, 60]',
                   # The cheap hash of models.hash_secret, as the test
                   # clients' apps have: passwords and PINs set through the
                   # server's pages cost no half second each to set and to
                   # check. TESTING changes nothing else but how errors
                   # propagate, which stays as in production.
                   BANGBAN_TESTING='true',
                   BANGBAN_PROPAGATE_EXCEPTIONS='false')
        if zone:
            env['TZ'] = zone  # the server's own clock zone, not the hall's
        self.log = open(os.path.join(folder, 'gunicorn.log'), 'w')
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'gunicorn', '--workers', str(workers),
             # Each server of a run (and of parallel runs) would otherwise
             # take the one control socket in the home folder from the last.
             '--no-control-socket',
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
        self.process.wait(timeout=30)
        self.log.close()


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


def screenshot(tab, name):
    """Save a screenshot under test-artifacts/ for people to look at."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    tab.screenshot(path=os.path.join(ARTIFACTS, name + '.png'), full_page=True)
