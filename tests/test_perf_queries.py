"""The portal's case pages at city scale: as many queries for 100 rows as
for 10, and the key queries read an index (checked in the plans of the
queries the pages run, not by timing them)."""
import datetime
import re

import pytest
from peewee import PostgresqlDatabase, SqliteDatabase

import models
from seeds import factories
from support import statements
from grown_city import Queries, queries, signed_in, add_cases, city  # noqa: F401
from support import CASE_TABLE, plan, full_scans  # noqa: F401


def rows(page, css):
    """How many rows the table of this class shows."""
    tables = re.findall(r'<table class="[^"]*\b%s\b.*?</table>' % css, page,
                        re.S)
    return sum(table.count('<tr') - 1 for table in tables)  # less headings


# --- Queries per page -------------------------------------------------------

LISTS = [
    ('demo-manager', '/portal/cases/?overdue=1', 'case-list'),
    ('demo-city', '/portal/cases/?overdue=1', 'case-list'),
    ('demo-manager', '/portal/cases/overdue', 'overdue-list'),
    ('demo-agent', '/portal/', None),
]


@pytest.mark.parametrize('username,url,css', LISTS)
def test_a_list_makes_as_many_queries_for_100_rows_as_for_10(
        demo_client, queries, username, url, css):
    client = signed_in(demo_client, username)
    add_cases(10, 'A')
    few, page = queries.during(client, url)
    shown = rows(page, css) if css else None
    add_cases(90, 'B')
    many, page = queries.during(client, url)
    if css:
        assert rows(page, css) > shown  # the second page shows more rows
    assert len(many) == len(few), [sql for sql, _ in many]


def test_the_case_page_makes_as_many_queries_for_a_long_history(
        demo_client, queries):
    client = signed_in(demo_client, 'demo-manager')
    case = factories.registered_case(hall_code='QL-YX', seed=41)
    actors = list(models.User.select().where(models.User.hall == case.hall_id))
    short, page = queries.during(client, '/portal/cases/%d' % case.id)
    events = page.count('data-action=')
    for k in range(60):
        models.CaseEvent.create(case=case, actor=actors[k % len(actors)],
                                action='note', from_status=case.status,
                                to_status=case.status, note='记录 %d' % k)
    long, page = queries.during(client, '/portal/cases/%d' % case.id)
    assert page.count('data-action=') == events + 60
    assert len(long) == len(short), [sql for sql, _ in long]


def test_the_applicant_file_makes_as_many_queries_for_100_cases(
        demo_client, queries):
    client = signed_in(demo_client, 'demo-manager')
    applicant = factories.applicant(seed=4242)
    add_cases(10, 'C', applicant=applicant)
    url = '/portal/applicants/%d' % applicant.id
    few, page = queries.during(client, url)
    assert rows(page, 'applicant-cases') == 10
    add_cases(95, 'D', applicant=applicant)
    many, page = queries.during(client, url)
    assert rows(page, 'applicant-cases') == 100  # the newest hundred
    assert 'The newest 100 cases are shown.' in page
    assert len(many) == len(few), [sql for sql, _ in many]


def test_the_case_list_pages_by_keyset_without_counting_everything(
        demo_client, queries):
    client = signed_in(demo_client, 'demo-manager')
    add_cases(130, 'E', overdue=False)
    seen, first = queries.during(client, '/portal/cases/')
    numbers = re.findall(r'>(PQ-E-\d+)<', first)
    assert numbers[:3] == ['PQ-E-00000', 'PQ-E-00001', 'PQ-E-00002']
    older = re.search(r'rel="next" href="([^"]+)"', first).group(1)
    assert 'page=' not in first  # no link per page
    _, second = queries.during(client, older.replace('&amp;', '&'))
    following = re.findall(r'>(PQ-E-\d+)<', second)
    assert following[0] == 'PQ-E-%05d' % len(numbers)
    assert not set(numbers) & set(following)
    assert 'Newest' in second


def test_the_case_count_stops_at_its_cap(demo_client, queries, monkeypatch):
    monkeypatch.setattr('portal.cases.pages.COUNT_CAP', 20)
    client = signed_in(demo_client, 'demo-manager')
    add_cases(30, 'F', overdue=False)
    _, page = queries.during(client, '/portal/cases/')
    assert 'More than 20 cases' in page


# --- Plans ------------------------------------------------------------------


@pytest.mark.parametrize('username,url', [
    ('demo-city', '/portal/cases/'),
    ('demo-manager', '/portal/cases/'),
    ('demo-agent', '/portal/cases/?before=%(middle)d'),
    ('demo-city', '/portal/cases/?status=in_handling'),
    ('demo-manager', '/portal/cases/overdue'),
    ('demo-city', '/portal/'),
    ('demo-manager', '/portal/applicants/%(applicant)d'),
])
def test_the_pages_read_cases_through_an_index(demo_client, queries, city,
                                               username, url):
    client = signed_in(demo_client, username)
    middle = (models.Case.select().where(models.Case.number == 'PQ-Q-01200')
              .get())
    url = url % {'middle': middle.id, 'applicant': middle.applicant_id}
    seen, _ = queries.during(client, url)
    # The capped count may walk the table: it stops at the cap, whatever
    # the number of cases (the plan's choice while most cases are in reach).
    capped = re.compile(r'SELECT COUNT\(1\) FROM \(SELECT 1 FROM "case" AS '
                        r'"t1" WHERE [^()]*\(.*\) LIMIT \S+\) AS "_wrapped"')
    on_cases = [(sql, params) for sql, params in seen
                if CASE_TABLE.search(sql) and sql.startswith('SELECT')
                and not capped.fullmatch(sql.rsplit(' LIMIT', 1)[0])]
    assert on_cases
    for sql, params in on_cases:
        assert not full_scans(city, sql, params), sql


def named(database, sql, params, indexes):
    """Whether the plan reads one of the indexes (PostgreSQL may prefer the
    due date's own index while few cases are past due)."""
    return any(index in line for line in plan(database, sql, params)
               for index in indexes)


def test_the_key_queries_name_their_index(demo_app, city):
    """The overdue counts, the open count of the home page and a hall's
    ledger by time of registration each read their index."""
    hall = factories.hall('QL-YX')
    halls = hall.subtree_ids()
    today = models.today()
    counts = (models.Case.select(models.Case.hall)
              .where(models.Case.past_due(today), models.Case.hall.in_(halls))
              .group_by(models.Case.hall, models.Case.status))
    open_cases = (models.Case.select(models.Case.id)
                  .where(models.Case.hall.in_(halls),
                         models.Case.status.in_(models.OPEN_STATUSES)))
    start = models.now() - datetime.timedelta(days=90)
    ledger = (models.Case.select()
              .where(models.Case.hall == hall,
                     models.Case.registered_at >= start,
                     models.Case.registered_at < models.now())
              .order_by(models.Case.registered_at))
    by_status = ['case_hall_id_status_due_date']
    by_registration = ['case_statistics']
    if isinstance(city, PostgresqlDatabase):
        # Weaker on PostgreSQL: while few cases are open its planner may
        # take the index of status or of due date alone, rightly; and in a
        # city this small, the narrow index of registration time over the
        # wide one of the statistics.
        by_status += ['case_status', 'case_due_date']
        by_registration += ['case_registered_at']
    for query, indexes in [(counts, by_status),
                           (open_cases, by_status),
                           (ledger, by_registration)]:
        sql, params = query.sql()
        assert named(city, sql, params, indexes), '\n'.join(
            indexes + plan(city, sql, params))
        assert not full_scans(city, sql, params)


def test_the_indexes_exist_as_the_migration_made_them(demo_app):
    database = demo_app.extensions['database']
    found = {index.name: index.columns
             for index in database.get_indexes('case')}
    assert found['case_hall_id_created_at'] == ['hall_id', 'created_at']
    assert found['case_origin_hall_id_created_at'] == ['origin_hall_id',
                                                       'created_at']
    assert found['case_statistics'] == ['hall_id', 'registered_at',
                                        'closed_at', 'due_date', 'status',
                                        'item_id', 'bundle_id']
    assert 'case_hall_id_registered_at' not in found  # it serves as that
    assert found['case_hall_id_status_due_date'] == ['hall_id', 'status',
                                                     'due_date']
    assert isinstance(database, (SqliteDatabase, PostgresqlDatabase))


def test_routing_a_case_costs_the_same_queries_for_any_number_of_windows(demo_app):
    """Hall.window_for (the kiosk's and the case page's routing) reads the
    windows, their posts and their links once, not once a window."""
    database = demo_app.extensions['database']
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    item = models.Item.select().where(models.Item.is_active == True).first()  # noqa: E712
    bundle = models.Bundle.select().first()
    agents = list(models.Agent.select().where(models.Agent.hall == hall).limit(2))

    def cost():
        with statements(database) as item_run:
            chosen = hall.window_for(item=item)
        with statements(database) as bundle_run:
            hall.window_for(bundle=bundle)
        return len(item_run), len(bundle_run), chosen

    before = cost()
    for n in range(12):
        window = models.Window.create(
            hall=hall, number=900 + n, name='临时窗口%d' % n, kind='department',
            department=item.department_id if n % 2 else None, prefix='Q' + 'ABCDEFGHJKLM'[n])
        models.Post.create(hall=hall, window=window, name='临时岗%d' % n,
                           agent_a=agents[0], agent_b=agents[1], a_away=True)
    after = cost()
    assert after[:2] == before[:2]
    assert before[0] <= 4 and before[1] <= 5
    assert after[2] == before[2]  # the added windows come after, by number
