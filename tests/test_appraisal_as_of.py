"""The appraisal of a month is what the month was at its end: a call-back,
a rectification, a rating or a complaint's verdict recorded after it is
over counts in no earlier month (one rule with the closed-loop rates);
the months over are summed once and the sums read exactly what the
records would; the rating reminders of a city cost the same queries for
2 halls or 20."""
import datetime

import pytest

import jobs
import models
import reports
from seeds import factories as make
from race import race
from support import statements
from appraised import (  # noqa: F401
    NOVEMBER, YEAR, at, by_agent, case, figures, grow, ledger_while_summing,
    sign_in, supervised,
)

DECEMBER = (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
OCTOBER = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


def appraised(hall, first, last):
    rows, total = reports.appraisal(hall.subtree_ids(), first, last)
    return by_agent(rows), figures(total)


def close_the_loop(task, manager, supervisor):
    """Call back, rectify and confirm a task now, as the portal does."""
    task.record_callback(manager, '回访员', models.now(), 'reached', '已回访')
    task.record_rectification(manager, '已整改')
    task.verify(supervisor, 'confirmed')


def test_a_loop_closed_after_the_month_leaves_the_month_as_it_was(
        supervised, clock):
    county, town = supervised['county'], supervised['town']
    manager, supervisor = supervised['manager'], supervised['supervisor']
    november = appraised(county, *NOVEMBER)
    rates = figures_of(reports.rectification_rates(
        county.subtree_ids(), *NOVEMBER)[1])
    year = appraised(county, *YEAR)
    # 乙's November bad rating (N-06, 28 November) is called back,
    # rectified and confirmed today, 7 December; so is a December one of
    # 甲's (D-03, rated on the 3rd).
    late = models.FollowUp.get(models.FollowUp.hall == town)
    december_case = case('D-03', county, supervised['jia'], at(12, 3),
                         datetime.date(2026, 12, 4), rating=1)
    december = models.FollowUp.create(
        case=december_case, hall=county, created_at=at(12, 3),
        due_date=datetime.date(2026, 12, 24))
    before = appraised(county, *DECEMBER)
    assert before[0]['甲']['bad'] == 1 and before[0]['甲']['rectified'] == 0
    for task in (late, december):
        close_the_loop(task, manager, supervisor)
    clock.advance(minutes=1)  # read a minute later
    # November, and its closed-loop rates, as they stood on 30 November.
    assert appraised(county, *NOVEMBER) == november
    assert november[0]['乙']['called_back'] == 0
    assert figures_of(reports.rectification_rates(
        county.subtree_ids(), *NOVEMBER)[1]) == rates
    # December is running: its loop closed today counts now.
    after = appraised(county, *DECEMBER)
    assert after[0]['甲']['called_back'] == 1
    assert after[0]['甲']['rectified'] == after[0]['甲']['rectified_on_time'] == 1
    # The year is its months, each as it stood at its end: December's
    # task counts, November's does not.
    this_year = appraised(county, *YEAR)
    assert this_year[1]['rectified'] == year[1]['rectified'] + 1


def figures_of(rates):
    return (rates.bad, rates.called_back, rates.closed, rates.due,
            rates.on_time, rates.overdue)


def test_a_rating_or_a_verdict_given_after_the_month_counts_in_none(
        supervised):
    county, town = supervised['county'], supervised['town']
    november = appraised(county, *NOVEMBER)
    # N-03 (甲, closed 12 November, unrated) is rated today; 乙's
    # November complaint is answered today.
    n3 = models.Case.get(models.Case.number == 'N-03')
    models.Evaluation.create(case=n3, rating=5, method='phone')
    late = models.Complaint.get(models.Complaint.hall == town)
    late.answer_with(supervised['manager'], 'upheld', '已核实')
    assert appraised(county, *NOVEMBER) == november
    assert november[0]['甲']['satisfaction'] == 25.0
    assert november[0]['乙']['upheld'] == 0
    # A rating on the month's last evening counts.
    models.Evaluation.update(created_at=at(11, 30, 23)).where(
        models.Evaluation.case == n3).execute()
    assert appraised(county, *NOVEMBER)[0]['甲']['satisfaction'] == 50.0


def every_agent(first, last):
    """Each agent's figures over every hall, and the total."""
    halls = [h for h, in models.Hall.select(models.Hall.id).tuples()]
    rows, total = reports.appraisal(halls, first, last)
    return ({row.unit.id: {name: getattr(row, name)
                           for name in reports.APPRAISAL} for row in rows},
            {name: getattr(total, name) for name in reports.APPRAISAL})


def test_the_sums_of_the_months_read_what_the_records_do(supervised):
    grow(supervised['county'])
    periods = (OCTOBER, NOVEMBER, YEAR, DECEMBER,
               (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)))
    live = {period: every_agent(*period) for period in periods}
    scoped = appraised(supervised['town'], *NOVEMBER)
    assert live[NOVEMBER][1]['handled'] == 6 + 1 + 15 * 4  # with 丙's
    ran = jobs.sum_appraisal_months('2026-12-07')
    assert sorted(ran['months']) == ['2026-%02d' % m for m in range(1, 12)]
    assert ran['months']['2026-11'] == 3 + 15  # 甲, 乙, 丙 and 15 more
    summed = models.AgentMonth.select().where(
        models.AgentMonth.month == datetime.date(2026, 11, 1))
    assert sum(row.handled for row in summed) == 6 + 1 + 15 * 4
    for period in periods:
        assert every_agent(*period) == live[period], period
    assert appraised(supervised['town'], *NOVEMBER) == scoped
    # The year reads October's and November's sums, and December from
    # the records.
    with statements(models.db.obj) as run:
        every_agent(*YEAR)
    assert sum('FROM "agent_month"' in sql for sql, _ in run) == 1
    assert sum('FROM "case"' in sql for sql, _ in run) == 1


def test_the_job_sums_each_month_once(supervised):
    first = jobs.sum_appraisal_months('2026-12-07')
    rows = list(models.AgentMonth.select().order_by(models.AgentMonth.id)
                .dicts())
    assert sorted(first['months']) == ['2026-%02d' % m for m in range(1, 12)]
    assert jobs.sum_appraisal_months('2026-12-08') == {'months': {}}
    assert list(models.AgentMonth.select().order_by(models.AgentMonth.id)
                .dicts()) == rows
    assert reports.sum_appraisal_month(datetime.date(2026, 11, 1)) is None
    with pytest.raises(ValueError):  # December is not over
        reports.sum_appraisal_month(datetime.date(2026, 12, 1))


def test_the_job_says_what_it_summed_in_both_languages(app):
    facts = {'months': {'2026-11': 3, '2026-10': 2}}
    with app.test_request_context():
        from flask_babel import force_locale
        with force_locale('en'):
            said = jobs._describe_appraisal_months(facts)
            nothing = jobs._describe_appraisal_months({'months': {}})
        with force_locale('zh_Hans_CN'):
            chinese = jobs._describe_appraisal_months(facts)
    assert said == '2 months of the appraisal were summed (2026-10 to 2026-11).'
    assert nothing == 'Every month that is over was summed already.'
    assert chinese == '已汇总 2 个月的考核（2026-10 至 2026-11）。'


def test_a_ledger_brought_in_reopens_the_months_it_reaches(supervised):
    county, jia = supervised['county'], supervised['jia']
    jobs.sum_appraisal_months('2026-12-07')
    before = appraised(county, *NOVEMBER)
    item = make.new_item(make.department())
    models.Case.import_ledger_line(
        county, make.applicant(55), datetime.date(2026, 11, 2), 'assisted',
        item=item, agent=jia, fed_back_on=datetime.date(2026, 11, 6),
        rating=5, user=supervised['manager'])
    assert not models.AppraisalMonth.select().where(
        models.AppraisalMonth.month == datetime.date(2026, 11, 1)).exists()
    after = appraised(county, *NOVEMBER)
    assert after[0]['甲']['handled'] == before[0]['甲']['handled'] + 1
    assert after[0]['甲']['satisfaction'] == 40.0  # 2 of 5, 1 of 4 before
    assert before[0]['甲']['satisfaction'] == 25.0
    # October stays summed; the next run sums November again, the same.
    assert models.AppraisalMonth.select().where(
        models.AppraisalMonth.month == datetime.date(2026, 10, 1)).exists()
    assert jobs.sum_appraisal_months('2026-12-08')['months'] == {
        '2026-11': 3}
    assert appraised(county, *NOVEMBER) == after


def test_a_summed_year_costs_the_same_queries_for_few_agents_or_many(
        supervised):
    county = supervised['county']
    jobs.sum_appraisal_months('2026-12-07')
    hall_ids = county.subtree_ids()
    with statements(models.db.obj) as small:
        reports.appraisal(hall_ids, *YEAR)
    grow(county, agents=30)
    models.AppraisalMonth.reopen(datetime.date(2026, 11, 1))
    jobs.sum_appraisal_months('2026-12-08')
    hall_ids = models.Hall.get_by_id(county.id).subtree_ids()
    with statements(models.db.obj) as large:
        rows, total = reports.appraisal(hall_ids, *YEAR)
    assert len(rows) == 32 and total.handled > 6 + 30 * 4
    # The months summed, their sums, December's cases, bad ratings and
    # complaints, the sampled cases, the agents.
    assert len(small) == len(large) == 7, large


# --- The rating reminders of a city -------------------------------------------

def delivered_in(halls, per_hall=2):
    """Cases of each hall delivered four days ago, unrated, the applicant
    with a phone."""
    moment = models.now() - datetime.timedelta(days=4)
    for n, hall in enumerate(halls):
        for k in range(per_hall):
            case('R%s-%d' % (hall.code, k), hall, None,
                 moment - datetime.timedelta(minutes=n * per_hall + k))


def test_the_rating_reminders_cost_the_same_queries_for_2_or_20_halls(
        app, clock):
    clock.set('2026-12-07T10:00:00+08:00')
    few = [make.new_hall('RA%02d' % n) for n in range(2)]
    delivered_in(few)
    with statements(models.db.obj) as small:
        first = jobs.remind_to_rate('2026-12-07')
    assert first['reminders'] == {str(h.id): 2 for h in few}
    many = [make.new_hall('RB%02d' % n) for n in range(18)]
    delivered_in(many)
    with statements(models.db.obj) as large:
        second = jobs.remind_to_rate('2026-12-07')
    # The two halls reminded before are not reminded again.
    assert second['reminders'] == {str(h.id): 2 for h in many}
    assert len(small) == len(large), large
    assert models.OutboxMessage.select().where(
        models.OutboxMessage.kind == 'rate_reminder').count() == 40
    assert jobs.remind_to_rate('2026-12-07') == {'reminders': {}}


def test_a_ledger_brought_in_while_a_month_is_summed_leaves_it_unsummed(
        supervised, monkeypatch):
    """The import lands between the job's reading and its writing: the
    month is not summed with figures that miss it, and the next run sums
    it with them."""
    county, jia = supervised['county'], supervised['jia']
    november = datetime.date(2026, 11, 1)
    assert ledger_while_summing(
        monkeypatch, county, jia, datetime.date(2026, 11, 2),
        datetime.date(2026, 11, 6), 5, supervised['manager']) is None
    assert not models.AppraisalMonth.select().exists()
    live = appraised(county, *NOVEMBER)
    assert live[0]['甲']['handled'] == 5
    assert reports.sum_appraisal_month(november) == 3
    assert appraised(county, *NOVEMBER) == live


def _sum_november():
    return lambda: reports.sum_appraisal_month(datetime.date(2026, 11, 1))


def test_four_runners_summing_a_month_at_once_sum_it_once(app, supervised):
    outcomes = race(app.config['DATABASE_URL'], _sum_november, [()] * 4)
    assert outcomes == [3, None, None, None], outcomes  # one sums, once
    assert models.AgentMonth.select().count() == 3
    assert models.AppraisalMonth.select().count() == 1


def test_the_page_and_its_workbook_cost_the_same_queries_for_few_agents_or_many(
        client, supervised):
    """The month and the year, summed and not: the statements of each
    address are the same with 2 agents as with 32."""
    sign_in(client, 'cty-supervisor')
    addresses = ('/portal/appraisal/?period=2026-11',
                 '/portal/appraisal/?period=2026',
                 '/portal/appraisal/export.xlsx?period=2026')

    def counted():
        found = {}
        for address in addresses:
            client.get(address)  # the session and the menu, read once
            with statements(models.db.obj) as run:
                assert client.get(address).status_code == 200
            found[address] = len(run)
        return found

    few = counted()
    jobs.sum_appraisal_months('2026-12-07')
    few_summed = counted()
    models.AppraisalMonth.reopen(*[datetime.date(2026, month, 1)
                                   for month in range(1, 12)])
    grow(supervised['county'], agents=30)
    assert counted() == few
    jobs.sum_appraisal_months('2026-12-08')
    assert models.AgentMonth.select().where(
        models.AgentMonth.month == datetime.date(2026, 11, 1)).count() == 33
    assert counted() == few_summed
