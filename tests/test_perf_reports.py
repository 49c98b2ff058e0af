"""Reports at a city's scale: the statistics counted by the database agree
with a plain count over every case, and pages cost the same number of
queries whatever the number of cases they show."""
import datetime
import html
import io
import random
import re
import zipfile

import openpyxl
import pytest
from peewee import SqliteDatabase

import models
import reports
from portal.cases import paper_forms
from seeds import factories as make
from support import statements

AUG = datetime.date(2026, 8, 1)


# --- The statistics (附件8) against a reference count ---------------------------

def reference_statistics(hall_ids, first, last, by='hall'):
    """What the statistics must say, counted case by case in Python: the
    official formula, read straight from the records."""
    end = datetime.datetime.combine(last, datetime.time.max)
    start = datetime.datetime.combine(first, datetime.time.min)
    cutoff = min(last, models.today())
    units = {}
    for case in models.Case.select():
        if case.hall_id not in hall_ids or not (
                case.registered_at and start <= case.registered_at <= end):
            continue
        if by == 'department':
            unit = (case.item.department if case.item_id
                    else case.bundle.lead_department)
        else:
            unit = case.hall
        row = units.setdefault(str(unit), dict(
            open=0, closed=0, terminated=0, satisfied=0, rated=0, overdue=0,
            suspended=0))
        rating = models.Evaluation.get_or_none(models.Evaluation.case == case)
        if case.closed_at is not None and case.closed_at <= end:
            row['closed'] += 1
            row['terminated'] += case.status == 'terminated'
            if rating is not None:
                row['rated'] += 1
                row['satisfied'] += rating.rating in models.SATISFIED_RATINGS
        else:
            row['open'] += 1
            if case.status == 'suspended':
                row['suspended'] += 1
            else:
                row['overdue'] += bool(case.due_date and case.due_date < cutoff)
    return units


def as_dicts(rows):
    return {str(row.unit): dict(
        open=row.open, closed=row.closed, terminated=row.terminated,
        satisfied=row.satisfied, rated=row.rated, overdue=row.overdue,
        suspended=row.suspended)
        for row in rows}


@pytest.fixture
def random_city(app):
    """Two halls in scope and one outside, three departments, items and a
    bundle, and 120 cases spread over August to October: open, closed in
    the period or after it, terminated, rated or not, overdue or not."""
    rng = random.Random(20261207)
    county = make.new_hall('CTY', 'county')
    town = make.new_hall('TWN', 'town', parent=county)
    other = make.new_hall('OTH', 'county')
    departments = [make.department('D%d' % n, '部门%d' % n, '部%d' % n)
                   for n in range(3)]
    items = [make.new_item(d, code='IT-%d' % n, name='事项%d' % n)
             for n, d in enumerate(departments[:2])]
    bundle = models.Bundle.create(code='B-1', name='企业开办', kind='one_thing',
                                  lead_department=departments[2])
    applicant = make.applicant(1)
    for n in range(120):
        registered = datetime.datetime.combine(
            AUG + datetime.timedelta(days=rng.randrange(92)),
            datetime.time(rng.randrange(8, 18), rng.randrange(60)))
        closed_at = rng.choice([None, registered + datetime.timedelta(
            days=rng.randrange(40), hours=rng.randrange(8))])
        status = (rng.choice(['in_handling', 'in_handling', 'suspended'])
                  if closed_at is None
                  else rng.choice(['delivered', 'archived', 'terminated']))
        subject = rng.choice(items + [bundle])
        case = models.Case.create(
            number='R-%04d' % n, hall=rng.choice([county, county, town, other]),
            origin_hall=county, applicant=applicant, service_form='assisted',
            channel='window', status=status, registered_at=registered,
            created_at=registered, closed_at=closed_at,
            due_date=(registered + datetime.timedelta(
                days=rng.randrange(-5, 30))).date() if rng.random() < .9 else None,
            item_name=subject.name,
            **({'bundle': subject} if subject is bundle else {'item': subject}))
        if rng.random() < .6:
            models.Evaluation.create(case=case, rating=rng.randrange(1, 6),
                                     method='onsite')
    return dict(county=county, town=town, other=other)


@pytest.mark.parametrize('moment', ['2026-09-15T10:00:00+08:00',
                                    '2026-12-01T10:00:00+08:00'])
def test_statistics_agree_with_a_count_case_by_case(random_city, clock, moment):
    clock.set(moment)
    hall_ids = random_city['county'].subtree_ids()
    periods = [(datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)),
               (AUG, datetime.date(2026, 10, 31)),
               (datetime.date(2026, 9, 10), datetime.date(2026, 9, 10))]
    seen = set()
    for first, last in periods:
        for by in ('hall', 'department'):
            rows, total = reports.monthly_statistics(hall_ids, first, last, by=by)
            expected = reference_statistics(hall_ids, first, last, by=by)
            assert as_dicts(rows) == expected, (first, last, by)
            assert [str(row.unit) for row in rows] == sorted(expected)
            for name in reports.STATISTICS:
                assert getattr(total, name) == sum(
                    row[name] for row in expected.values())
                seen.add(name) if getattr(total, name) else None
    # The random city has some of everything the form counts.
    assert seen == set(reports.STATISTICS)
    assert '测试OTH大厅' not in str(rows)


def test_statistics_take_two_queries_whatever_the_number_of_cases(
        random_city):
    hall_ids = random_city['county'].subtree_ids()
    for by in ('hall', 'department'):
        with statements(models.db.obj) as run:
            rows, _total = reports.monthly_statistics(
                hall_ids, AUG, datetime.date(2026, 10, 31), by=by)
        assert rows and len(run) == 2, run


# --- The ledger (台账): paged on screen, whole in Excel -------------------------

SEPT_1 = datetime.datetime(2026, 9, 1, 9, 0)


def ledger_hall(count, code='LDG'):
    """A county hall with `count` cases registered on 1 September, each with
    its own applicant, an agent, a department's progress, a delivery and a
    rating; and a manager who reads its ledger. Every third case came from
    a town below. Returns the hall."""
    hall = make.new_hall(code, 'county')
    town = make.new_hall(code + 'T', 'town', parent=hall)
    department = make.department()
    item = make.new_item(department, code='IT-' + code, materials=0)
    manager = make.user('manager-' + code.lower(), 'hall_manager', hall,
                        agent_name='帮办员' + code)
    agent = models.Agent.get(models.Agent.user == manager)
    for n in range(count):
        at = SEPT_1 + datetime.timedelta(minutes=n // 2)  # pairs share a time
        case = models.Case.create(
            number='%s-%04d' % (code, n), hall=hall,
            origin_hall=town if n % 3 == 0 else hall, item=item,
            item_name=item.name, applicant=make.applicant(1000 + n),
            service_form='assisted', channel='window', status='evaluated',
            agent=agent, created_by=manager, registered_at=at, created_at=at,
            closed_at=at + datetime.timedelta(days=2))
        models.CaseFlow.create(case=case, department=department, hall=hall,
                               accepted_on=at.date(), done_on=at.date())
        models.CaseEvent.create(case=case, action='deliver', at=case.closed_at,
                                actor=manager)
        models.Evaluation.create(case=case, rating=4, method='onsite')
    return hall


def ledger_url(hall, **args):
    query = '&'.join('%s=%s' % kv for kv in dict(
        {'from': '2026-09-01', 'to': '2026-09-30', 'hall': hall.id},
        **args).items())
    return '/portal/cases/ledger?' + query


def page_queries(app, hall, url):
    client = app.test_client()
    client.post('/portal/login', data={'username': 'manager-' + hall.code.lower(),
                                       'password': make.PASSWORD})
    client.get(url)  # sign-in, language, caches: settled before counting
    with statements(models.db.obj) as run:
        response = client.get(url)
    assert response.status_code == 200
    return response, run


def test_ledger_page_costs_the_same_queries_for_10_or_100_cases(app):
    small, large = ledger_hall(10, 'SML'), ledger_hall(100, 'LRG')
    few, few_run = page_queries(app, small, ledger_url(small))
    many, many_run = page_queries(app, large, ledger_url(large))
    assert few.get_data(as_text=True).count('SML-00') == 10
    assert many.get_data(as_text=True).count('LRG-0') == 100
    assert len(few_run) == len(many_run), (few_run, many_run)
    export = '/portal/cases/ledger.xlsx?from=2026-09-01&to=2026-09-30&hall=%d'
    few, few_run = page_queries(app, small, export % small.id)
    many, many_run = page_queries(app, large, export % large.id)
    assert len(few_run) == len(many_run), (few_run, many_run)


def sheet_rows(response):
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    return list(book.active.iter_rows(values_only=True))


def test_ledger_pages_follow_each_other_and_the_export_has_every_case(
        app, monkeypatch):
    hall = ledger_hall(250)
    client = app.test_client()
    client.post('/portal/login', data={'username': 'manager-ldg',
                                       'password': make.PASSWORD})
    seen, url, pages = [], ledger_url(hall), 0
    while url:
        text = client.get(url).get_data(as_text=True)
        pages += 1
        seen += re.findall(r'LDG-\d{4}', text)
        following = re.search(r'href="([^"]+)" rel="next"', text)
        url = html.unescape(following.group(1)) if following else None
        if pages == 3:
            assert '第 201 至 250 行' in text  # numbered on from page 2
            assert '>250<' in text
    assert pages == 3
    assert seen == ['LDG-%04d' % n for n in range(250)]  # in order, once each
    # The export reads in batches; a small batch shows they join up.
    monkeypatch.setattr(paper_forms, 'EXPORT_BATCH', 40)
    response = client.get('/portal/cases/ledger.xlsx?from=2026-09-01'
                          '&to=2026-09-30&hall=%d' % hall.id)
    assert response.status_code == 200
    assert response.mimetype.endswith('spreadsheetml.sheet')
    rows = sheet_rows(response)
    assert rows[2][:3] == ('序号', '申请日期', '申请人姓名及电话')  # form 附件4
    assert [row[12] for row in rows[4:]] == seen
    assert [row[0] for row in rows[4:]] == list(range(1, 251))
    first = rows[4]
    assert first[1] == datetime.datetime(2026, 9, 1)
    assert first[8] == '满意' and first[5] == '人社 2026-09-01'
    assert first[9] == '由测试LDGT大厅转入'


def test_ledger_in_english_and_its_export_refuses_other_halls(app):
    hall = ledger_hall(3)
    other = make.new_hall('FAR', 'county')
    client = app.test_client()
    client.post('/portal/login', data={'username': 'manager-ldg',
                                       'password': make.PASSWORD})
    client.post('/lang/en')
    text = client.get(ledger_url(hall)).get_data(as_text=True)
    assert 'Annex 4' in text and 'Download as Excel' in text
    assert 'Satisfied' in text and 'from 测试LDGT大厅' in text
    assert 'rel="next"' not in text and 'lines 1 to' not in text
    rows = sheet_rows(client.get('/portal/cases/ledger.xlsx?from=2026-09-01'
                                 '&to=2026-09-30&hall=%d' % hall.id))
    # The official form stays Chinese whatever the reader's language.
    assert rows[2][:4] == ('序号', '申请日期', '申请人姓名及电话', '帮办代办事项名称')
    assert len(rows) == 7 and rows[4][8] == '满意'
    assert rows[4][4] == '帮办员LDG'  # the case's agent received it
    assert rows[4][9] == '由测试LDGT大厅转入' and rows[5][9] is None
    for url in ('/portal/cases/ledger.xlsx?hall=%d', '/portal/cases/ledger?hall=%d'):
        assert client.get(url % other.id).status_code == 404


def test_ledger_export_keeps_typed_formulas_as_text(app):
    hall = ledger_hall(1)
    models.Applicant.update(name='=HYPERLINK("http://x.example","点")').execute()
    client = app.test_client()
    client.post('/portal/login', data={'username': 'manager-ldg',
                                       'password': make.PASSWORD})
    response = client.get('/portal/cases/ledger.xlsx?from=2026-09-01'
                          '&to=2026-09-30&hall=%d' % hall.id)
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        sheet = archive.read('xl/worksheets/sheet1.xml').decode()
    assert '<f>' not in sheet
    assert sheet_rows(response)[4][2].startswith('=HYPERLINK')


# --- The statistics page -----------------------------------------------------------

def test_statistics_page_costs_the_same_queries_for_10_or_100_cases(app):
    small, large = ledger_hall(10, 'SML'), ledger_hall(100, 'LRG')
    for by in ('hall', 'department'):
        counts = []
        for hall, cases in ((small, 10), (large, 100)):
            page = '/portal/stats/?month=2026-09&by=%s&hall=%d' % (by, hall.id)
            response, run = page_queries(app, hall, page)
            assert '>%d</td>' % cases in response.get_data(as_text=True)
            counts.append(len(run))
            response, run = page_queries(app, hall, page.replace(
                '/?', '/export.xlsx?'))
            total = [row for row in sheet_rows(response) if row[1] == '合计']
            assert total[0][2] == cases  # the total accepted
            counts.append(len(run))
        assert counts[:2] == counts[2:], (by, counts)


# --- The key queries keep their index -------------------------------------------

def query_plan(sql, params):
    """The database's plan for a statement, as one text. On PostgreSQL
    sequential scans are priced out first: a test's tables are so small
    that a scan would win, and the question is whether an index can serve."""
    database = models.db.obj
    if isinstance(database, SqliteDatabase):
        rows = database.execute_sql('EXPLAIN QUERY PLAN ' + sql, params)
        return '\n'.join(row[-1] for row in rows.fetchall())
    database.execute_sql('SET enable_seqscan = off')
    try:
        rows = database.execute_sql('EXPLAIN ' + sql, params).fetchall()
    finally:
        database.execute_sql('RESET enable_seqscan')
    return '\n'.join(row[0] for row in rows)


def reads_cases_by_index(plan):
    """Whether the plan searches the case table (t1) through an index, not
    by reading it from end to end."""
    if isinstance(models.db.obj, SqliteDatabase):
        return any(line.startswith('SEARCH t1 USING') and 'INDEX' in line
                   for line in plan.splitlines()) and 'SCAN t1' not in plan
    # A walk along the primary key's index reads every case, too.
    searching = {name for name, in models.db.obj.execute_sql(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'case'"
        " AND indexname <> 'case_pkey'").fetchall()}
    used = re.findall(r'Index (?:Only )?Scan (?:using (\S+) )?on (\S+)', plan)
    return 'Seq Scan on "case"' not in plan and any(
        (index or table) in searching for index, table in used)


def test_statistics_and_ledger_read_cases_through_an_index(app):
    hall = ledger_hall(30)
    with app.app_context():
        with statements(models.db.obj) as run:
            reports.monthly_statistics([hall.id], datetime.date(2026, 9, 1),
                                       datetime.date(2026, 9, 30))
        checked = [run[0]]
        with statements(models.db.obj) as run:
            rows = reports.ledger(hall.id, datetime.date(2026, 9, 1),
                                  datetime.date(2026, 9, 30), limit=10)
            last = rows[-1].case
            reports.ledger(hall.id, datetime.date(2026, 9, 1),
                           datetime.date(2026, 9, 30), limit=10,
                           after=(last.registered_at, last.id))
        checked += [run[0], run[4]]
        for sql, params in checked:
            assert 'FROM "case"' in sql
            plan = query_plan(sql, params)
            assert reads_cases_by_index(plan), (sql, plan)
