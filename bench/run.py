"""Measure what issue 11 promises, each figure beside a baseline measured
in the same run on the same machine, and the target beside it.

Throughput (gunicorn sync workers, `wrk -t2 -c32 -d8s`, the target and its
baseline alternating over --rounds rounds; the median ratio and the spread):
- /p/<code>, the display feed calls.json with 10 and with 1,000 tickets
  open, /healthz: against a bare Flask app answering "ok" under the same
  gunicorn settings (bench/baseline.py);
- kiosk registration's write path through the models (open, screen,
  register and queue), 2 processes, cases per second: against the bare
  SQLite write (one upsert and one insert in one IMMEDIATE transaction);
- kiosk registration end to end over HTTP: 32 helpers at full speed (cases
  per second, requests per case), then 32 helpers each registering one
  case every 5 s (p99 per request); ticket numbers checked unique and
  gapless;
- call-to-screen time and ticket numbering from 8 processes at once.

Scale (on the cities of bench/data.py, `make bench-data`): every portal
page at each size (--sizes) as a growth table in ms, and
reports.monthly_statistics for a month and a year, city scope.

SQLite by default; PostgreSQL when BENCH_DATABASE_URL is set. `--json FILE`
writes the same figures for comparison with the next run.

Run: `make bench` (or .venv/bin/python bench/run.py --help).
"""
import argparse
import contextlib
import datetime
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [ROOT, HERE]

import baseline  # noqa: E402
import data  # noqa: E402
import kiosk_client  # noqa: E402
import models  # noqa: E402
from app import create_app  # noqa: E402
from cli import run_migrations  # noqa: E402

SECRET = 'bench-only'
WORKERS = 4  # gunicorn sync workers, for the app and its baseline alike
TODAY_CASES_PER_SECOND = 52  # kiosk registration end to end at b4a252d
POLL_SECONDS = 1.0  # static/js/display.js polls once a second
TARGET_CALL_SECONDS = 2.0
PAGE_LIMIT_MS = 300
# The app under load: limits high enough that the load tool is never
# refused, so the limiter's own cost is still measured; limits fixed in the
# code (the display's poll limit) meet many clients (bench/clients.lua).
APP = 'app:create_app({"PUBLIC_RATE_LIMIT": (1000000000, 60)})'

RESULTS = []
SERVERS = {}  # address -> gunicorn's master process id


def workers_cpu(base):
    """Seconds of CPU the server's workers have used so far (Linux /proc):
    what a busy machine disturbs far less than requests a second."""
    master, ticks = str(SERVERS[base]), os.sysconf('SC_CLK_TCK')
    total = 0
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % pid) as stat:
                fields = stat.read().rsplit(')', 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if fields[1] == master:  # ppid; utime and stime follow
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def result(section, measure, value, unit, target=None, met=None, **extra):
    """Record one figure (and print it as the run goes)."""
    row = dict(section=section, measure=measure, value=value, unit=unit,
               target=target, met=met, **extra)
    RESULTS.append(row)
    print('  %-52s %s' % (measure, describe(row)), flush=True)
    return row


def describe(row):
    value = row['value']
    text = ('%.3g' % value if isinstance(value, float) and value < 10
            else '%.0f' % value if isinstance(value, (int, float)) else str(value))
    text += ' ' + row['unit']
    if row.get('ratio') is not None:
        text += ' = %.1f %% of baseline (spread %.1f-%.1f %%)' % (
            100 * row['ratio'], 100 * row['spread'][0], 100 * row['spread'][1])
        if isinstance(row.get('baseline'), (int, float)):
            text += ', baseline %.0f %s' % (row['baseline'], row['unit'])
    if row.get('target'):
        text += '   target %s: %s' % (row['target'],
                                      'met' if row['met'] else 'NOT MET')
    return text


# --- Servers and load ---------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(app, url=None, workers=WORKERS, timeout=30, cwd=ROOT, check='/healthz'):
    """`app` under gunicorn sync workers on a free loopback port."""
    port = free_port()
    # One proxy in front (as in production behind nginx): wrk's requests
    # come from many client addresses (bench/clients.lua).
    env = dict(os.environ, SECRET_KEY=SECRET, TRUSTED_PROXIES='1')
    if url:
        env['DATABASE_URL'] = url
    process = subprocess.Popen(
        [sys.executable, '-m', 'gunicorn', '--workers', str(workers),
         '--timeout', str(timeout), '--bind', '127.0.0.1:%d' % port,
         '--chdir', cwd, app], cwd=cwd, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen('http://127.0.0.1:%d%s' % (port, check),
                                       timeout=30)
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit('gunicorn stopped: %s' % app)
                time.sleep(0.2)
        else:
            raise SystemExit('the server did not start: %s' % app)
        SERVERS['http://127.0.0.1:%d' % port] = process.pid
        yield 'http://127.0.0.1:%d' % port
    finally:
        process.terminate()
        process.wait()


def wrk(url, seconds, connections=32, headers=()):
    """requests/s, p99 ms and failed responses of one wrk run."""
    command = ['wrk', '-t2', '-c%d' % connections, '-d%ds' % seconds,
               '--latency', '--timeout', '10s', '-s', os.path.join(HERE, 'clients.lua')]
    for header in headers:
        command += ['-H', header]
    out = subprocess.run(command + [url], capture_output=True, text=True,
                         check=True).stdout
    rate = float(re.search(r'Requests/sec:\s+([\d.]+)', out).group(1))
    p99 = re.search(r'99%\s+([\d.]+)(us|ms|s)\b', out)
    scale = {'us': 1e-3, 'ms': 1, 's': 1e3}[p99.group(2)]
    failed = sum(int(n) for n in re.findall(
        r'(?:Non-2xx or 3xx responses|Socket errors:.*?timeout)\s*:?\s*(\d+)', out))
    return dict(rate=rate, p99=float(p99.group(1)) * scale, failed=failed)


def alternate(rounds, target, base):
    """Run target and baseline by turns; returns both lists of figures."""
    targets, bases = [], []
    for _ in range(rounds):
        bases.append(base())
        targets.append(target())
    return targets, bases


def ratio_of(targets, bases, key='rate'):
    ratios = [t[key] / b[key] for t, b in zip(targets, bases)]
    return statistics.median(ratios), (min(ratios), max(ratios))


# --- The demo city under load -------------------------------------------------

def bind_app(url):
    """An app bound to `url`, for using the models in this process."""
    return create_app({'DATABASE_URL': url, 'SECRET_KEY': SECRET})


def session_cookie(app, values):
    """A signed session cookie, as the app would set it after a sign-in."""
    return app.session_interface.get_signing_serializer(app).dumps(values)


def fresh_demo(url):
    """Migrate and load the demo city into an empty database at `url`."""
    import seeds
    if not url.startswith('sqlite:'):
        data.reset_postgres(url)
    app = bind_app(url)
    with app.app_context():
        run_migrations(models.db.obj)
        seeds.load_demo()
    return app


def open_tickets(hall, total):
    """Tickets waiting today at the hall, `total` in all."""
    windows = list(hall.windows.order_by(models.Window.number))
    have = (models.Ticket.select()
            .where(models.Ticket.hall == hall, models.Ticket.day == models.today(),
                   models.Ticket.status == 'waiting').count())
    for n in range(have, total):
        models.Ticket.issue(windows[n % len(windows)])


def throughput(args, url, app):
    """Public reads against the bare Flask app, alternating."""
    print('\nThroughput: %d gunicorn sync workers, wrk -t2 -c32 -d%ds, %d rounds'
          % (WORKERS, args.duration, args.rounds), flush=True)
    with app.app_context():
        hall = models.Hall.get(models.Hall.code == 'QL-YX')
        case = (models.Case.select().where(models.Case.hall == hall,
                                           models.Case.status == 'in_handling')
                .first())
        receipt = case.issue_receipt()
        open_tickets(hall, 10)
    pages = [('/p/<code>', '/p/%s' % receipt, .30, 50),
             ('display feed calls.json, 10 tickets open',
              '/display/%s/calls.json' % hall.code, .40, None),
             ('display feed calls.json, 1,000 tickets open',
              '/display/%s/calls.json' % hall.code, .40, None),
             ('/healthz', '/healthz', .50, None)]
    with gunicorn('baseline:app', cwd=HERE, check='/') as bare, \
            gunicorn(APP, url) as served:
        shares = {}
        for name, path, share, p99_limit in pages:
            if '1,000' in name:
                with app.app_context():
                    open_tickets(hall, 1000)
            targets, bases = alternate(
                args.rounds, lambda: wrk(served + path, args.duration),
                lambda: wrk(bare + '/', args.duration))
            ratio, spread = ratio_of(targets, bases)
            p99 = statistics.median(t['failed'] and float('inf') or t['p99']
                                    for t in targets)
            failed = sum(t['failed'] for t in targets)
            met = ratio >= share and (p99_limit is None or p99 < p99_limit) \
                and not failed
            target = '>= %d %% of bare Flask' % (share * 100)
            if p99_limit:
                target += ', p99 < %d ms' % p99_limit
            # Each page's share of its baseline in the same rounds: what
            # "flat" compares, so that load from elsewhere on the machine
            # between the two runs does not count as the queue's cost.
            shares[name] = ratio
            result('throughput', name,
                   statistics.median(t['rate'] for t in targets), 'req/s', target, met,
                   ratio=ratio, spread=spread, p99_ms=p99, failed=failed,
                   baseline=statistics.median(b['rate'] for b in bases))
        flat = (shares['display feed calls.json, 1,000 tickets open']
                / (shares['display feed calls.json, 10 tickets open'] or float('inf')))
        result('throughput', 'display feed: 1,000 open / 10 open', 100 * flat,
               '%', '>= 80 % (flat)', flat >= .8)
        kiosk_end_to_end(args, app, served, hall)
        with app.app_context():
            seen = call_to_screen(served, hall)
        total = seen + POLL_SECONDS
        result('throughput', 'call to screen (worst, + 1 s poll)', total, 's',
               '< %.0f s' % TARGET_CALL_SECONDS, total < TARGET_CALL_SECONDS)


def first_load(base, cookies):
    """Bytes of /kiosk/ and every script and style it loads, gzip accepted."""
    header = '; '.join('%s=%s' % kv for kv in cookies.items())

    def get(path):
        request = urllib.request.Request(base + path, headers={
            'Accept-Encoding': 'gzip', 'Cookie': header})
        with urllib.request.urlopen(request) as response:
            return response.read(), response.headers
    page, headers = get('/kiosk/')
    if headers.get('Content-Encoding') == 'gzip':
        import gzip
        text = gzip.decompress(page).decode()
    else:
        text = page.decode()
    total, immutable = len(page), []
    for path in set(re.findall(r'(?:src|href)="(/static/[^"]+)"', text)):
        body, asset = get(path.replace('&amp;', '&'))
        total += len(body)
        immutable.append('immutable' in (asset.get('Cache-Control') or ''))
    return total, all(immutable) and bool(immutable)


def kiosk_terminals(app, hall, count):
    """`count` terminals of the hall, each with a helper signed in: their
    cookies (device token and session)."""
    with app.app_context():
        kiosk = hall.kiosks.first()
        token = kiosk.issue_token()
        helper = (models.User.select()
                  .where(models.User.hall == hall, models.User.role == 'helper')
                  .first())
        with app.test_request_context():
            cookie = session_cookie(app, {'kiosk': {
                'id': kiosk.id, 'seen': models.seconds(), 'user': helper.id}})
    return [{'bangban_kiosk': token, 'session': cookie}] * count


def kiosk_item(app, hall):
    """An item the hall's kiosk registers at a window of its own."""
    with app.app_context():
        for item in models.Item.select().order_by(models.Item.id):
            if (hall.offers(item) and 'assisted' in item.service_forms
                    and item.materials.count()
                    and hall.window_for(item=item) is not None
                    and hall.handling_hall(item).id == hall.id):
                return item.id
    raise SystemExit('no item to register at %s' % hall.code)


def _helpers(port, cookies, item_id, seconds, every, seed):
    """Helpers in threads registering cases for `seconds`, one every `every`
    seconds each (0: at full speed); returns (cases, timings, errors)."""
    # Seeded by the clock too: each run scans applicants not seen before.
    helpers = [kiosk_client.Helper(port, c, '%d-%d-%d' % (time.time_ns(), seed, n))
               for n, c in enumerate(cookies)]
    counts, errors = [0] * len(helpers), []
    end = time.perf_counter() + seconds

    def work(n):
        helper = helpers[n]
        if every:
            time.sleep(every * n / len(helpers))  # spread the starts
        while time.perf_counter() < end:
            started = time.perf_counter()
            try:
                helper.register_case(item_id)
                counts[n] += 1
            except Exception as error:  # counted and reported, not fatal
                errors.append(repr(error)[:200])
            if every:
                time.sleep(max(0, every - (time.perf_counter() - started)))
    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(helpers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts), [t for h in helpers for t, _ in h.timings], errors


def _helper_process(args):
    return _helpers(*args)


def drive_helpers(base, cookies, item_id, seconds, every=0, processes=2):
    """32 helpers in 2 client processes (so the client is not the limit)."""
    port = int(base.rsplit(':', 1)[1])
    share = len(cookies) // processes
    jobs = [(port, cookies[n * share:(n + 1) * share], item_id, seconds, every, n)
            for n in range(processes)]
    started = time.perf_counter()
    with multiprocessing.Pool(processes) as pool:
        parts = pool.map(_helper_process, jobs)
    elapsed = time.perf_counter() - started
    cases = sum(p[0] for p in parts)
    timings = sorted(t for p in parts for t in p[1])
    errors = [e for p in parts for e in p[2]]
    return cases, elapsed, timings, errors


def tickets_gapless(app, hall):
    """True when today's ticket numbers of the hall run 1..N per prefix,
    each once."""
    with app.app_context():
        numbers = {}
        for prefix, number in (models.Ticket
                               .select(models.Ticket.prefix, models.Ticket.number)
                               .where(models.Ticket.hall == hall,
                                      models.Ticket.day == models.today())
                               .tuples()):
            numbers.setdefault(prefix, []).append(number)
    return all(sorted(found) == list(range(1, len(found) + 1))
               for found in numbers.values()), sum(map(len, numbers.values()))


def kiosk_end_to_end(args, app, served, hall):
    """Registration over HTTP as 32 helpers do it, at full speed and paced."""
    cookies = kiosk_terminals(app, hall, 32)
    size, immutable = first_load(served, cookies[0])
    result('kiosk', '/kiosk/ first load (HTML, scripts, styles)', size / 1024,
           'KB', '< 150 KB, assets immutable', size < 150 * 1024 and immutable,
           immutable=immutable)
    item_id = kiosk_item(app, hall)
    drive_helpers(served, cookies[:2], item_id, 2)  # warm up
    cpu = workers_cpu(served)
    cases, elapsed, timings, errors = drive_helpers(
        served, cookies, item_id, args.duration * 2)
    cpu = workers_cpu(served) - cpu
    rate = cases / elapsed
    result('kiosk', 'registration end to end, 32 helpers at full speed', rate,
           'cases/s', '>= %.0f cases/s (2.5 x %d)' % (2.5 * TODAY_CASES_PER_SECOND,
                                                      TODAY_CASES_PER_SECOND),
           rate >= 2.5 * TODAY_CASES_PER_SECOND and not errors,
           requests_per_case=len(timings) / max(cases, 1), errors=len(errors),
           first_error=errors[0] if errors else '')
    if errors:
        print('    %d registrations failed, the first: %s' % (len(errors), errors[0]))
    result('kiosk', 'HTTP requests per case (redirects followed)',
           len(timings) / max(cases, 1), 'requests')
    result('kiosk', "the server's CPU time per case (its workers)",
           1000 * cpu / max(cases, 1), 'ms')
    cases, elapsed, timings, errors = drive_helpers(
        served, cookies, item_id, args.paced, every=5)
    p99 = timings[int(len(timings) * .99) - 1] * 1e3 if timings else float('inf')
    result('kiosk', 'registration, 32 helpers, a case every 5 s each: p99',
           p99, 'ms per request', '< 150 ms', p99 < 150 and not errors,
           cases=cases, errors=len(errors), first_error=errors[0] if errors else '')
    if errors:
        print('    %d registrations failed, the first: %s' % (len(errors), errors[0]))
    gapless, count = tickets_gapless(app, hall)
    result('kiosk', 'tickets unique and gapless', 'yes' if gapless else 'NO',
           '(%d tickets)' % count, 'yes', gapless)


def kiosk_only(args, url, app):
    """Kiosk registration alone: end to end over HTTP, then its write path."""
    print('\nKiosk registration: %d gunicorn sync workers, %d rounds'
          % (WORKERS, args.rounds), flush=True)
    with gunicorn(APP, url) as served:
        kiosk_end_to_end(args, app, served, _hall(app, 'QL-YX'))
    write_path(args, url, app)


def _model_writer(job):
    """Kiosk registrations through the models for `seconds`: find or make
    the applicant, open, screen, register and queue."""
    url, item_id, seconds, seed = job
    import random
    import validators
    app = bind_app(url)
    rng = random.Random(seed)
    done = 0
    with app.app_context():
        hall = models.Hall.get(models.Hall.code == 'QL-YX')
        item = models.Item.get_by_id(item_id)
        helper = (models.User.select()
                  .where(models.User.hall == hall, models.User.role == 'helper')
                  .first())
        materials = [m.id for m in item.materials]

        def one_case():
            applicant = models.Applicant.find_or_create(
                'resident_id', validators.generate_resident_id(rng, region='150402'),
                '测试申请人', '13900006001')
            case, _ = models.Case.open(hall, applicant, 'assisted', 'kiosk',
                                       user=helper, item=item)
            case.screen(materials, user=helper)
            case.register_and_queue(helper)
        cpu = time.process_time()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            one_case()
            done += 1
        cpu = time.process_time() - cpu
        # The SQL statements of one more case, as tests/support.statements counts.
        database, count = models.db.obj, [0]
        original = database.execute_sql

        def counted(*args, **kwargs):
            count[0] += 1
            return original(*args, **kwargs)
        database.execute_sql = counted
        try:
            one_case()
        finally:
            database.execute_sql = original
    return dict(done=done, cpu=cpu, statements=count[0])


def _bare_writer(job):
    path, seconds, worker = job
    return baseline.write(path, seconds, worker)


def write_path(args, url, app):
    """Kiosk registration through the models against the bare SQLite write,
    2 processes each, cases (writes) per second."""
    hall_item = kiosk_item(app, _hall(app, 'QL-YX'))
    folder = tempfile.mkdtemp(prefix='bangban-bench-write-')
    bare_path = os.path.join(folder, 'bare.db')
    baseline.prepare_write(bare_path)
    seconds = max(2, args.duration // 2)

    def target():
        with multiprocessing.Pool(2) as pool:
            runs = pool.map(_model_writer, [(url, hall_item, seconds, n + time.time_ns() % 10 ** 6)
                                            for n in range(2)])
        done = sum(r['done'] for r in runs)
        return dict(rate=done / seconds,
                    cpu=sum(r['cpu'] for r in runs) / max(done, 1),
                    statements=max(r['statements'] for r in runs))

    def base():
        with multiprocessing.Pool(2) as pool:
            done = pool.map(_bare_writer, [(bare_path, seconds, n) for n in range(2)])
        return dict(rate=sum(done) / seconds)
    targets, bases = alternate(args.rounds, target, base)
    ratio, spread = ratio_of(targets, bases)
    result('throughput', 'kiosk write path (models, 2 processes)',
           statistics.median(t['rate'] for t in targets), 'cases/s',
           '>= 25 % of the bare SQLite write', ratio >= .25, ratio=ratio,
           spread=spread, baseline=statistics.median(b['rate'] for b in bases))
    # What a busy machine disturbs less than a rate: the CPU each case costs
    # its process, and the statements it sends.
    result('throughput', 'kiosk write path: CPU time per case',
           1000 * statistics.median(t['cpu'] for t in targets), 'ms')
    result('throughput', 'kiosk write path: SQL statements per case',
           max(t['statements'] for t in targets), 'statements')


def _hall(app, code):
    with app.app_context():
        return models.Hall.get(models.Hall.code == code)


def call_to_screen(base, hall, rounds=20):
    """Seconds from Ticket.call_next to the screen's JSON naming the ticket."""
    window = hall.window_for(bundle=None, item=models.Item.select().first()) \
        or hall.windows.first()
    worst = []
    for _ in range(rounds):
        models.Ticket.issue(window)
        start = time.perf_counter()
        ticket = models.Ticket.call_next(window)
        while ticket.label.encode() not in urllib.request.urlopen(
                base + '/display/%s/calls.json' % hall.code).read():
            time.sleep(0.01)
        worst.append(time.perf_counter() - start)
        ticket.serve()
        ticket.finish()
    return max(worst)


def _issue(job):
    url, window_id, count, barrier = job
    app = bind_app(url)
    with app.app_context():
        window = models.Window.get_by_id(window_id)
        barrier.wait()
        start = time.perf_counter()
        numbers = [models.Ticket.issue(window).number for _ in range(count)]
    return numbers, time.perf_counter() - start


def ticket_numbering(url, app, per_process=60, processes=8):
    """Tickets per second from one process, then from eight at once, on a
    hall of its own; numbers must be 1..N with no duplicates or gaps."""
    with app.app_context():
        hall = models.Hall.get(models.Hall.code == 'QL-SM')
        window = hall.windows.order_by(models.Window.number).first()
    rates = {}
    for n in (1, processes):
        with app.app_context():
            models.Ticket.delete().where(models.Ticket.window == window).execute()
            models.Counter.delete().where(models.Counter.key.startswith(
                'ticket:%d:' % window.hall_id)).execute()
        manager = multiprocessing.Manager()
        barrier = manager.Barrier(n)
        with multiprocessing.Pool(n) as pool:
            found = pool.map(_issue, [(url, window.id, per_process, barrier)] * n)
        numbers = sorted(num for nums, _ in found for num in nums)
        rates[n] = len(numbers) / max(seconds for _, seconds in found)
        gapless = numbers == list(range(1, n * per_process + 1))
    result('throughput', 'tickets from %d processes at once' % processes,
           rates[processes], 'tickets/s', 'numbers 1..N, no duplicates or gaps',
           gapless, one_process=rates[1])


# --- The city at scale --------------------------------------------------------

PAGES = [
    ('case list, city administrator', lambda p: '/portal/cases/'),
    ('overdue list', lambda p: '/portal/cases/overdue'),
    ('ledger, city hall, 3 months', lambda p: '/portal/cases/ledger?hall=%d&from=%s&to=%s'
     % (p['city'], p['today'] - datetime.timedelta(days=91), p['today'])),
    ('statistics, city, last month', lambda p: '/portal/stats/?hall=%d&month=%s'
     % (p['city'], p['month'])),
    ('dashboard (portal home)', lambda p: '/portal/'),
    ('applicant file (most cases)', lambda p: '/portal/applicants/%d' % p['applicant']),
    ('case page (archived)', lambda p: '/portal/cases/%d' % p['case']),
    ('alerts, every rule, the city', lambda p: '/portal/alerts/'),
    ('rectifications (差评整改)', lambda p: '/portal/cases/follow-ups'),
    ('rating reminders', lambda p: '/portal/cases/follow-ups/reminders'),
    ('complaints', lambda p: '/portal/complaints/'),
    ('sampling draws', lambda p: '/portal/sampling/'),
    ('appraisal, city, last year', lambda p: '/portal/appraisal/?period=%d'
     % (p['today'].year - 1)),
    ('appraisal, city, last month', lambda p: '/portal/appraisal/?period=%s'
     % p['month']),
    ('appraisal Excel, city, last year',
     lambda p: '/portal/appraisal/export.xlsx?period=%d' % (p['today'].year - 1)),
    ('appraisal, county manager, last month',
     lambda p: '/portal/appraisal/?period=%s' % p['month'], 'demo-manager'),
    ('appraisal, county manager, last year',
     lambda p: '/portal/appraisal/?period=%d' % (p['today'].year - 1),
     'demo-manager'),
    ('appraisal Excel, county manager, last year',
     lambda p: '/portal/appraisal/export.xlsx?period=%d' % (p['today'].year - 1),
     'demo-manager'),
    ('dashboard + closed loop, city',
     lambda p: '/portal/dashboard/?hall=%d' % p['city']),
    ('dashboard + closed loop, county manager',
     lambda p: '/portal/dashboard/', 'demo-manager'),
    ('week roster, city hall', lambda p: '/portal/roster/?hall=%d' % p['city']),
]


READERS = ('demo-city', 'demo-manager')  # the city's administrator, a county's manager


def fixtures(app):
    """What the page addresses name: the city, a month, the applicant with
    the most cases, a recent archived case; and the sessions of the city
    administrator and of a county hall's manager (READERS)."""
    from peewee import fn
    with app.app_context():
        city = models.Hall.get(models.Hall.code == 'QL')
        today = models.today()
        month_start = today.replace(day=1) - datetime.timedelta(days=1)
        applicant = (models.Case.select(models.Case.applicant, fn.COUNT(models.Case.id))
                     .group_by(models.Case.applicant)
                     .order_by(fn.COUNT(models.Case.id).desc()).limit(1).scalar())
        case = (models.Case.select(models.Case.id)
                .where(models.Case.status == 'archived')
                .order_by(models.Case.id.desc()).limit(1).scalar())
        cookies = {}
        with app.test_request_context():
            for user in models.User.select().where(
                    models.User.username.in_(READERS)):
                cookies[user.username] = session_cookie(
                    app, {'user_id': user.id, 'epoch': user.session_epoch,
                          'last_seen': models.seconds()})
    return dict(city=city.id, today=today, month=month_start.strftime('%Y-%m'),
                applicant=applicant, case=case, cookies=cookies)


def time_page(url, cookie, samples, timeout):
    """Median seconds of `samples` requests after one warm-up (one only if
    the warm-up is slow); None and the status when it fails. A redirect
    (to the sign-in page) counts as a failure, not as a fast page."""
    def once():
        request = urllib.request.Request(url, headers={'Cookie': 'session=' + cookie})
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                status = response.status
                if response.geturl() != url:
                    status = 'redirected to %s' % response.geturl().split('?')[0]
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 'timeout'
        return time.perf_counter() - start, status
    first, status = once()
    if status != 200:
        return None, status
    if first > 5:
        return first, status
    times = [once() for _ in range(samples)]
    bad = [s for _, s in times if s != 200]
    if bad:
        return None, bad[0]
    return statistics.median(t for t, _ in times), 200


def scale(args, sizes):
    """Every portal page and monthly_statistics at each size."""
    print('\nScale: portal pages, the city administrator unless a reader is'
          ' named (ms, median of %d)'
          % args.samples, flush=True)
    table = {}
    for size in sizes:
        url = data.default_url(size)
        if not data.exists(url):
            if size > 200000 and not args.build:
                print('  %d cases: no data; run `make bench-data CASES=%d` '
                      '(or pass --build)' % (size, size))
                continue
            print('  building %d cases ...' % size, flush=True)
            data.build(url, size, reset=True, quiet=True)
        app = bind_app(url)
        with app.app_context():
            # A city generated before the schema last changed is brought
            # up to date first, as `flask migrate` would on a real one.
            applied = run_migrations(models.db.obj)
        if applied:
            print('  %d cases: migrated %s' % (size, ', '.join(applied)),
                  flush=True)
        with app.app_context():
            # What the daily jobs keep for the pages (the appraisal's
            # months summed), as the scheduler would have by now.
            import jobs
            jobs.run_due(['appraisal_months'])
        found = fixtures(app)
        with gunicorn(APP, url, workers=2, timeout=args.page_timeout) as served:
            for name, address, *reader in PAGES:
                if not wanted(args, name):
                    continue
                seconds, status = time_page(
                    served + address(found),
                    found['cookies'][(reader or READERS)[0]],
                    args.samples, args.page_timeout)
                table.setdefault(name, {})[size] = (
                    seconds * 1e3 if seconds is not None else 'HTTP %s' % status)
        for name, months in (('monthly_statistics, city, one month', 1),
                             ('monthly_statistics, city, one year', 12)):
            if not wanted(args, name):
                continue
            table.setdefault(name, {})[size] = statistics_ms(app, months, args.samples)
        if wanted(args, 'closed-loop table, city'):
            table.setdefault('closed-loop table, city (dashboard)', {})[size] = (
                closed_loop_ms(app, args.samples))
    limits = {'monthly_statistics, city, one month': 100,
              'monthly_statistics, city, one year': 1000}
    shown = [s for s in sizes if any(s in row for row in table.values())]
    print('  %-44s %s   %s' % ('page', ' '.join('%10s' % size_label(s) for s in shown),
                                'target at 1M'))
    for name, by_size in table.items():
        limit = limits.get(name, PAGE_LIMIT_MS)
        figures = ['%10s' % (('%.0f' % by_size[s]) if isinstance(by_size.get(s), float)
                             else by_size.get(s, '-')) for s in shown]
        at_million = by_size.get(1000000)
        met = isinstance(at_million, float) and at_million < limit
        verdict = ('< %d ms: %s' % (limit, 'met' if met else 'NOT MET')
                   if 1000000 in by_size else '< %d ms: not measured' % limit)
        print('  %-44s %s   %s' % (name, ' '.join(figures), verdict))
        RESULTS.append(dict(section='scale', measure=name, unit='ms',
                            value={str(s): v for s, v in by_size.items()},
                            target='< %d ms at 1M' % limit,
                            met=met if 1000000 in by_size else None))


def wanted(args, name):
    """Whether --pages asks for the scale row `name` (all without it)."""
    return not args.pages or any(text.strip() in name
                                 for text in args.pages.split(','))


def size_label(size):
    return ('%dM' % (size // 1000000) if size % 1000000 == 0 else
            '%dk' % (size // 1000) if size % 1000 == 0 else str(size))


def statistics_ms(app, months, samples):
    """reports.monthly_statistics over the city for the last `months` full
    months, median ms."""
    import reports
    with app.app_context():
        city = models.Hall.get(models.Hall.code == 'QL')
        last = models.today().replace(day=1) - datetime.timedelta(days=1)
        first = last.replace(day=1)
        for _ in range(months - 1):
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        halls = city.subtree_ids()
        times = []
        for _ in range(samples + 1):
            start = time.perf_counter()
            reports.monthly_statistics(halls, first, last)
            times.append(time.perf_counter() - start)
            if times[0] > 5:
                break
    return statistics.median(times[1:] or times) * 1e3


def closed_loop_ms(app, samples):
    """The dashboard's closed-loop table of the city (this month as it
    stands, last month as it ended: reports.rectification_rates), median
    ms."""
    import reports
    with app.app_context():
        halls = models.Hall.get(models.Hall.code == 'QL').subtree_ids()
        this_month = models.today().replace(day=1)
        last_day = this_month - datetime.timedelta(days=1)
        times = []
        for _ in range(samples + 1):
            start = time.perf_counter()
            reports.rectification_rates(halls, this_month, models.today())
            reports.rectification_rates(halls, last_day.replace(day=1), last_day)
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:]) * 1e3


# --- Report -------------------------------------------------------------------

def summary(database):
    print('\nSummary (%s)' % database)
    for row in RESULTS:
        if row['section'] != 'scale':
            print('  %-52s %s' % (row['measure'], describe(row)))
    missed = [r['measure'] for r in RESULTS if r.get('met') is False]
    print('targets met: %d of %d' % (
        sum(1 for r in RESULTS if r.get('met')),
        sum(1 for r in RESULTS if r.get('met') is not None)))
    if missed:
        print('not met: ' + '; '.join(missed))


def compare(path):
    """Each figure beside the same figure of an earlier --json file."""
    with open(path) as earlier_file:
        earlier = json.load(earlier_file)
    before = {row['measure']: row for row in earlier['results']}
    print('\nAgainst %s (commit %s, %s); ratios to baseline where there are'
          ' ones' % (path, earlier.get('commit'), earlier.get('date')))
    for row in RESULTS:
        old = before.get(row['measure'])
        if old is None:
            continue
        now, then = row.get('ratio', row['value']), old.get('ratio', old['value'])
        if isinstance(now, dict):
            pairs = [(size, now[size], then.get(size)) for size in now]
        else:
            pairs = [('', now, then)]
        for size, new, previous in pairs:
            if isinstance(new, float) and isinstance(previous, float) and previous:
                print('  %-52s %-6s %10.3g -> %10.3g  (%+.0f %%)' % (
                    row['measure'], size, previous, new, 100 * (new / previous - 1)))


def commit():
    try:
        return subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()
    except OSError:
        return ''


def main(argv=None):
    parser = argparse.ArgumentParser(
        description='Measure Bangban against bare baselines (issue 11).',
        epilog='SQLite by default; set BENCH_DATABASE_URL for PostgreSQL.')
    parser.add_argument('--json', metavar='FILE', help='also write the figures here')
    parser.add_argument('--sizes', help='case counts of the scale table '
                        '(default 10000,100000,1000000)')
    parser.add_argument('--rounds', type=int, default=3,
                        help='target/baseline alternations (default 3)')
    parser.add_argument('--duration', type=int, default=8,
                        help='seconds of each wrk run (default 8)')
    parser.add_argument('--paced', type=int, default=30,
                        help='seconds of the paced kiosk run (default 30)')
    parser.add_argument('--samples', type=int, default=3,
                        help='timed requests per page (default 3)')
    parser.add_argument('--compare', metavar='FILE',
                        help='show each figure beside an earlier --json file')
    parser.add_argument('--page-timeout', type=int, default=120,
                        help='seconds before a page counts as timed out (default 120)')
    parser.add_argument('--quick', action='store_true',
                        help='a smoke run: 1 round of 2 s, 1,000 cases')
    parser.add_argument('--build', action='store_true',
                        help='generate missing data at any size (minutes for 1M)')
    parser.add_argument('--only', choices=('throughput', 'scale', 'kiosk'),
                        help='run one half, or of the throughput only kiosk '
                        'registration (end to end and its write path)')
    parser.add_argument('--pages', metavar='TEXT',
                        help='measure only the scale rows whose name holds TEXT '
                        '(several: comma-separated)')
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.duration, args.paced, args.samples = 1, 2, 6, 1
    args.sizes = args.sizes or ('1000' if args.quick else '10000,100000,1000000')
    sizes = [int(s) for s in args.sizes.split(',') if s]
    database = 'PostgreSQL' if os.environ.get('BENCH_DATABASE_URL') else 'SQLite'
    print('Bangban benchmark on %s, commit %s, %d CPUs' % (
        database, commit(), os.cpu_count()), flush=True)
    started = time.perf_counter()
    if args.only == 'kiosk':
        url = data.demo_url()
        app = fresh_demo(url)
        kiosk_only(args, url, app)
    elif args.only != 'scale':
        url = data.demo_url()
        app = fresh_demo(url)
        throughput(args, url, app)
        write_path(args, url, app)
        ticket_numbering(url, app)
    if args.only not in ('throughput', 'kiosk'):
        scale(args, sizes)
    summary(database)
    if args.compare:
        compare(args.compare)
    if args.json:
        with open(args.json, 'w') as out:
            json.dump(dict(database=database, commit=commit(),
                           date=datetime.datetime.utcnow().isoformat(timespec='seconds'),
                           seconds=round(time.perf_counter() - started),
                           results=RESULTS), out, ensure_ascii=False, indent=1,
                      default=str)
        print('figures written to %s' % args.json)


if __name__ == '__main__':
    main()
