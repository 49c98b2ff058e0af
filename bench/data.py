"""A city at scale for the benchmark: `make bench-data` (or
`.venv/bin/python bench/data.py --cases N`).

The demo city's configuration (seeds.load_demo: catalogue, departments,
its 11 halls and accounts) grows by 8 counties, 48 towns and 240 villages
(307 halls), each with its departments stationed, windows and agents; then
N cases over three years, registered, handled, delivered, rated, archived,
refused, terminated, transferred up from villages and towns, with their
history (CaseEvent), departments' progress (CaseFlow), ratings
(Evaluation) and the follow-ups of bad ones, receipt codes and the queue
tickets of the kiosk and window cases.

Rows go in through the driver in bulk, one transaction a table and batch;
on SQLite with synchronous=OFF for the load; then ANALYZE. The file is
instance/bench-<N>.db; with BENCH_DATABASE_URL set, the PostgreSQL database
of that name with _<N> added (--reset drops and creates it).
"""
import argparse
import datetime
import os
import random
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import peewee  # noqa: E402

import models  # noqa: E402
import seeds  # noqa: E402
from app import connect_database  # noqa: E402
from cli import run_migrations  # noqa: E402
from seeds import history  # noqa: E402

YEARS = 3
SEED = 20261207
COUNTIES, TOWNS, VILLAGES = 8, 6, 5  # per city, per county, per town
# Cases a hall takes, relative to a village point.
WEIGHTS = {'city': 40, 'county': 20, 'town': 4, 'village': 1}
AGENTS = {'city': 6, 'county': 4, 'town': 2, 'village': 1}
# Where a case of that age stands: (share, final status). Old cases are
# mostly settled; a few are still open and long overdue (超期).
SETTLED = [(53, 'archived'), (18, 'evaluated'), (6, 'delivered'),
           (5, 'terminated'), (6, 'refused'), (4, 'consultation'),
           (1, 'mailed'), (0.4, 'in_handling'), (0.2, 'result_ready')]
RECENT = [(8, 'consultation'), (6, 'awaiting_materials'), (10, 'registered'),
          (7, 'commissioned'), (22, 'in_handling'), (9, 'result_ready'),
          (5, 'mailed'), (10, 'delivered'), (12, 'evaluated'),
          (5, 'archived'), (3, 'refused'), (3, 'terminated')]
RECENT_DAYS = 60
RATINGS = [(55, 5), (25, 4), (12, 3), (5, 2), (3, 1)]
CHANNELS = [(35, 'kiosk'), (40, 'window'), (25, 'online')]
# The actions that lead to each status, after 'open' (history.FLOW's order).
PATHS = {
    'consultation': [],
    'awaiting_materials': ['request_materials'],
    'refused': ['refuse'],
    'registered': ['register'],
    'commissioned': ['register', 'commission'],
    'in_handling': ['register', 'start_handling'],
    'result_ready': ['register', 'start_handling', 'mark_ready'],
    'mailed': ['register', 'start_handling', 'mark_ready', 'mail'],
    'delivered': ['register', 'start_handling', 'mark_ready', 'deliver'],
    'evaluated': ['register', 'start_handling', 'mark_ready', 'deliver',
                  'evaluate'],
    'archived': ['register', 'start_handling', 'mark_ready', 'deliver',
                 'evaluate', 'archive'],
    'terminated': ['register', 'start_handling', 'terminate'],
}
CLOSED = ('delivered', 'evaluated', 'archived', 'terminated')
REGISTERED = ('registered', 'commissioned', 'in_handling', 'result_ready',
              'mailed', 'delivered', 'evaluated', 'archived', 'terminated')


def default_url(cases):
    """Where the city of `cases` cases is kept: instance/bench-<N>.db, or on
    PostgreSQL the database named in BENCH_DATABASE_URL with _<N> added."""
    base = os.environ.get('BENCH_DATABASE_URL')
    if base:
        return '%s_%d' % (base.rstrip('/'), cases)
    return 'sqlite:///%s' % os.path.join(ROOT, 'instance', 'bench-%d.db' % cases)


def demo_url():
    """A fresh database for the demo city the throughput runs load: a
    temporary SQLite file, or BENCH_DATABASE_URL itself."""
    import tempfile
    return os.environ.get('BENCH_DATABASE_URL') or 'sqlite:///%s' % os.path.join(
        tempfile.mkdtemp(prefix='bangban-bench-'), 'demo.db')


def exists(url):
    """Whether a generated city is at `url`."""
    if url.startswith('sqlite:///'):
        return os.path.exists(url[len('sqlite:///'):])
    try:
        database = bind(url)
        found = models.Case.table_exists() and models.Case.select().exists()
        database.close()
        return found
    except peewee.OperationalError:
        return False


def reset_postgres(url):
    """An empty PostgreSQL database at `url`, created when missing."""
    from playhouse.db_url import connect, parse
    name = parse(url)['database']
    server = connect(url.rsplit('/', 1)[0] + '/postgres')
    server.connect()
    server.connection().autocommit = True
    server.execute_sql('DROP DATABASE IF EXISTS "%s"' % name)
    server.execute_sql('CREATE DATABASE "%s"' % name)
    server.close()


def bind(url):
    database = connect_database(url)
    models.db.initialize(database)
    return database


def is_sqlite(database):
    return isinstance(database, peewee.SqliteDatabase)


def weighted(rng, pairs):
    weights, values = zip(*pairs)
    return rng.choices(values, weights)[0]


class Loader:
    """Rows in chunks through the driver (executemany; execute_values on
    PostgreSQL), ids given here so relations need no read-back. Building
    peewee's INSERT for millions of rows costs more than writing them, so
    only the first 1,000 rows of each table go through the model's own value
    checks (BaseModel.check_values); the rest are made by the same code."""

    def __init__(self, database):
        self.database = database
        self.sqlite = is_sqlite(database)
        self.counts = {}

    def next_id(self, model):
        return (model.select(peewee.fn.MAX(model.id)).scalar() or 0) + 1

    def _value(self, value):
        # SQLite keeps dates and times as text, as peewee writes them.
        if self.sqlite and isinstance(value, (datetime.date, datetime.time)):
            return str(value)
        return value

    def insert(self, model, fields, rows):
        if not rows:
            return
        # The fields' defaults for what is not given, as peewee would fill in.
        given = {field.name for field in fields}
        extra = [field for field in model._meta.sorted_fields
                 if field.name not in given and field.default is not None
                 and not field.primary_key]
        if extra:
            defaults = tuple(f.default() if callable(f.default) else f.default
                             for f in extra)
            fields = list(fields) + extra
            rows = [tuple(row) + defaults for row in rows]
        if model.__name__ not in self.counts:
            for row in rows[:1000]:
                model.check_values(dict(zip(fields, row)))
        table = model._meta.table_name
        columns = ', '.join('"%s"' % field.column_name for field in fields)
        rows = [tuple(self._value(v) for v in row) for row in rows]
        with self.database.atomic():
            cursor = self.database.cursor()
            if self.sqlite:
                cursor.executemany('INSERT INTO "%s" (%s) VALUES (%s)' % (
                    table, columns, ', '.join('?' * len(fields))), rows)
            else:
                from psycopg2.extras import execute_values
                execute_values(cursor, 'INSERT INTO "%s" (%s) VALUES %%s' % (
                    table, columns), rows, page_size=2000)
        self.counts[model.__name__] = self.counts.get(model.__name__, 0) + len(rows)

    def reset_sequences(self):
        """PostgreSQL's id sequences past the ids given here."""
        if self.sqlite:
            return
        for name in self.counts:
            table = getattr(models, name)._meta.table_name
            self.database.execute_sql(
                "SELECT setval(pg_get_serial_sequence('\"%s\"', 'id'), "
                "COALESCE((SELECT MAX(id) FROM \"%s\"), 1))" % (table, table))


class City:
    """The city's halls, what each offers, its windows, agents and staff."""

    def __init__(self):
        self.city = models.Hall.get(models.Hall.level == 'city',
                                    models.Hall.parent.is_null())
        self.halls = list(models.Hall.select().order_by(models.Hall.id))
        self.by_id = {hall.id: hall for hall in self.halls}
        self.items = list(models.Item.select().where(models.Item.is_active == True)  # noqa: E712
                          .order_by(models.Item.id))
        self.bundles = list(models.Bundle.select().order_by(models.Bundle.id))
        self.bundle_limit = {b.id: b.time_limit_days for b in self.bundles}
        self.bundle_departments = {}
        for part in (models.BundleItem.select(models.BundleItem, models.Item)
                     .join(models.Item).order_by(models.BundleItem.id)):
            departments = self.bundle_departments.setdefault(part.bundle_id, [])
            if part.item.department_id not in departments:
                departments.append(part.item.department_id)
        stationed = {}
        for row in models.HallDepartment.select():
            stationed.setdefault(row.hall_id, set()).add(row.department_id)
        self.offered = {
            hall.id: [i for i in self.items if hall.level in i.level_list
                      and i.department_id in stationed.get(hall.id, ())]
            or [i for i in self.items if hall.level in i.level_list]
            for hall in self.halls}
        self.higher = {hall.id: [i for i in self.items
                                 if hall.level not in i.level_list]
                       for hall in self.halls}
        self.windows = {}
        for window in models.Window.select().order_by(models.Window.number):
            self.windows.setdefault(window.hall_id, []).append(window)
        self.agents = {}
        for agent in models.Agent.select().order_by(models.Agent.id):
            self.agents.setdefault(agent.hall_id, []).append(agent.id)
        self.staff = {}
        for user in models.User.select().order_by(models.User.id):
            self.staff.setdefault(user.hall_id, user.id)
        self.calendar = models.CityCalendar.load(self.city.id)
        self._due = {}

    def staff_of(self, hall):
        while hall is not None:
            if hall.id in self.staff:
                return self.staff[hall.id]
            hall = self.by_id.get(hall.parent_id)
        return None

    def due(self, day, days):
        key = (day, days)
        if key not in self._due:
            self._due[key] = self.calendar.add_working_days(None, day, days)
        return self._due[key]


def grow_city(loader, rng):
    """Counties, towns and villages beyond the demo's, set up like the demo
    halls of their level: departments stationed, windows and their items,
    agents, a kiosk at county halls."""
    city = models.Hall.get(models.Hall.code == 'QL')
    model_halls = {level: models.Hall.get(models.Hall.code == code) for level, code in
                   (('county', 'QL-YX'), ('town', 'QL-YX-BS'), ('village', 'QL-YX-BS-01'))}
    existing = {hall.code for hall in models.Hall.select(models.Hall.code)}
    hall_id = loader.next_id(models.Hall)
    rows, new = [], []

    def add(code, level, parent_id, name):
        nonlocal hall_id
        if code in existing:
            return models.Hall.get(models.Hall.code == code).id
        rows.append((hall_id, code, name, level, parent_id, '',
                     datetime.time(9, 0), datetime.time(17, 30), ''))
        new.append((hall_id, level))
        hall_id += 1
        return hall_id - 1

    for c in range(1, COUNTIES + 1):
        county = add('QL-C%02d' % c, 'county', city.id, '青岚市第%d区县政务服务中心' % c)
        for t in range(1, TOWNS + 1):
            town = add('QL-C%02d-T%02d' % (c, t), 'town', county,
                       '第%d区县第%d乡镇便民服务中心' % (c, t))
            for v in range(1, VILLAGES + 1):
                add('QL-C%02d-T%02d-%02d' % (c, t, v), 'village', town,
                    '第%d区县第%d乡镇第%d村便民服务室' % (c, t, v))
    # The demo city has 2 counties; COUNTIES more are added beside them.
    loader.insert(models.Hall, [
        models.Hall.id, models.Hall.code, models.Hall.name, models.Hall.level,
        models.Hall.parent, models.Hall.address, models.Hall.opens_at,
        models.Hall.closes_at, models.Hall.phone], rows)

    stationed = {level: [row.department_id for row in hall.stationed]
                 for level, hall in model_halls.items()}
    loader.insert(models.HallDepartment,
                  [models.HallDepartment.hall, models.HallDepartment.department],
                  [(hid, dep) for hid, level in new for dep in stationed[level]])

    window_id = loader.next_id(models.Window)
    windows, links, departments = [], [], []
    for hid, level in new:
        for template in model_halls[level].windows.order_by(models.Window.number):
            windows.append((window_id, hid, template.number, template.name,
                            template.kind, template.department_id,
                            template.prefix, True, template.minutes_per_ticket))
            links += [(window_id, link.item_id) for link in template.item_links]
            departments += [(window_id, link.department_id)
                            for link in template.department_links]
            window_id += 1
    loader.insert(models.Window, [
        models.Window.id, models.Window.hall, models.Window.number,
        models.Window.name, models.Window.kind, models.Window.department,
        models.Window.prefix, models.Window.is_open,
        models.Window.minutes_per_ticket], windows)
    loader.insert(models.WindowItem, [models.WindowItem.window,
                                      models.WindowItem.item], links)
    loader.insert(models.WindowDepartment, [models.WindowDepartment.window,
                                            models.WindowDepartment.department],
                  departments)

    agents = []
    for hid, level in new:
        for n in range(AGENTS[level]):
            person = seeds.fictional_person(rng)
            agents.append((hid, person['name'],
                           'full_time' if n < AGENTS[level] // 2 + 1 else 'part_time',
                           person['phone'], True))
    loader.insert(models.Agent, [models.Agent.hall, models.Agent.name,
                                 models.Agent.employment, models.Agent.phone,
                                 models.Agent.is_active], agents)
    loader.insert(models.Kiosk, [models.Kiosk.hall, models.Kiosk.name,
                                 models.Kiosk.location],
                  [(hid, '自助终端1', '大厅入口') for hid, level in new
                   if level == 'county'])
    return len(new)


def applicants(loader, rng, count):
    """Fictional people and enterprises (one in five), valid ID numbers."""
    first_id = loader.next_id(models.Applicant)
    rows, seen = [], set()
    while len(rows) < count:
        maker = seeds.fictional_enterprise if rng.random() < .2 else seeds.fictional_person
        who = maker(rng)
        id_type = 'credit_code' if who['kind'] == 'enterprise' else 'resident_id'
        if (id_type, who['id_number']) in seen:
            continue
        seen.add((id_type, who['id_number']))
        rows.append((first_id + len(rows), who['kind'], id_type,
                     who['id_number'], who['name'], who['phone'],
                     datetime.datetime(2023, 1, 1)))
    loader.insert(models.Applicant, [
        models.Applicant.id, models.Applicant.kind, models.Applicant.id_type,
        models.Applicant.id_number, models.Applicant.name,
        models.Applicant.phone, models.Applicant.created_at], rows)
    return list(range(first_id, first_id + count))


def working_days(first, last, calendar):
    day, found = first, []
    while day <= last:
        if calendar.is_workday(day):
            found.append(day)
        day += datetime.timedelta(days=1)
    return found


CASE_FIELDS = [
    'id', 'number', 'hall', 'origin_hall', 'transfer_confirmed_at', 'item',
    'bundle', 'item_name', 'time_limit_days', 'applicant', 'service_form',
    'channel', 'status', 'agent', 'window', 'green_reason', 'green_contact',
    'is_complex', 'registered_at', 'due_date', 'closed_at', 'delivery_method',
    'delivery_address', 'courier', 'tracking_number', 'refusal_reason',
    'refer_to', 'termination_reason', 'created_by', 'created_at']
EVENT_FIELDS = ['case', 'at', 'actor', 'action', 'from_status', 'to_status',
                'note', 'params']
TICKET_FIELDS = ['hall', 'day', 'prefix', 'number', 'case', 'window',
                 'priority', 'status', 'issued_at', 'called_at', 'served_at',
                 'done_at']


def fields(model, names):
    return [model._meta.fields[name] for name in names]


def generate_cases(loader, rng, city, count, applicant_ids, now, batch=50000,
                   say=print):
    """`count` cases over YEARS years up to yesterday, in batches."""
    today = now.date()
    days = working_days(today - datetime.timedelta(days=365 * YEARS),
                        today - datetime.timedelta(days=1), city.calendar)
    halls = city.halls
    weights = [WEIGHTS[hall.level] for hall in halls]
    # Each case's hall and day first, then numbered per hall and day.
    placed = sorted(zip(rng.choices(range(len(days)), k=count),
                        rng.choices(range(len(halls)), weights, k=count)))
    case_id = loader.next_id(models.Case)
    evaluation_id = loader.next_id(models.Evaluation)
    numbers = {}
    green = [reason for reason, _ in models.GREEN_REASONS]
    for start in range(0, count, batch):
        cases, events, flows, ratings, follow_ups, receipts, tickets = (
            [], [], [], [], [], [], [])
        for day_index, hall_index in placed[start:start + batch]:
            day, hall = days[day_index], halls[hall_index]
            key = (hall.id, day)
            numbers[key] = seq = numbers.get(key, 0) + 1
            created = datetime.datetime.combine(day, datetime.time(9, 0)) + \
                datetime.timedelta(seconds=rng.randrange(8 * 3600))
            age = (today - day).days
            status = weighted(rng, RECENT if age <= RECENT_DAYS else SETTLED)
            origin = hall
            if (hall.level in ('town', 'village') and rng.random() < .1
                    and city.higher[hall.id]):
                # Registered at a village or town point for a higher-level
                # item: moved up to the hall above (跨层级转办).
                item = rng.choice(city.higher[hall.id])
                hall = city.by_id[hall.parent_id]
            else:
                item = rng.choice(city.offered[hall.id])
            bundle = None
            if hall.level in ('city', 'county') and rng.random() < .05:
                item, bundle = None, rng.choice(city.bundles)
            subject = item or bundle
            form = rng.choice(item.service_forms if item else ['assisted', 'proxy'])
            if status == 'commissioned' and form != 'proxy':
                status = 'registered'  # only proxy cases are commissioned (委托)
            channel = 'home_visit' if form == 'home_visit' else weighted(rng, CHANNELS)
            user = city.staff_of(hall)
            window = (city.windows.get(hall.id) or [None])[0]
            agents = city.agents.get(hall.id) or [None]
            path = PATHS[status]
            if (form == 'proxy' and 'register' in path and 'commission' not in path
                    and status != 'registered'):
                path = ['register', 'commission'] + path[1:]
            limit = item.time_limit_days if item else city.bundle_limit[bundle.id]
            registered = due = closed = None
            moments = [created]
            if path:
                span = max(1, min(age, limit * 7 // 5 + 3 if status in CLOSED
                                  else age))
                step = datetime.timedelta(
                    seconds=rng.randrange(60, span * 86400) / (len(path) + 1))
                for _ in path:
                    moments.append(min(moments[-1] + step, now))
            if 'register' in path:
                registered = moments[path.index('register') + 1]
                due = city.due(registered.date(), limit)
            if status in CLOSED:
                closing = 'terminate' if status == 'terminated' else 'deliver'
                closed = moments[path.index(closing) + 1]
            reason = rng.choice(green) if rng.random() < .06 else ''
            mailed = 'mail' in path
            cases.append((
                case_id, '%s-%s-%04d' % (origin.code, day.strftime('%Y%m%d'), seq),
                hall.id, origin.id,
                created + datetime.timedelta(hours=2) if origin is not hall else None,
                item.id if item else None, bundle.id if bundle else None,
                item.full_name if item else bundle.name, limit,
                rng.choice(applicant_ids), form, channel, status,
                rng.choice(agents) if registered else None,
                window.id if registered and window else None,
                reason, '', bool(bundle and bundle.kind == 'investment'),
                registered, due, closed, 'mail' if mailed else 'pickup',
                '青岚市示范路%d号' % rng.randint(1, 300) if mailed else '',
                '邮政EMS' if mailed else '',
                'EMS%010d' % rng.randrange(10 ** 10) if mailed else '',
                '不属于帮办代办事项' if status == 'refused' else '',
                '对应主管部门窗口' if status == 'refused' else '',
                '申请人申请终止' if status == 'terminated' else '',
                user, created))
            before = ''
            for action, at in zip(['open'] + path, moments):
                after = (models.TRANSITIONS[action][1] if action != 'open'
                         else 'consultation')
                if action == 'evaluate':
                    rating = weighted(rng, RATINGS)
                    params = models.CaseEvent.encode({'rating': rating})
                    method = rng.choice(('onsite', 'onsite', 'phone', 'online'))
                    ratings.append((evaluation_id, case_id, rating, method, '',
                                    '回访员' if method == 'phone' else '',
                                    at if method == 'phone' else None, user, at))
                    if rating < 3:
                        follow_ups.append((case_id, hall.id, evaluation_id, at,
                                           at + datetime.timedelta(days=3)
                                           if age > 10 else None, user if age > 10 else None,
                                           '已回访整改' if age > 10 else ''))
                    evaluation_id += 1
                else:
                    params = ''
                events.append((case_id, at, user, action, before, after, '', params))
                before = after
            if registered:
                departments = ([item.department_id] if item
                               else city.bundle_departments.get(bundle.id, []))
                ready = 'mark_ready' in path
                for department in departments:
                    flows.append((case_id, department, hall.id, registered.date(),
                                  moments[path.index('mark_ready') + 1].date()
                                  if ready else None))
                if (channel in ('kiosk', 'window') and window is not None
                        and origin is hall):
                    tkey = (hall.id, day, window.prefix)
                    numbers[tkey] = number = numbers.get(tkey, 0) + 1
                    tickets.append((hall.id, day, window.prefix, number, case_id,
                                    window.id, 2 if reason else 0, 'done', created,
                                    created + datetime.timedelta(minutes=6),
                                    created + datetime.timedelta(minutes=7),
                                    created + datetime.timedelta(minutes=20)))
            receipts.append((case_id, models.digest('bench-receipt-%d' % case_id),
                             created))
            case_id += 1
        loader.insert(models.Case, fields(models.Case, CASE_FIELDS), cases)
        loader.insert(models.CaseEvent, fields(models.CaseEvent, EVENT_FIELDS), events)
        loader.insert(models.Evaluation, [
            models.Evaluation.id, models.Evaluation.case, models.Evaluation.rating,
            models.Evaluation.method, models.Evaluation.comment,
            models.Evaluation.caller, models.Evaluation.called_at,
            models.Evaluation.recorded_by, models.Evaluation.created_at], ratings)
        loader.insert(models.FollowUp, [
            models.FollowUp.case, models.FollowUp.hall, models.FollowUp.evaluation,
            models.FollowUp.created_at, models.FollowUp.closed_at,
            models.FollowUp.closed_by, models.FollowUp.outcome], follow_ups)
        loader.insert(models.CaseFlow, [
            models.CaseFlow.case, models.CaseFlow.department, models.CaseFlow.hall,
            models.CaseFlow.accepted_on, models.CaseFlow.done_on], flows)
        loader.insert(models.ReceiptCode, [
            models.ReceiptCode.case, models.ReceiptCode.code_hash,
            models.ReceiptCode.issued_at], receipts)
        loader.insert(models.Ticket, fields(models.Ticket, TICKET_FIELDS), tickets)
        say('  %d cases' % min(start + batch, count), flush=True)
    # Case numbers continue from here when the product opens more today.
    return case_id


def receipt_code(case_id):
    """The receipt code of a generated case (its hash is what is stored)."""
    return 'bench-receipt-%d' % case_id


def build(url, cases, reset=False, seed=SEED, quiet=False):
    """Fill the database at `url` with a city of `cases` cases; returns the
    row counts per table."""
    started = time.perf_counter()
    say = (lambda *a, **k: None) if quiet else print
    if url.startswith('sqlite:///'):
        path = url[len('sqlite:///'):]
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        for suffix in ('', '-wal', '-shm'):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    elif reset:
        reset_postgres(url)
    database = bind(url)
    run_migrations(database)
    if models.Case.select().exists():
        raise SystemExit('%s already holds cases; use an empty database '
                         'or --reset' % url.split('@')[-1])
    if is_sqlite(database):
        database.execute_sql('PRAGMA synchronous=OFF')
        database.execute_sql('PRAGMA journal_mode=WAL')
        database.execute_sql('PRAGMA cache_size=-200000')
    rng = random.Random(seed)
    now = models.now()
    # The demo's configuration and accounts; its three months of history are
    # replaced by the generated years, so its mark is set first.
    models.Counter.create(key=history.HISTORY_MARK, value=0)
    seeds.load_demo()
    loader = Loader(database)
    say('halls: %d added' % grow_city(loader, rng))
    city = City()
    applicant_ids = applicants(loader, rng, max(50, cases // 3))
    say('applicants: %d' % len(applicant_ids))
    generate_cases(loader, rng, city, cases, applicant_ids, now, say=say)
    loader.reset_sequences()
    say('ANALYZE ...')
    database.execute_sql('ANALYZE')
    if is_sqlite(database):
        database.execute_sql('PRAGMA optimize')
        database.execute_sql('PRAGMA wal_checkpoint(TRUNCATE)')
    say('done in %.0f s: %s' % (time.perf_counter() - started, ', '.join(
        '%s %d' % kv for kv in sorted(loader.counts.items()))))
    database.close()
    return loader.counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--cases', type=int, default=1000000,
                        help='how many cases (default 1,000,000)')
    parser.add_argument('--url', help='database URL (default BENCH_DATABASE_URL, '
                        'else sqlite:///instance/bench-<N>.db)')
    parser.add_argument('--reset', action='store_true',
                        help='drop and create the PostgreSQL database first')
    parser.add_argument('--seed', type=int, default=SEED)
    args = parser.parse_args(argv)
    url = args.url or default_url(args.cases)
    print('building %d cases in %s' % (args.cases, url.split('@')[-1]))
    build(url, args.cases, reset=args.reset, seed=args.seed)


if __name__ == '__main__':
    main()
