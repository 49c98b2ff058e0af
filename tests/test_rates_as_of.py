"""差评整改 rates of a past month as they stood when the month ended: a
call-back or a confirmation made later counts in no earlier month, so
November's figures read in December, in February or at November's end are
the same. The current month reads as it stands now. Worked out by hand;
the same queries however many tasks and halls."""
import datetime

import pytest

import models
import reports
from seeds import factories as make
from support import statements

NOV = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
DEC = (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))


def moment(clock, month, day, hour=10, year=2026):
    clock.set('%d-%02d-%02dT%02d:00:00+08:00' % (year, month, day, hour))
    return models.now()


def rated(clock, hall, item, seed, user, month, day):
    moment(clock, month, day, 9)
    case, _ = make.new_case(hall, item, make.applicant(seed), user=user)
    case.register(user)
    case.start_handling(user)
    case.mark_ready(user)
    case.deliver(user)
    case.evaluate(1, 'onsite', comment='态度差', user=user)
    return models.FollowUp.get(models.FollowUp.case == case.id)


def reach(clock, task, user, month, day):
    at = moment(clock, month, day)
    task.record_callback(user, '回访员', at, 'reached', '已致歉')


def rectify(clock, task, user, month, day):
    moment(clock, month, day, 11)
    task.record_rectification(user, '增开窗口')


def confirm(clock, task, user, month, day):
    moment(clock, month, day, 15)
    task.verify(user, 'confirmed')


@pytest.fixture
def loop(app, clock):
    """County CTY, deadline 5 working days (November 2026 has no public
    holiday; 5 working days after Mon 2 Nov is Mon 9 Nov).

    T1 rated Nov 2 (due Nov 9): reached Nov 3, rectified Nov 5, confirmed
       Nov 6                         -> all in November, on time
    T2 rated Nov 16 (due Nov 23): reached Nov 17, rectified Nov 20,
       confirmed Dec 2               -> at November's end: open past its
                                        deadline; later: on time
    T3 rated Nov 26 (due Dec 3): reached Dec 1, rectified Dec 2, confirmed
       Dec 3                         -> at November's end: not called back,
                                        deadline not come
    T4 rated Nov 27 (due Dec 4): nothing done
    T5 rated Dec 7 (due Dec 14): reached Dec 8 (December, the month now)
    Today: Thu 10 Dec 2026."""
    moment(clock, 10, 30)
    county = make.new_hall('CTY', 'county')
    item = make.new_item(make.department())
    manager = make.user('manager', 'hall_manager', county)
    agent = make.user('agent', 'agent', county)
    reader = make.user('reader', 'supervisor', county)
    city = make.user('city', 'city_admin', county)
    models.FollowUp.set_deadline(county.id, 5, city)
    t = {}
    t[1] = rated(clock, county, item, 1, manager, 11, 2)
    reach(clock, t[1], agent, 11, 3)
    rectify(clock, t[1], agent, 11, 5)
    confirm(clock, t[1], reader, 11, 6)
    t[2] = rated(clock, county, item, 2, manager, 11, 16)
    reach(clock, t[2], agent, 11, 17)
    rectify(clock, t[2], agent, 11, 20)
    t[3] = rated(clock, county, item, 3, manager, 11, 26)
    t[4] = rated(clock, county, item, 4, manager, 11, 27)
    reach(clock, t[3], agent, 12, 1)
    rectify(clock, t[3], agent, 12, 2)
    confirm(clock, t[2], reader, 12, 2)
    confirm(clock, t[3], reader, 12, 3)
    t[5] = rated(clock, county, item, 5, manager, 12, 7)
    reach(clock, t[5], agent, 12, 8)
    moment(clock, 12, 10)
    assert [task.due_date.day for _n, task in sorted(t.items())] == [
        9, 23, 3, 4, 14]
    return dict(county=county, item=item, manager=manager, agent=agent,
                reader=reader, tasks=t)


def figures(total):
    return (total.bad, total.called_back, total.closed, total.due,
            total.on_time, total.overdue, total.callback_rate,
            total.on_time_rate)


# As November ended: T1 closed on time; T2 called back, open past its
# deadline; T3 and T4 neither called back nor due.
NOVEMBER_AT_ITS_END = (4, 2, 1, 2, 1, 1, 50.0, 50.0)
# As of 10 December: T1, T2, T3 called back and closed on time; T4 open
# past its deadline (4 Dec).
NOVEMBER_NOW = (4, 3, 3, 4, 3, 1, 75.0, 75.0)


def test_a_past_month_reads_as_it_stood_when_it_ended(loop, clock):
    halls = [loop['county'].id]
    _rows, total = reports.rectification_rates(halls, *NOV)
    assert figures(total) == NOVEMBER_AT_ITS_END
    # The same moment asked for explicitly; and the tasks as they are now.
    end = datetime.datetime(2026, 12, 1)
    assert figures(reports.rectification_rates(halls, *NOV, at=end)[1]) \
        == NOVEMBER_AT_ITS_END
    assert figures(reports.rectification_rates(
        halls, *NOV, at=models.now())[1]) == NOVEMBER_NOW
    # More happens later: T4 is called back and closed in January. November
    # reads the same in February.
    task = loop['tasks'][4]
    clock.set('2027-01-05T10:00:00+08:00')
    task.record_callback(loop['agent'], '回访员', models.now(), 'reached',
                         '已致歉')
    clock.set('2027-01-06T10:00:00+08:00')
    task.record_rectification(loop['agent'], '整改')
    clock.set('2027-01-07T10:00:00+08:00')
    task.verify(loop['reader'], 'confirmed')
    clock.set('2027-02-15T10:00:00+08:00')
    assert figures(reports.rectification_rates(halls, *NOV)[1]) \
        == NOVEMBER_AT_ITS_END


def test_the_current_month_reads_as_it_stands_now(loop, clock):
    halls = [loop['county'].id]
    # 10 December: T5 called back, its deadline (14 Dec) not come.
    _rows, total = reports.rectification_rates(halls, *DEC)
    assert figures(total) == (1, 1, 0, 0, 0, 0, 100.0, None)
    # 15 December, still December: T5 is open past its deadline.
    moment(clock, 12, 15)
    _rows, total = reports.rectification_rates(halls, *DEC)
    assert (total.due, total.overdue, total.on_time_rate) == (1, 1, 0.0)
    # Once December is over, it reads as it stood on the 31st.
    clock.set('2027-01-04T10:00:00+08:00')
    loop['tasks'][5].record_rectification(loop['agent'], '整改')
    clock.set('2027-01-05T10:00:00+08:00')
    loop['tasks'][5].verify(loop['reader'], 'confirmed')
    _rows, total = reports.rectification_rates(halls, *DEC)
    assert figures(total) == (1, 1, 0, 1, 0, 1, 100.0, 0.0)


def test_a_deadline_on_the_months_last_day_has_come_by_its_end(loop, clock):
    """A task due on 30 November, still open when November ended, counts
    as past its deadline for November."""
    task = loop['tasks'][4]
    models.FollowUp.update(due_date=datetime.date(2026, 11, 30)).where(
        models.FollowUp.id == task.id).execute()
    _rows, total = reports.rectification_rates([loop['county'].id], *NOV)
    assert (total.due, total.overdue) == (3, 2)


def test_the_rates_cost_the_same_queries_for_more_tasks_and_halls(
        loop, clock, app):
    database = app.extensions['database']
    with statements(database) as few:
        reports.rectification_rates([loop['county'].id], *NOV)
    town = make.new_hall('TWN', 'town', parent=loop['county'])
    for seed in range(6, 12):
        task = rated(clock, town, loop['item'], seed, loop['manager'], 11,
                     seed + 2)
        reach(clock, task, loop['agent'], 11, seed + 3)
    moment(clock, 12, 10)
    halls = loop['county'].subtree_ids()
    with statements(database) as many:
        _rows, total = reports.rectification_rates(halls, *NOV)
    assert total.bad == 10 and total.called_back == 8
    assert len(few) == len(many)


def _login(client, username):
    assert client.post('/portal/login', data={
        'username': username, 'password': make.PASSWORD}).status_code == 302


@pytest.mark.parametrize('lang, past, current', [
    ('en', 'as they stood when the month ended', 'as they stand now'),
    ('zh_Hans_CN', '按月末时的状态统计', '按当前状态统计')])
def test_the_statistics_screen_says_which_moment_it_reads(loop, client,
                                                         lang, past,
                                                         current):
    _login(client, 'reader')
    client.post('/lang/%s' % lang)
    page = client.get('/portal/stats/?month=2026-11').get_data(as_text=True)
    block = page[page.index('rates-as-of'):]
    assert past in block and 'data-as-of="month-end"' in page
    assert '50.0%' in block[block.index('rectification-rates'):]
    page = client.get('/portal/stats/?month=2026-12').get_data(as_text=True)
    assert current in page and 'data-as-of="now"' in page


def test_the_dashboard_shows_this_month_now_and_last_month_at_its_end(
        loop, clock, client):
    """Beside the dashboard's figures: December as it stands (T5 called
    back, its deadline not come), November as it stood when it ended."""
    import re

    from flows import sign_in
    sign_in(client, 'manager')
    for language, title in (('zh_Hans_CN', '差评回访与整改'),
                            ('en', 'Bad ratings: call-back and rectification')):
        client.post('/lang/' + language)
        page = client.get('/portal/dashboard/').get_data(as_text=True)
        assert title in page
        rows = {}
        for month, cells in re.findall(
                r'<tr data-month="([\d-]+)">(.*?)</tr>', page, re.S):
            rows[month] = [re.sub(r'<[^>]+>', '', c).strip() for c in
                           re.findall(r'<td[^>]*>(.*?)</td>', cells, re.S)]
        assert rows == {'2026-12': ['1', '100.0%', '—', '0'],
                        '2026-11': ['4', '50.0%', '50.0%', '1']}, rows
