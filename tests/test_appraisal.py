"""The agents' appraisal (考核): each figure against numbers worked out by
hand from a fixed set of records, the same queries however many agents
and cases, the Excel export, and the page for each role."""
import datetime
import io

import pytest
from openpyxl import load_workbook

import models
import reports
from seeds import factories as make
from support import statements

MONDAY_10AM = '2026-12-07T10:00:00+08:00'  # the hall's clock in these tests
NOVEMBER = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0)


def case(number, hall, agent, closed=None, due=None, rating=None,
         status=None):
    """A case of the agent, closed at `closed` (a datetime) or still open."""
    applicant = make.applicant(sum(map(ord, number)) % 97 + 1)
    registered = (closed or at(12, 1)) - datetime.timedelta(days=3)
    made = models.Case.create(
        number=number, hall=hall, origin_hall=hall, applicant=applicant,
        service_form='assisted', channel='window', item_name='事项',
        agent=agent, status=status or ('evaluated' if rating else
                                       'delivered' if closed else
                                       'in_handling'),
        registered_at=registered, created_at=registered, closed_at=closed,
        due_date=due)
    if rating is not None:
        # Rated on site when the result was given back.
        models.Evaluation.create(case=made, rating=rating, method='onsite',
                                 created_at=closed)
    return made


def complaint(hall, agent, received, due, taker, verdict=''):
    made = models.Complaint.create(
        hall=hall, channel='hotline', agent=agent, complainant='投诉人',
        content='态度不好', received_at=received, due_date=due,
        taken_by=taker)
    if verdict:
        models.Complaint.update(verdict=verdict, answer='已处理',
                                answered_by=taker,
                                answered_at=received).where(
            models.Complaint.id == made.id).execute()
    return made


@pytest.fixture
def supervised(app, clock):
    """A county hall (CTY) with a town below (TWN) and a county outside
    (OTH); agents 甲 (CTY), 乙 (TWN), 丙 (OTH); their cases closed in
    October, November and December 2026, ratings, two bad ratings' tasks,
    four complaints and a November sample. The hall's clock: Monday
    7 December 2026, 10:00."""
    clock.set(MONDAY_10AM)
    county = make.new_hall('CTY', 'county')
    town = make.new_hall('TWN', 'town', parent=county)
    other = make.new_hall('OTH', 'county')
    jia = models.Agent.create(hall=county, name='甲', employment='full_time')
    yi = models.Agent.create(hall=town, name='乙', employment='part_time')
    bing = models.Agent.create(hall=other, name='丙', employment='full_time')
    supervisor = make.user('cty-supervisor', 'supervisor', county)
    manager = make.user('cty-manager', 'hall_manager', county)
    make.user('twn-manager', 'hall_manager', town)
    make.user('oth-manager', 'hall_manager', other)
    d = datetime.date
    # November, 甲: on time and very satisfied; late and dissatisfied; on
    # time unrated; terminated before its due date.
    n1 = case('N-01', county, jia, at(11, 3), d(2026, 11, 5), rating=5)
    n2 = case('N-02', county, jia, at(11, 10), d(2026, 11, 6), rating=2)
    case('N-03', county, jia, at(11, 12), d(2026, 11, 20))
    case('N-04', county, jia, at(11, 20), d(2026, 11, 25),
         status='terminated')
    # November, 乙: on its due date and satisfied; no due date, very
    # dissatisfied.
    case('N-05', town, yi, at(11, 4, 16), d(2026, 11, 4), rating=4)
    n6 = case('N-06', town, yi, at(11, 28), None, rating=1)
    # 丙, another county; 甲 in October and December; 甲's open case.
    case('N-07', other, bing, at(11, 5), d(2026, 11, 9), rating=5)
    case('O-01', county, jia, at(10, 15), d(2026, 10, 20), rating=3)
    case('D-01', county, jia, at(12, 2), d(2026, 12, 1), rating=5)
    case('D-02', county, jia, None, d(2026, 12, 20))
    # The bad ratings' tasks: 甲's called back and rectified by its
    # deadline; 乙's still waiting for the call-back.
    models.FollowUp.create(case=n2, hall=county, created_at=at(11, 10),
                           due_date=d(2026, 11, 17),
                           called_back_at=at(11, 11),
                           rectified_at=at(11, 14), closed_at=at(11, 16),
                           closed_by=supervisor, outcome='已整改')
    models.FollowUp.create(case=n6, hall=town, created_at=at(11, 28),
                           due_date=d(2026, 12, 4))
    # Complaints: two about 甲 in November (one upheld), one about 乙 in
    # November still open past its deadline, one about 甲 in December
    # still open within it.
    complaint(county, jia, at(11, 11), d(2026, 11, 18), manager, 'upheld')
    complaint(county, jia, at(11, 20), d(2026, 11, 27), manager,
              'not_upheld')
    complaint(town, yi, at(11, 20), d(2026, 11, 27), manager)
    complaint(county, jia, at(12, 1), d(2026, 12, 8), manager)
    # The November sample: half of each hall's closed cases (CTY 4 → 2,
    # TWN 2 → 1); one of 甲's found with a minor shortcoming.
    draw = models.SampleDraw.draw(county, '2026-11', 50, supervisor,
                                  seed='fixed-seed')
    first = (models.SampleReview.select()
             .where(models.SampleReview.draw == draw,
                    models.SampleReview.hall == county)
             .order_by(models.SampleReview.id).first())
    first.review(supervisor, 'minor', '材料归档不全', '补齐归档材料', 5)
    return dict(county=county, town=town, other=other, jia=jia, yi=yi,
                bing=bing, supervisor=supervisor, manager=manager, draw=draw,
                n1=n1)


def figures(row):
    return dict(handled=row.handled, on_time_rate=row.on_time_rate,
                satisfaction=row.satisfaction, bad=row.bad,
                called_back=row.bad_called_back, rectified=row.bad_closed,
                rectified_on_time=row.bad_on_time,
                complaints=row.complaints, upheld=row.complaints_upheld,
                sampled=row.sampled, shortcomings=row.shortcomings)


def by_agent(rows):
    return {row.unit.name: figures(row) for row in rows}


def test_november_of_a_county_worked_out_by_hand(supervised):
    rows, total = reports.appraisal(supervised['county'].subtree_ids(),
                                    *NOVEMBER)
    found = by_agent(rows)
    assert list(found) == ['甲', '乙']  # CTY before TWN; 丙 is outside
    # 甲: N-01..N-04 handled; N-02 closed after its due date (3 of 4);
    # one very satisfied of 4 (满意度 25%); N-02's bad rating called back
    # and rectified by its deadline; two complaints, one upheld; two
    # cases sampled (2 of CTY's 4), one with a shortcoming.
    assert found['甲'] == dict(handled=4, on_time_rate=75.0, satisfaction=25.0,
                              bad=1, called_back=1, rectified=1,
                              rectified_on_time=1, complaints=2, upheld=1,
                              sampled=2, shortcomings=1)
    # 乙: N-05 on its due date, N-06 without one (1 of 1); one satisfied
    # of 2 (50%); N-06's bad rating not yet called back; one complaint,
    # not answered; one case sampled (1 of TWN's 2), not yet reviewed.
    assert found['乙'] == dict(handled=2, on_time_rate=100.0,
                              satisfaction=50.0, bad=1, called_back=0,
                              rectified=0, rectified_on_time=0, complaints=1,
                              upheld=0, sampled=1, shortcomings=0)
    # The total: 6 handled, 4 of 5 with a due date on time, 2 of 6
    # satisfied.
    assert figures(total) == dict(handled=6, on_time_rate=80.0,
                                  satisfaction=33.3, bad=2, called_back=1,
                                  rectified=1, rectified_on_time=1,
                                  complaints=3, upheld=1, sampled=3,
                                  shortcomings=1)


def test_the_year_adds_october_and_december(supervised):
    rows, _total = reports.appraisal([supervised['county'].id], *YEAR)
    jia = by_agent(rows)['甲']
    # October's O-01 (on time, basically satisfied) and December's D-01
    # (closed a day late, very satisfied); D-02 is still open.
    assert jia['handled'] == 6
    assert jia['on_time_rate'] == round(100 * 4 / 6, 1)
    assert jia['satisfaction'] == 50.0
    assert jia['complaints'] == 3 and jia['upheld'] == 1
    assert list(by_agent(rows)) == ['甲']  # the county alone: no 乙


def test_a_month_without_anything_shows_every_agent_at_zero(supervised):
    rows, total = reports.appraisal(supervised['county'].subtree_ids(),
                                    datetime.date(2026, 9, 1),
                                    datetime.date(2026, 9, 30))
    assert [r.unit.name for r in rows] == ['甲', '乙']
    assert total.handled == 0 and total.on_time_rate is None
    assert total.satisfaction is None


def grow(county, agents=15, per_agent=4):
    """Many more agents, each with cases, bad ratings and complaints."""
    taker = models.User.get(models.User.username == 'cty-manager')
    for n in range(agents):
        hall = make.new_hall('G%02d' % n, 'town', parent=county)
        agent = models.Agent.create(hall=hall, name='员%02d' % n,
                                    employment='volunteer')
        for k in range(per_agent):
            made = case('G%02d-%02d' % (n, k), hall, agent, at(11, 2 + k),
                        datetime.date(2026, 11, 3 + k % 3), rating=1 + k % 5)
            if k % 5 < 2:
                models.FollowUp.create(case=made, hall=hall,
                                       created_at=at(11, 2 + k),
                                       due_date=datetime.date(2026, 11, 20))
            complaint(hall, agent, at(11, 3 + k), datetime.date(2026, 11, 9),
                      taker)


def test_the_same_queries_whatever_the_number_of_agents(supervised):
    county = supervised['county']
    hall_ids = county.subtree_ids()
    with statements(models.db.obj) as small:
        reports.appraisal(hall_ids, *NOVEMBER)
    grow(county)
    hall_ids = models.Hall.get_by_id(county.id).subtree_ids()
    with statements(models.db.obj) as large:
        rows, total = reports.appraisal(hall_ids, *NOVEMBER)
    assert len(rows) == 17 and total.handled == 6 + 15 * 4
    # November is over but not summed: the months summed, its cases, bad
    # ratings and complaints, the sampled cases, the agents.
    assert len(small) == len(large) == 6, large


def sign_in(client, username):
    response = client.post('/portal/login', data={
        'username': username, 'password': make.PASSWORD})
    assert response.status_code == 302


def test_the_page_and_its_workbook(client, supervised):
    sign_in(client, 'cty-supervisor')
    html = client.get('/portal/appraisal/?period=2026-11').get_data(
        as_text=True)
    jia = supervised['jia']
    assert 'data-agent="%d"' % jia.id in html
    assert 'data-agent="%d"' % supervised['bing'].id not in html
    assert '75.0%' in html and '25.0%' in html
    response = client.get('/portal/appraisal/export.xlsx?period=2026-11')
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][0].startswith('测试CTY大厅') and '2026-11' in lines[0][0]
    assert lines[2][1:5] == ('测试CTY大厅', '甲', 4, 3)
    assert lines[2][5] == 0.75 and lines[2][6] == 0.25
    assert lines[2][11:] == (2, 1, 2, 1)
    assert lines[-1][1] in ('合计', 'Total') and lines[-1][3] == 6


def test_each_role_sees_its_own_halls(client, supervised):
    sign_in(client, 'twn-manager')
    html = client.get('/portal/appraisal/?period=2026-11').get_data(
        as_text=True)
    assert 'data-agent="%d"' % supervised['yi'].id in html
    assert 'data-agent="%d"' % supervised['jia'].id not in html
    # Another county's hall, or no hall at all: 404.
    for hall in ('%d' % supervised['county'].id, '%d' % supervised['other'].id,
                 'abc'):
        assert client.get('/portal/appraisal/?hall=' + hall).status_code == 404
        assert client.get('/portal/appraisal/export.xlsx?hall=' + hall
                          ).status_code == 404
    # A year and a nonsense period (last month, November, instead).
    assert client.get('/portal/appraisal/?period=2026').status_code == 200
    page = client.get('/portal/appraisal/?period=<script>').get_data(
        as_text=True)
    assert '2026-11-01' in page and '<script>' not in page


def test_the_page_shows_fifty_agents_at_a_time_and_the_whole_total(
        client, supervised):
    grow(supervised['county'], agents=60, per_agent=1)
    sign_in(client, 'cty-supervisor')
    first = client.get('/portal/appraisal/?period=2026-11').get_data(
        as_text=True)
    second = client.get('/portal/appraisal/?period=2026-11&page=2').get_data(
        as_text=True)
    assert first.count('data-agent=') == 50
    assert second.count('data-agent=') == 12  # 甲, 乙 and 60 more
    for page in (first, second):
        total = page.split('data-total')[1].split('</tr>')[0]
        assert '>66<' in total  # 6 of the fixture's and 60 more handled
