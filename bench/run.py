"""Measure what the issues promise, against a baseline in the same run.

Serves the demo city with gunicorn (2 workers) on a loopback port, on a fresh
SQLite file (or the PostgreSQL database in BENCH_DATABASE_URL), and prints:

- page latencies as ratios to /healthz (the stack's floor: routing, one query);
- call-to-screen time: from a desk call to the hall screen's JSON showing it,
  plus the screen's 1 s poll, against the 2 s target;
- ticket numbering: 8 processes at once against one process, with the check
  that numbers have no duplicates and no gaps.

Run: `make bench` (or .venv/bin/python bench/run.py).
"""
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import models  # noqa: E402
from app import connect_database  # noqa: E402
from cli import run_migrations  # noqa: E402

REQUESTS = 200
POLL_SECONDS = 1.0  # static/js/display.js polls once a second
TARGET_CALL_SECONDS = 2.0


def bind(url):
    database = connect_database(url)
    models.db.initialize(database)
    return database


def serve(url, port):
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY='bench-only')
    app = 'app:create_app({"PUBLIC_RATE_LIMIT": (1000000000, 60)})'
    process = subprocess.Popen(
        [sys.executable, '-m', 'gunicorn', '--workers', '2', '--bind',
         '127.0.0.1:%d' % port, app], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            urllib.request.urlopen('http://127.0.0.1:%d/healthz' % port)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit('the server did not start')


def timed_get(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        body = response.read()
    return time.perf_counter() - start, body


def latencies(url, n=REQUESTS):
    timed_get(url)  # warm up
    samples = sorted(timed_get(url)[0] for _ in range(n))
    return statistics.median(samples), samples[int(len(samples) * .95) - 1]


def call_to_screen(base, hall, rounds=20):
    """Seconds from Ticket.call_next to the screen's JSON naming the ticket."""
    window = hall.window_for(bundle=None, item=models.Item.select().first()) \
        or hall.windows.first()
    worst = []
    for _ in range(rounds):
        models.Ticket.issue(window)
        start = time.perf_counter()
        ticket = models.Ticket.call_next(window)
        while ticket.label.encode() not in timed_get(
                base + '/display/%s/calls.json' % hall.code)[1]:
            time.sleep(0.01)
        worst.append(time.perf_counter() - start)
        ticket.serve()
        ticket.finish()
    return max(worst)


def _issue(args):
    url, window_id, count, barrier = args
    bind(url)
    window = models.Window.get_by_id(window_id)
    barrier.wait()
    start = time.perf_counter()
    numbers = [models.Ticket.issue(window).number for _ in range(count)]
    return numbers, time.perf_counter() - start


def ticket_rates(url, window, per_process=60, processes=8):
    """Tickets per second from one process, then from eight at once."""
    rates = {}
    for n in (1, processes):
        models.Ticket.delete().where(models.Ticket.window == window).execute()
        models.Counter.delete().where(models.Counter.key.startswith(
            'ticket:%d:' % window.hall_id)).execute()
        manager = multiprocessing.Manager()
        barrier = manager.Barrier(n)
        with multiprocessing.Pool(n) as pool:
            results = pool.map(_issue, [(url, window.id, per_process, barrier)] * n)
        numbers = sorted(num for nums, _ in results for num in nums)
        assert numbers == list(range(1, n * per_process + 1)), 'duplicates or gaps'
        rates[n] = len(numbers) / max(seconds for _, seconds in results)
    return rates


def main():
    workdir = tempfile.mkdtemp(prefix='bangban-bench-')
    url = os.environ.get('BENCH_DATABASE_URL') or 'sqlite:///%s/bench.db' % workdir
    database = bind(url)
    run_migrations(database)
    import seeds
    seeds.load_demo()
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    case = (models.Case.select().where(models.Case.hall == hall,
                                       models.Case.status == 'in_handling')
            .first())
    receipt = case.issue_receipt()
    port = 8000 + os.getpid() % 1000
    server = serve(url, port)
    base = 'http://127.0.0.1:%d' % port
    try:
        floor = latencies(base + '/healthz')
        pages = {
            'hall screen JSON (polled every second)': '/display/%s/calls.json' % hall.code,
            'applicant progress page /p/<code>': '/p/%s' % receipt,
            'booking: items of a hall': '/book/%s/' % hall.code,
            'staff sign-in page': '/portal/login',
        }
        print('database: %s' % url.split(':')[0])
        print('%-42s %9s %9s %8s' % ('page', 'p50 ms', 'p95 ms', 'p95 / floor'))
        print('%-42s %9.1f %9.1f %8s' % ('/healthz (floor)', floor[0] * 1e3,
                                          floor[1] * 1e3, '1.0'))
        for name, path in pages.items():
            p50, p95 = latencies(base + path)
            print('%-42s %9.1f %9.1f %8.1f' % (name, p50 * 1e3, p95 * 1e3,
                                               p95 / floor[1]))
        seen = call_to_screen(base, hall)
        total = seen + POLL_SECONDS
        print('call to screen: worst %.0f ms to appear in the JSON + %.0f ms poll'
              ' = %.2f s, %.0f%% of the %.0f s target'
              % (seen * 1e3, POLL_SECONDS * 1e3, total,
                 100 * total / TARGET_CALL_SECONDS, TARGET_CALL_SECONDS))
        window = hall.windows.first()
        rates = ticket_rates(url, window)
        print('tickets: %.0f/s from 1 process, %.0f/s from 8 at once '
              '(ratio %.2f); numbers 1..N with no duplicates or gaps'
              % (rates[1], rates[8], rates[8] / rates[1]))
    finally:
        server.terminate()
        server.wait()
    if total > TARGET_CALL_SECONDS:
        raise SystemExit('call-to-screen target missed')


if __name__ == '__main__':
    main()
