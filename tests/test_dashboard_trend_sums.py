"""The dashboard's 12-month trend reads the months that are over from the
appraisal's sums (AgentMonth) and the current month from the cases, with
the same figures the cases give: received, closed (cases without an agent
and terminated ones too), on time, satisfied and rated badly, each month
as it stood at its end; a month a paper ledger reopens is read from the
cases until it is summed again; the statements are the same for 2 halls
or 20."""
import datetime

import dashboard
import jobs
import models
import reports
from seeds import factories as make
from support import statements
from appraised import (  # noqa: F401
    case, grow, ledger_while_summing, supervised,
)

TODAY = datetime.date(2026, 12, 7)  # the hall's clock in `supervised`


def spread(county, town):
    """Cases registered and closed in each month from December 2025 to
    December 2026 beside the fixture's: with and without an agent, late
    and on time, rated well, badly, not at all or only after the month
    was over, terminated, and still open."""
    jia = models.Agent.get(models.Agent.name == '甲')
    d = datetime.date
    months = [(2025, 12)] + [(2026, m) for m in range(1, 13)]
    for n, (year, month) in enumerate(months):
        day = datetime.datetime(year, month, 10, 11, 0)
        due = day.date() + datetime.timedelta(days=n % 3 - 1)
        case('S%02d-1' % n, county, jia, day, due, rating=5)
        case('S%02d-2' % n, town, None, day + datetime.timedelta(days=1),
             d(year, month, 9), rating=1 + n % 3)
        case('S%02d-3' % n, town, None, day, None, status='terminated')
        late = case('S%02d-4' % n, county, None,
                    day + datetime.timedelta(days=2), due)
        if (year, month) < (2026, 11):
            # Rated by phone a month later: in no month's figures.
            models.Evaluation.create(case=late, rating=1, method='phone',
                                     created_at=day + datetime.timedelta(days=35))
        still_open = case('S%02d-5' % n, county, None, None, due)
        models.Case.update(registered_at=day, created_at=day).where(
            models.Case.id == still_open.id).execute()


def figures(periods):
    return [(p.key, p.received, p.closed, p.due, p.on_time, p.satisfied,
             p.bad, p.on_time_rate, p.satisfaction) for p in periods]


def live(hall):
    """The 12 months read from the cases alone."""
    periods = dashboard._periods(TODAY, 'month')
    dashboard._live({p.key: p for p in periods}, hall.subtree_ids(),
                    periods[0].first, TODAY, 'month')
    return figures(periods)


def trend(hall, hall_ids=None):
    return figures(dashboard.trend(hall_ids or hall.subtree_ids(), TODAY,
                                   'month'))


def test_the_months_summed_read_what_the_cases_do(supervised):
    county, town, other = (supervised[k] for k in ('county', 'town', 'other'))
    spread(county, town)
    before = {hall.code: trend(hall) for hall in (county, town, other)}
    for hall in (county, town, other):
        assert before[hall.code] == live(hall)
    months = dict((row[0], row[1:]) for row in before['CTY'])
    # November, worked out by hand (received, closed, with a due date, on
    # time, satisfied, rated badly): the fixture's N-02..N-06, D-01 and
    # D-02 registered and N-01..N-06 closed; the spread's five registered
    # and four closed (two without an agent, one terminated).
    assert months['2026-11'][:6] == (7 + 5, 6 + 4, 5 + 3, 4 + 1, 2 + 2, 2 + 0)
    # October: O-01 and S10-1 satisfied, S10-2 bad; S10-4 rated badly by
    # phone in November counts in neither month.
    assert months['2026-10'][4:6] == (1 + 1, 0 + 1)
    ran = jobs.sum_appraisal_months('2026-12-07')
    assert sorted(ran['months'])[0] == '2025-01'
    assert '2026-11' in ran['months'] and '2026-12' not in ran['months']
    # The cases without an agent have their hall's row.
    assert models.AgentMonth.select().where(
        models.AgentMonth.month == datetime.date(2026, 11, 1),
        models.AgentMonth.agent.is_null()).count() == 2
    for hall in (county, town, other):
        assert trend(hall) == before[hall.code], hall.code
    # Only the current month is read from the cases.
    hall_ids = county.subtree_ids()
    with statements(models.db.obj) as run:
        trend(county, hall_ids)
    on_cases = [params for sql, params in run if 'FROM "case"' in sql]
    assert len(on_cases) == 2 and len(run) == 4
    assert all(datetime.datetime(2026, 12, 1) in params or
               '2026-12-01 00:00:00' in params for params in on_cases), on_cases
    assert sum('FROM "agent_month"' in sql for sql, _ in run) == 1


def test_a_month_a_ledger_reopens_is_read_from_the_cases_until_summed(
        supervised):
    county, town = supervised['county'], supervised['town']
    spread(county, town)
    jobs.sum_appraisal_months('2026-12-07')
    summed = trend(county)
    # A paper ledger line registered in May and given back in June.
    models.Case.import_ledger_line(
        town, make.applicant(71), datetime.date(2026, 5, 28), 'assisted',
        item=make.new_item(make.department()), agent=None,
        fed_back_on=datetime.date(2026, 6, 3), rating=2,
        user=supervised['manager'])
    reopened = {month for month, in models.AppraisalMonth
                .select(models.AppraisalMonth.month).tuples()}
    assert datetime.date(2026, 5, 1) not in reopened
    assert datetime.date(2026, 6, 1) not in reopened
    assert datetime.date(2026, 7, 1) in reopened
    after = trend(county)
    assert after == live(county)
    months = {row[0]: row for row in after}
    was = {row[0]: row for row in summed}
    assert months['2026-05'][1] == was['2026-05'][1] + 1  # received
    assert months['2026-06'][2] == was['2026-06'][2] + 1  # closed
    assert months['2026-06'][6] == was['2026-06'][6] + 1  # rated badly
    assert {k: v for k, v in months.items() if k not in ('2026-05', '2026-06')} \
        == {k: v for k, v in was.items() if k not in ('2026-05', '2026-06')}
    hall_ids = county.subtree_ids()
    with statements(models.db.obj) as run:
        trend(county, hall_ids)
    assert len(run) == 4  # May to December from the cases, the rest summed
    jobs.sum_appraisal_months('2026-12-08')
    assert trend(county) == after


def test_the_same_statements_for_2_halls_or_20(supervised):
    county, town = supervised['county'], supervised['town']
    spread(county, town)
    jobs.sum_appraisal_months('2026-12-07')

    def counted():
        with statements(models.db.obj) as run:
            months = trend(county)
            board = dashboard.Dashboard(county)
        return len(run), months, board

    few, few_months, _board = counted()
    # grow() writes October and November cases straight into the tables,
    # as no page does: their months are reopened as a ledger would.
    models.AppraisalMonth.reopen(datetime.date(2026, 10, 1),
                                 datetime.date(2026, 11, 1))
    grow(county, agents=18)
    jobs.sum_appraisal_months('2026-12-08')
    many, many_months, board = counted()
    assert len(county.subtree_ids()) == 2 + 18
    assert few == many
    november = {row[0]: row for row in many_months}['2026-11']
    assert november[2] == {row[0]: row for row in few_months}['2026-11'][2] \
        + 18 * 4
    assert figures(board.months) == many_months == live(county)


def test_an_appraisal_leaves_out_the_cases_without_an_agent(supervised):
    county, town = supervised['county'], supervised['town']
    spread(county, town)
    november = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    rows, total = reports.appraisal(county.subtree_ids(), *november)
    jobs.sum_appraisal_months('2026-12-07')
    summed_rows, summed_total = reports.appraisal(county.subtree_ids(),
                                                  *november)
    assert total.handled == summed_total.handled == 4 + 2 + 1
    assert [(r.unit.id, r.handled) for r in rows] == \
        [(r.unit.id, r.handled) for r in summed_rows]


def test_the_page_says_how_the_months_count_in_both_languages(
        client, supervised):
    county, town = supervised['county'], supervised['town']
    spread(county, town)
    jobs.sum_appraisal_months('2026-12-07')
    response = client.post('/portal/login', data={
        'username': 'cty-supervisor', 'password': make.PASSWORD})
    assert response.status_code == 302
    html = client.get('/portal/dashboard/').get_data(as_text=True)
    assert '月份结束后才作出的评价不计入任何月份' in html
    # November's row from the sums, as the cases give it.
    november = {row[0]: row for row in live(county)}['2026-11']
    row = html.split('data-period="2026-11"')[1].split('</tr>')[0]
    assert '>%d</a>' % november[1] in row and '>%d</a>' % november[2] in row
    client.post('/lang/en')
    html = client.get('/portal/dashboard/').get_data(as_text=True)
    assert 'a rating given after a month is over counts in no month' in html


def test_a_ledger_registered_in_a_month_being_summed_leaves_it_unsummed(
        supervised, monkeypatch):
    """A ledger line registered in May and given back in June lands while
    May is being summed: May is not summed without it (its received
    count), and the next run sums it with it."""
    county, town = supervised['county'], supervised['town']
    spread(county, town)
    may = datetime.date(2026, 5, 1)
    assert ledger_while_summing(
        monkeypatch, town, None, datetime.date(2026, 5, 30),
        datetime.date(2026, 6, 2), 5, supervised['manager'], 72) is None
    assert not models.AppraisalMonth.select().exists()
    before = live(county)
    jobs.sum_appraisal_months('2026-12-07')
    assert models.AppraisalMonth.select().where(
        models.AppraisalMonth.month == may).exists()
    assert trend(county) == before
    assert {row[0]: row for row in before}['2026-05'][1] == 5 + 1
