"""The bare baselines the benchmark measures the product against, in the
same run on the same machine:

- `app`: a Flask app answering "ok", served by gunicorn with the product's
  settings (bench/run.py starts it as `baseline:app`);
- `write`: the least a kiosk registration must write on SQLite, one
  counter upsert and one row insert in one IMMEDIATE transaction, with the
  product's pragmas.
"""
import sqlite3
import time

from flask import Flask

app = Flask(__name__)


@app.route('/')
def ok():
    """The floor: routing and a response, nothing else."""
    return 'ok'


def prepare_write(path):
    """The baseline's two tables in a fresh file."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute('PRAGMA journal_mode=wal')
    connection.executescript(
        'DROP TABLE IF EXISTS counter; DROP TABLE IF EXISTS entry;'
        'CREATE TABLE counter (key TEXT PRIMARY KEY, value INTEGER NOT NULL);'
        'CREATE TABLE entry (id INTEGER PRIMARY KEY, key TEXT NOT NULL,'
        ' number INTEGER NOT NULL, at REAL NOT NULL);')
    connection.close()


def write(path, seconds, worker=0):
    """Upsert a counter and insert a row, once a transaction, for `seconds`;
    returns how many were committed."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=10)
    for pragma in ('journal_mode=wal', 'foreign_keys=1', 'busy_timeout=10000',
                   'synchronous=normal'):
        connection.execute('PRAGMA ' + pragma)
    done, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        connection.execute('BEGIN IMMEDIATE')
        number = connection.execute(
            'INSERT INTO counter (key, value) VALUES (?, 1) ON CONFLICT (key) '
            'DO UPDATE SET value = value + 1 RETURNING value',
            ('ticket:%d' % worker,)).fetchone()[0]
        connection.execute('INSERT INTO entry (key, number, at) VALUES (?, ?, ?)',
                           ('ticket:%d' % worker, number, time.time()))
        connection.execute('COMMIT')
        done += 1
    connection.close()
    return done
