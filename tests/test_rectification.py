"""差评整改: a bad rating's rectification task, its deadline in working
days per city, its steps in order, the rates beside 附件8 computed by hand,
the rating reminders, and who reaches which task."""
import datetime
import io

import openpyxl
import peewee
import pytest

import models
import reports
from seeds import factories as make
from support import statements

NOV = datetime.date(2026, 11, 1)
LAST = datetime.date(2026, 11, 30)


def moment(clock, day, hour=10):
    """Pin the clock to a November day at an hour of the hall's time."""
    clock.set('2026-11-%02dT%02d:00:00+08:00' % (day, hour))
    return models.now()


def delivered(hall, item, seed, user):
    case, _ = make.new_case(hall, item, make.applicant(seed), user=user)
    case.register(user)
    case.start_handling(user)
    case.mark_ready(user)
    case.deliver(user)
    return models.Case.get_by_id(case.id)


def rated(clock, hall, item, seed, user, day, rating=1):
    """A case delivered and rated on a November day; its task if any."""
    moment(clock, day, 9)
    case = delivered(hall, item, seed, user)
    case.evaluate(rating, 'onsite', comment='等候时间长', user=user)
    return models.FollowUp.get_or_none(models.FollowUp.case == case.id)


def reach(clock, task, user, day):
    at = moment(clock, day)
    return task.record_callback(user, '回访员甲', at, 'reached', '申请人反映等候时间长')


def rectify(clock, task, user, day):
    moment(clock, day, 11)
    return task.record_rectification(user, '增开窗口，缩短等候')


def confirm(clock, task, user, day, verdict='confirmed', note=''):
    moment(clock, day, 15)
    return task.verify(user, verdict, note)


@pytest.fixture
def loop(app, clock):
    """The fixed data set the rates are worked out from by hand.

    A county CTY (its own city, deadline set to 5 working days) with a town
    TWN below it, and another county OTH (the default 15). November 2026
    has no public holiday: 5 working days after Mon 2 Nov is Mon 9 Nov.

    CTY  T1 rated Nov 2 (due Nov 9): reached Nov 2, rectified Nov 6,
            confirmed Nov 10                        -> on time
         T2 rated Nov 2 (due Nov 9): reached Nov 3, rectified Nov 11,
            confirmed Nov 12                        -> late
         T3 rated Nov 3 (due Nov 10): one call, not reached; still open
                                                    -> past the deadline
         T6 rated Oct 30: another month, not counted
    TWN  T4 rated Nov 25 (due Dec 2): reached Nov 26; deadline not come
         T5 rated Nov 4 (due Nov 11): reached Nov 4, rectified Nov 5,
            returned Nov 6, rectified again Nov 9, confirmed Nov 10
                                                    -> on time
    A rating of 基本满意 opens nothing. Today is Mon 30 Nov.
    """
    clock.set('2026-10-30T09:00:00+08:00')
    county = make.new_hall('CTY', 'county')
    town = make.new_hall('TWN', 'town', parent=county)
    other = make.new_hall('OTH', 'county')
    item = make.new_item(make.department())
    manager = make.user('manager', 'hall_manager', county)
    agent = make.user('agent', 'agent', county)
    reader = make.user('reader', 'supervisor', county)
    make.user('other-manager', 'hall_manager', other)
    city = make.user('city', 'city_admin', county)
    models.FollowUp.set_deadline(county.id, 5, city)
    clock.set('2026-10-30T10:00:00+08:00')
    t6 = delivered(county, item, 60, manager)
    t6.evaluate(2, 'onsite', user=manager)
    tasks = {}
    tasks['T1'] = rated(clock, county, item, 1, manager, 2)
    tasks['T2'] = rated(clock, county, item, 2, manager, 2)
    tasks['T3'] = rated(clock, county, item, 3, manager, 3)
    tasks['T5'] = rated(clock, town, item, 5, manager, 4)
    tasks['T4'] = rated(clock, town, item, 4, manager, 25)
    assert rated(clock, county, item, 7, manager, 5, rating=3) is None
    reach(clock, tasks['T1'], agent, 2)
    rectify(clock, tasks['T1'], agent, 6)
    confirm(clock, tasks['T1'], reader, 10)
    reach(clock, tasks['T2'], agent, 3)
    rectify(clock, tasks['T2'], manager, 11)
    confirm(clock, tasks['T2'], reader, 12)
    moment(clock, 4)
    tasks['T3'].record_callback(agent, '回访员甲', models.now(), 'unreachable')
    reach(clock, tasks['T5'], agent, 4)
    rectify(clock, tasks['T5'], agent, 5)
    confirm(clock, tasks['T5'], reader, 6, 'returned', '等候时间仍长')
    rectify(clock, tasks['T5'], agent, 9)
    confirm(clock, tasks['T5'], reader, 10)
    reach(clock, tasks['T4'], agent, 26)
    moment(clock, 30)
    fresh = {name: models.FollowUp.get_by_id(task.id)
             for name, task in tasks.items()}
    return dict(county=county, town=town, other=other, item=item,
                manager=manager, agent=agent, reader=reader, city=city,
                tasks=fresh)


def test_the_deadline_counts_the_citys_working_days(loop):
    tasks = loop['tasks']
    assert [tasks[t].due_date.day for t in ('T1', 'T2', 'T3', 'T5')] == \
        [9, 9, 10, 11]
    assert tasks['T4'].due_date == datetime.date(2026, 12, 2)


def test_the_default_deadline_is_fifteen_working_days(loop, clock):
    task = rated(clock, loop['other'], loop['item'], 9,
                 models.User.get(username='other-manager'), 2)
    assert task.due_date == datetime.date(2026, 11, 23)
    assert models.CitySettings.of(loop['other'].id).rectification_days == 15


@pytest.mark.parametrize('days', ['0', '61', 'abc', '', '5.5'])
def test_a_bad_deadline_is_refused_and_changes_nothing(loop, days):
    with pytest.raises(models.DomainError):
        models.FollowUp.set_deadline(loop['county'].id, days, loop['city'])
    assert models.CitySettings.of(loop['county'].id).rectification_days == 5


def test_rates_match_the_figures_worked_out_by_hand(loop):
    rows, total = reports.rectification_rates(
        loop['county'].subtree_ids(), NOV, LAST)
    by_hall = {row.unit.code: row for row in rows}
    county, town = by_hall['CTY'], by_hall['TWN']
    # CTY: T1, T2, T3; reached T1 and T2; deadline come for all three,
    # only T1 rectified by it; T3 open past it.
    assert (county.bad, county.called_back, county.due, county.on_time,
            county.overdue) == (3, 2, 3, 1, 1)
    assert (county.callback_rate, county.on_time_rate) == (66.7, 33.3)
    # TWN: T4 and T5 both reached; only T5's deadline has come, kept.
    assert (town.bad, town.called_back, town.due, town.on_time,
            town.overdue) == (2, 2, 1, 1, 0)
    assert (town.callback_rate, town.on_time_rate) == (100.0, 100.0)
    assert (total.bad, total.called_back, total.due, total.on_time) == (5, 4, 4, 2)
    assert (total.callback_rate, total.on_time_rate) == (80.0, 50.0)
    # October holds T6 only, as it stood when October ended: not called
    # back, its deadline (6 November) not come yet.
    rows, total = reports.rectification_rates(
        [loop['county'].id], datetime.date(2026, 10, 1),
        datetime.date(2026, 10, 31))
    assert (total.bad, total.called_back, total.callback_rate,
            total.due, total.on_time_rate) == (1, 0, 0.0, 0, None)
    assert reports.rectification_rates([loop['other'].id], NOV, LAST)[1] \
        .callback_rate is None


def test_rates_cost_the_same_queries_however_many_halls(loop, app):
    database = app.extensions['database']
    halls = loop['county'].subtree_ids()
    with statements(database) as one:
        reports.rectification_rates([loop['town'].id], NOV, LAST)
    with statements(database) as both:
        reports.rectification_rates(halls, NOV, LAST)
    assert len(one) == len(both) == 2
    assert 'GROUP BY' in both[0][0]


def test_the_steps_go_in_order_with_who_and_when(loop, clock):
    manager, agent, reader = loop['manager'], loop['agent'], loop['reader']
    task = rated(clock, loop['county'], loop['item'], 20, manager, 30)
    with pytest.raises(models.DomainError, match='Call the applicant back first'):
        task.record_rectification(agent, '整改')
    with pytest.raises(models.DomainError, match='without the call-back'):
        task.verify(reader, 'confirmed')
    now = models.now()
    for caller, at, outcome, note in (
            ('', now, 'reached', 'x'), ('甲', None, 'reached', 'x'),
            ('甲', now + datetime.timedelta(hours=1), 'reached', 'x'),
            ('甲', now - datetime.timedelta(days=1), 'reached', 'x'),
            ('甲', now, 'maybe', 'x'), ('甲', now, 'reached', '  ')):
        with pytest.raises(models.DomainError):
            task.record_callback(agent, caller, at, outcome, note)
    assert task.steps.count() == 0
    task.record_callback(agent, '回访员甲', now, 'unreachable')
    assert task.state() == 'awaiting_callback'  # an attempt is not a call-back
    with pytest.raises(models.DomainError, match='without the call-back'):
        task.verify(reader, 'confirmed')
    task.record_callback(agent, '回访员甲', now, 'reached', '已致歉')
    assert task.state() == 'awaiting_rectification'
    with pytest.raises(models.DomainError):
        task.record_rectification(agent, ' ')
    rectify(clock, task, agent, 30)
    with pytest.raises(models.DomainError, match='already waiting'):
        task.record_rectification(agent, '再次整改')
    with pytest.raises(models.DomainError, match='Only a supervisor'):
        task.verify(manager, 'confirmed')
    with pytest.raises(models.DomainError, match='still to be rectified'):
        task.verify(reader, 'returned', '')
    step = confirm(clock, task, reader, 30)
    task = models.FollowUp.get_by_id(task.id)
    assert task.state() == 'closed' and task.closed_by_id == reader.id
    assert task.outcome == '增开窗口，缩短等候'
    kinds = [(s.kind, s.outcome, s.recorded_by_id) for s in task.steps]
    assert kinds == [('callback', 'unreachable', agent.id),
                     ('callback', 'reached', agent.id),
                     ('rectification', '', agent.id),
                     ('verification', 'confirmed', reader.id)]
    for late in (lambda: task.record_callback(agent, '甲', now, 'reached', 'x'),
                 lambda: task.record_rectification(agent, 'x'),
                 lambda: task.verify(reader, 'confirmed')):
        with pytest.raises(models.DomainError, match='already closed'):
            late()
    step.note = 'rewritten'
    with pytest.raises(models.DomainError):
        step.save()
    with pytest.raises(models.DomainError):
        step.delete_instance()


def test_no_one_verifies_their_own_rectification(loop, clock):
    """The city administrator may rectify and may verify, not both."""
    city, reader = loop['city'], loop['reader']
    task = rated(clock, loop['county'], loop['item'], 21, loop['manager'], 30)
    reach(clock, task, loop['agent'], 30)
    rectify(clock, task, city, 30)
    with pytest.raises(models.DomainError, match='someone other'):
        task.verify(city, 'confirmed')
    confirm(clock, task, reader, 30)
    assert models.FollowUp.get_by_id(task.id).closed_by_id == reader.id


def _login(client, username):
    response = client.post('/portal/login', data={
        'username': username, 'password': make.PASSWORD})
    assert response.status_code == 302, username


def test_the_statistics_screen_shows_the_rates_and_the_form_stays(loop, client):
    _login(client, 'reader')
    client.post('/lang/en')
    page = client.get('/portal/stats/?month=2026-11&by=hall').get_data(as_text=True)
    block = page[page.index('rectification-rates'):]
    assert 'Call-back rate' in block and '66.7%' in block and '80.0%' in block
    assert '33.3%' in block and '50.0%' in block
    response = client.get('/portal/stats/export.xlsx?month=2026-11')
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    cells = [str(c) for sheet in book.worksheets
             for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert not [c for c in cells if 'all-back' in c or 'ectif' in c]
    english = book.worksheets[-1]  # the copy beside the Chinese form
    assert list(english.iter_rows(values_only=True))[3] == (
        None, None, 'Accepted', 'Still open', 'Completed', 'Satisfaction', None)


def test_the_list_costs_the_same_queries_for_more_tasks(loop, client, app, clock):
    _login(client, 'city')
    database = app.extensions['database']
    with statements(database) as few:
        assert client.get('/portal/cases/follow-ups?show=all').status_code == 200
    for seed in range(30, 36):
        rated(clock, loop['town'], loop['item'], seed, loop['manager'], 30)
    with statements(database) as more:
        page = client.get('/portal/cases/follow-ups?show=all')
    assert page.get_data(as_text=True).count('data-task=') == 12
    assert len(more) == len(few)


def test_rating_reminders_after_three_days(loop, client, clock, app):
    moment(clock, 20)
    waiting = delivered(loop['county'], loop['item'], 40, loop['manager'])
    moment(clock, 28, 12)  # two days and a bit before now
    recent = delivered(loop['county'], loop['item'], 41, loop['manager'])
    elsewhere = delivered(loop['other'], loop['item'], 42, loop['manager'])
    models.Case.update(closed_at=models.now() - datetime.timedelta(days=5)).where(
        models.Case.id == elsewhere.id).execute()
    moment(clock, 30, 13)
    found = [c.id for c in models.Evaluation.reminders([loop['county'].id])]
    assert waiting.id in found and recent.id not in found
    _login(client, 'manager')
    page = client.get('/portal/cases/follow-ups/reminders').get_data(as_text=True)
    assert waiting.number in page and recent.number not in page
    assert elsewhere.number not in page  # another county
    moment(clock, 30, 14)
    waiting.evaluate(4, 'phone', caller='回访员乙', user=loop['manager'])
    page = client.get('/portal/cases/follow-ups/reminders').get_data(as_text=True)
    assert waiting.number not in page


def test_the_reminder_query_uses_its_index(loop, app):
    database = app.extensions['database']
    if not isinstance(database, peewee.SqliteDatabase):
        pytest.skip('the plan is read on SQLite here')
    sql, params = models.Evaluation.reminders([loop['county'].id]).sql()
    plan = ' '.join(str(row) for row in database.execute_sql(
        'EXPLAIN QUERY PLAN ' + sql, params).fetchall())
    assert 'case_delivered_unrated' in plan, plan


# --- Who reaches which task (the demo city) ---------------------------------

@pytest.fixture
def two_halls(demo_app):
    """A fresh bad rating in 云溪县 (QL-YX) and one in 石门县 (QL-SM), and a
    supervisor of 云溪县 alone."""
    found = {}
    for code in ('QL-YX', 'QL-SM'):
        case = make.registered_case(hall_code=code, service_form='assisted')
        case.start_handling()
        case.mark_ready()
        case.deliver()
        case.evaluate(2, 'onsite', comment='态度一般')
        found[code] = models.FollowUp.get(models.FollowUp.case == case.id)
    make.user('yx-supervisor', 'supervisor', 'QL-YX', password='bangban-demo')
    return found


ROLES = {'helper': 'demo-helper', 'agent': 'demo-agent',
         'manager': 'demo-manager', 'supervisor': 'demo-supervisor',
         'yx-supervisor': 'yx-supervisor', 'city': 'demo-city'}
# who -> (list, a 云溪县 task, a 石门县 task, reminders)
SEES = {'anonymous': (302, 302, 302, 302), 'helper': (403, 403, 403, 403),
        'agent': (200, 200, 404, 200), 'manager': (200, 200, 404, 200),
        'supervisor': (200, 200, 200, 200),
        'yx-supervisor': (200, 200, 404, 200), 'city': (200, 200, 200, 200)}


@pytest.mark.parametrize('who', sorted(SEES))
def test_each_role_reaches_the_tasks_of_its_halls(demo_client, two_halls, who):
    if who != 'anonymous':
        _login_demo(demo_client, ROLES[who])
    yx, sm = two_halls['QL-YX'], two_halls['QL-SM']
    base = '/portal/cases/follow-ups'
    got = tuple(demo_client.get(url).status_code for url in (
        base, '%s/%d' % (base, yx.id), '%s/%d' % (base, sm.id),
        base + '/reminders'))
    assert got == SEES[who]
    if got[0] == 200:
        page = demo_client.get(base + '?show=all').get_data(as_text=True)
        assert ('data-task="%d"' % yx.id) in page
        assert (('data-task="%d"' % sm.id) in page) == (got[2] == 200)


def _login_demo(client, username):
    response = client.post('/portal/login', data={
        'username': username, 'password': 'bangban-demo'})
    assert response.status_code == 302, username


def _post(client, task, step, **data):
    return client.post('/portal/cases/follow-ups/%d/%s' % (task.id, step),
                       data=data)


def test_only_those_who_may_take_a_step_take_it(demo_client, two_halls):
    yx, sm = two_halls['QL-YX'], two_halls['QL-SM']
    called = dict(caller='回访员甲', outcome='reached', note='已致歉',
                  called_at=models.now().strftime('%Y-%m-%dT%H:%M'))
    _login_demo(demo_client, 'demo-supervisor')
    assert _post(demo_client, yx, 'callback', **called).status_code == 403
    assert _post(demo_client, yx, 'rectification', note='x').status_code == 403
    _login_demo(demo_client, 'demo-manager')
    assert _post(demo_client, sm, 'callback', **called).status_code == 404
    assert _post(demo_client, yx, 'verification',
                 verdict='confirmed').status_code == 403
    assert models.FollowUpStep.select().count() == 0
    assert _post(demo_client, yx, 'callback', **called).status_code == 302
    _login_demo(demo_client, 'demo-agent')
    assert _post(demo_client, yx, 'rectification', note='改进').status_code == 302
    _login_demo(demo_client, 'yx-supervisor')
    assert _post(demo_client, sm, 'verification',
                 verdict='confirmed').status_code == 404
    assert _post(demo_client, yx, 'verification',
                 verdict='confirmed').status_code == 302
    assert models.FollowUp.get_by_id(yx.id).closed_at is not None
    assert models.FollowUp.get_by_id(sm.id).steps.count() == 0
    # The city sets its deadline; no one else may.
    assert demo_client.post('/portal/cases/follow-ups/deadline',
                            data={'days': '5'}).status_code == 403
    _login_demo(demo_client, 'demo-city')
    demo_client.post('/lang/en')
    page = demo_client.post('/portal/cases/follow-ups/deadline',
                            data={'days': '0'}, follow_redirects=True)
    assert 'from 1 to 60' in page.get_data(as_text=True)
    demo_client.post('/portal/cases/follow-ups/deadline', data={'days': '5'})
    city = models.Hall.get(code='QL')
    assert models.CitySettings.of(city.id).rectification_days == 5


def test_existing_follow_ups_get_their_deadline_from_when_they_were_opened(
        demo_app):
    """0020 on a database of earlier follow-ups: each is due 15 working days
    (the default) after it was opened, by its hall's calendar; one closed
    before the loop existed keeps its closing as the rectification, and no
    call-back is made up for it."""
    from playhouse.migrations import Runner

    from cli import MIGRATIONS
    database = demo_app.extensions['database']
    tasks = list(models.FollowUp.select().order_by(models.FollowUp.id))
    assert len(tasks) >= 2
    closed = tasks[0]
    models.FollowUp.update(closed_at=closed.created_at + datetime.timedelta(days=2),
                           outcome='已整改').where(
        models.FollowUp.id == closed.id).execute()
    runner = Runner(database, MIGRATIONS)
    assert '0020_rectification' in runner.down('0020_rectification')
    runner.up()
    models.forget_calendars()
    for task in tasks:
        found = models.FollowUp.get_by_id(task.id)
        hall = models.Hall.get_by_id(task.hall_id)
        assert found.due_date == hall.add_working_days(
            task.created_at.date(), 15), task.id
        assert found.called_back_at is None
    found = models.FollowUp.get_by_id(closed.id)
    assert found.rectified_at == found.closed_at is not None
    assert found.state() == 'closed'
    assert models.FollowUp.get_by_id(tasks[1].id).rectified_at is None
