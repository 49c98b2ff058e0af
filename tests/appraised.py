"""A county hall (CTY) with a town below it and a county outside, its
agents' cases, ratings and complaints of 2026 with figures worked out by
hand: the records of the appraisal, complaint and sampling tests."""
import datetime

import pytest

import models
from seeds import factories as make


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


def sign_in(client, username):
    response = client.post('/portal/login', data={
        'username': username, 'password': make.PASSWORD})
    assert response.status_code == 302


def take(s, **given):
    values = dict(hall=s['county'], user=s['manager'], channel='hotline',
                  complainant='王先生', content='窗口人员态度差',
                  case=s['n1'], agent=None, contact='')
    values.update(given)
    return models.Complaint.take(**values)


MONDAY_10AM = '2026-12-07T10:00:00+08:00'  # the hall's clock in these tests


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


NOVEMBER = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def figures(row):
    return dict(handled=row.handled, on_time_rate=row.on_time_rate,
                satisfaction=row.satisfaction, bad=row.bad,
                called_back=row.bad_called_back, rectified=row.bad_closed,
                rectified_on_time=row.bad_on_time,
                complaints=row.complaints, upheld=row.complaints_upheld,
                sampled=row.sampled, shortcomings=row.shortcomings)


def by_agent(rows):
    return {row.unit.name: figures(row) for row in rows}


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


def ledger_while_summing(monkeypatch, hall, agent, registered_on, fed_back_on,
                         rating, user, applicant=56):
    """Sum a month with a paper ledger line brought into the hall between
    the job's reading and its writing; what the job returns."""
    import reports
    queries = reports._appraisal_queries

    def then_a_ledger(*args, **kwargs):
        yield from queries(*args, **kwargs)
        models.Case.import_ledger_line(
            hall, make.applicant(applicant), registered_on, 'assisted',
            item=make.new_item(make.department()), agent=agent,
            fed_back_on=fed_back_on, rating=rating, user=user)
    monkeypatch.setattr(reports, '_appraisal_queries', then_a_ledger)
    try:
        return reports.sum_appraisal_month(registered_on.replace(day=1))
    finally:
        monkeypatch.setattr(reports, '_appraisal_queries', queries)
