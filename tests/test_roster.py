"""Duty rosters (排班): the week of a hall (models.Roster), its gaps and
double bookings, copying and repeating weeks, and the pages that plan it."""
import datetime

import pytest

import models
from race import at_once
from support import statements

MONDAY = datetime.date(2031, 3, 3)  # an ordinary working week
NINE, NOON, CLOSE = datetime.time(9), datetime.time(13), datetime.time(17, 30)


def at(day, time):
    return datetime.datetime.combine(day, time)


def day_of(offset):
    return MONDAY + datetime.timedelta(days=offset)


@pytest.fixture
def county(app):
    """A county hall with two kiosk areas and three helpers; its city's
    calendar fixed for six weeks from MONDAY (weekdays work)."""
    city = models.Hall.create(code='C', name='市中心', level='city')
    for offset in range(42):
        day = day_of(offset)
        models.Holiday.create(city=city, day=day,
                              kind='workday' if day.weekday() < 5 else 'off')
    county = models.Hall.create(code='C-X', name='云溪县政务服务中心',
                                level='county', parent=city)
    models.Kiosk.create(hall=county, name='自助服务区')
    models.Kiosk.create(hall=county, name='二楼自助区')
    for name in ('甲', '乙', '丙'):
        models.Agent.create(hall=county, name=name, employment='full_time')
    return county


def kiosk(name):
    return models.Kiosk.get(models.Kiosk.name == name)


def helper(name):
    return models.Agent.get(models.Agent.name == name)


def shift(kiosk_name, helper_name, day, start=NINE, end=CLOSE):
    return models.Shift.create(kiosk=kiosk(kiosk_name), helper=helper(helper_name),
                               starts_at=at(day, start), ends_at=at(day, end))


def full_week(county):
    """Both kiosks covered all day, Monday to Friday."""
    for offset in range(5):
        shift('自助服务区', '甲', day_of(offset))
        shift('二楼自助区', '乙', day_of(offset), NINE, NOON)
        shift('二楼自助区', '丙', day_of(offset), NOON, CLOSE)


def test_a_kiosk_is_named_with_its_hall(county):
    assert str(kiosk('自助服务区')) == '云溪县政务服务中心 · 自助服务区'


def test_a_covered_week_has_no_gap_and_no_double_booking(county):
    full_week(county)
    roster = models.Roster.week(county, MONDAY + datetime.timedelta(days=2))
    assert roster.first == MONDAY and len(roster.days) == 7
    assert roster.workdays == {day_of(n) for n in range(5)}
    assert roster.gaps() == [] and roster.double_bookings() == []
    assert [s.helper.name for s in roster.cell(kiosk('二楼自助区'), MONDAY)] == ['乙', '丙']


def test_gaps_are_the_uncovered_opening_hours_of_working_days(county):
    full_week(county)
    models.Shift.delete().where(models.Shift.helper == helper('丙'),
                                models.Shift.starts_at >= at(day_of(2), NINE),
                                models.Shift.starts_at < at(day_of(3), NINE)).execute()
    models.Holiday.update(kind='workday').where(models.Holiday.day == day_of(5)).execute()
    gaps = models.Roster.week(county, MONDAY).gaps()
    assert [(g.kiosk.name, g.day, g.start.time(), g.end.time()) for g in gaps] == [
        ('二楼自助区', day_of(2), NOON, CLOSE),       # Wednesday afternoon
        ('二楼自助区', day_of(5), NINE, CLOSE),       # an adjusted working Saturday
        ('自助服务区', day_of(5), NINE, CLOSE)]
    # A helper who left covers nothing; a kiosk out of use needs nobody.
    models.Agent.update(is_active=False).where(models.Agent.name == '甲').execute()
    models.Kiosk.update(is_active=False).where(models.Kiosk.name == '二楼自助区').execute()
    gaps = models.Roster.week(county, MONDAY).gaps()
    assert {g.kiosk.name for g in gaps} == {'自助服务区'} and len(gaps) == 6


def test_the_staffing_check_reads_the_same_roster(county):
    full_week(county)
    shift('自助服务区', '乙', day_of(7))  # the next Monday only
    found = county.staffing_breaches(days=7, at=at(MONDAY, datetime.time(8)))
    kiosk_gaps = [b for b in found if b.rule == 'kiosk_duty']
    roster = models.Roster.upcoming(county, 7, at(MONDAY, datetime.time(8)))
    assert roster.last == day_of(8)  # seven working days: to next Tuesday
    assert len(kiosk_gaps) == len(roster.gaps()) == 3  # Mon kiosk 2, Tue both
    assert '云溪县政务服务中心 · 二楼自助区' in str(kiosk_gaps[0].message)
    assert kiosk('自助服务区').uncovered(7, at(MONDAY, datetime.time(8))) == [
        (at(day_of(8), NINE), at(day_of(8), CLOSE))]
    # From noon on Monday, the morning is past: no gap before now.
    later = models.Roster.upcoming(county, 1, at(MONDAY, NOON))
    assert later.gaps() == []


def test_a_helper_cannot_be_booked_at_two_kiosks_at_once(county):
    shift('自助服务区', '甲', MONDAY, NINE, NOON)
    with pytest.raises(models.DomainError) as refused:
        shift('二楼自助区', '甲', MONDAY, datetime.time(11), CLOSE)
    assert '云溪县政务服务中心 · 自助服务区' in str(refused.value)
    shift('二楼自助区', '甲', MONDAY, NOON, CLOSE)  # back to back is fine
    with pytest.raises(models.DomainError):
        shift('二楼自助区', '乙', MONDAY, NOON, NINE)
    other = models.Hall.create(code='C-Y', name='石门县', level='county',
                               parent=county.parent)
    stranger = models.Agent.create(hall=other, name='丁', employment='full_time')
    with pytest.raises(models.DomainError):
        models.Shift.create(kiosk=kiosk('自助服务区'), helper=stranger,
                            starts_at=at(MONDAY, NINE), ends_at=at(MONDAY, NOON))
    assert models.Shift.select().count() == 2


def test_double_bookings_made_before_the_rule_are_marked(county):
    first = shift('自助服务区', '甲', MONDAY)
    second = models.Shift.insert(kiosk=kiosk('二楼自助区'), helper=helper('甲'),
                                 starts_at=at(MONDAY, NOON),
                                 ends_at=at(MONDAY, CLOSE)).execute()
    shift('自助服务区', '甲', day_of(1))
    roster = models.Roster.week(county, MONDAY)
    assert sorted(s.id for s in roster.double_bookings()) == sorted([first.id, second])
    assert [s.id for s in roster.clashes(first)] == [second]
    found = county.staffing_breaches(days=7, at=at(MONDAY, datetime.time(8)))
    assert [b.rule for b in found].count('double_booking') == 2


def test_copying_last_week_is_idempotent_and_skips_closed_days(county):
    full_week(county)
    models.Holiday.update(kind='off').where(models.Holiday.day == day_of(9)).execute()
    copied = models.Roster.week(county, MONDAY).copy_to(day_of(7))
    assert (len(copied.created), copied.kept, copied.closed, copied.refused) == (12, 0, 3, [])
    next_week = models.Roster.week(county, day_of(7))
    assert next_week.gaps() == [] and not next_week.is_workday(day_of(9))
    assert next_week.cell(kiosk('自助服务区'), day_of(9)) == []
    assert [(s.starts_at, s.ends_at) for s in next_week.cell(kiosk('二楼自助区'), day_of(7))] == [
        (at(day_of(7), NINE), at(day_of(7), NOON)), (at(day_of(7), NOON), at(day_of(7), CLOSE))]
    count = models.Shift.select().count()
    again = models.Roster.week(county, MONDAY).copy_to(day_of(7))
    assert (len(again.created), again.kept, again.closed) == (0, 12, 3)
    assert models.Shift.select().count() == count
    entries = list(models.AuditLog.select().where(
        models.AuditLog.model == 'Shift', models.AuditLog.action == 'create'))
    assert len(entries) == 12 and {e.hall_id for e in entries} == {county.id}


def test_two_people_copying_a_week_at_once_copy_it_once(county):
    full_week(county)
    results = at_once(lambda i: models.Roster.week(county, MONDAY).copy_to(day_of(7)), 2)
    assert sorted((len(r.created), r.kept) for r in results) == [(0, 15), (15, 0)]
    assert len(models.Roster.week(county, day_of(7)).shifts) == 15


def test_two_people_booking_one_helper_at_two_kiosks_at_once(county):
    def book(i):
        try:
            return shift(('自助服务区', '二楼自助区')[i], '甲', day_of(0))
        except models.DomainError:
            return 'refused'
    results = at_once(book, 2)
    assert sorted(str(type(r).__name__) for r in results) == ['Shift', 'str']
    assert models.Shift.select().count() == 1


def test_a_copy_that_would_double_book_is_refused_and_the_rest_copied(county):
    full_week(county)
    shift('自助服务区', '乙', day_of(8), NINE, NOON)  # 乙 at the other kiosk
    copied = models.Roster.week(county, MONDAY).copy_to(day_of(7))
    assert [(s.helper.name, s.starts_at) for s in copied.refused] == [
        ('乙', at(day_of(8), NINE))]
    assert len(copied.created) == 14
    assert models.Roster.week(county, day_of(7)).double_bookings() == []


def test_repeating_a_week_and_a_shift_weekly(county):
    full_week(county)
    copied = models.Roster.week(county, MONDAY).repeat(3)
    assert len(copied.created) == 45 and copied.kept == 0
    assert models.Roster.week(county, MONDAY).repeat(3).created == []
    for weeks in (0, models.Roster.MAX_WEEKS + 1):
        with pytest.raises(models.DomainError):
            models.Roster.week(county, MONDAY).repeat(weeks)
    single = shift('自助服务区', '丙', day_of(5), NINE, NOON)  # a Saturday
    models.Holiday.update(kind='workday').where(models.Holiday.day == day_of(19)).execute()
    copied = single.repeat_weekly(3)
    assert [s.starts_at.date() for s in copied.created] == [day_of(19)]
    assert copied.closed == 2


def test_the_week_costs_the_same_queries_however_much_it_holds(county):
    def queries():
        with statements(models.db.obj) as run:
            roster = models.Roster.week(county, MONDAY)
            roster.gaps(), roster.double_bookings(), roster.cells()
            [str(k) for k in roster.shown_kiosks()]
            [s.helper.name + str(s.kiosk) for s in roster.shifts]
        return len(run)
    models.begin_request_cache()  # as in a request: the calendar loads once
    try:
        queries()
        empty = queries()
        assert empty == 2  # the kiosks, the shifts
        full_week(county)
        for n in range(4):
            models.Kiosk.create(hall=county, name='新区%d' % n)
        assert queries() == empty
    finally:
        models.end_request_cache()


# --- The pages ----------------------------------------------------------------

def demo_week():
    return models.week_start(models.today())


def test_manager_plans_the_week_of_their_hall(auth, demo_client):
    auth.login('demo-manager')
    demo_client.post('/lang/en')
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    page = demo_client.get('/portal/roster/?hall=%d' % hall.id)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '云溪县政务服务中心 · 自助服务区' in html and 'roster-week' in html
    # A bad hour changes nothing and says why.
    monday = demo_week() + datetime.timedelta(days=7 * 30)
    count = models.Shift.select().count()
    kiosk_ = hall.kiosks.first()
    new = dict(hall=hall.id, week=monday.isoformat(), kiosk=kiosk_.id,
               helper=models.Agent.get(models.Agent.name == '龙晓东').id,
               day=monday.isoformat(), starts='9 am', ends='12:00', weeks='2')
    page = demo_client.post('/portal/roster/plan', data=new, follow_redirects=True)
    assert 'Give the hours as hour:minute' in page.get_data(as_text=True)
    assert models.Shift.select().count() == count
    page = demo_client.post('/portal/roster/plan', data=dict(new, starts='09:00'),
                            follow_redirects=True)
    assert models.Shift.select().count() == count + 1 + sum(
        hall.is_workday(monday + datetime.timedelta(days=7 * n)) for n in (1, 2))
    assert 'Shifts added: %d.' % (models.Shift.select().count() - count - 1) in \
        page.get_data(as_text=True)


def test_another_halls_ids_are_refused(auth, demo_client):
    auth.login('demo-manager')
    other = models.Hall.get(models.Hall.code == 'QL-SM')
    mine = models.Hall.get(models.Hall.code == 'QL-YX')
    assert demo_client.get('/portal/roster/?hall=%d' % other.id).status_code == 404
    week = demo_week().isoformat()
    theirs = (models.Shift.select().join(models.Kiosk)
              .where(models.Kiosk.hall == other).first())
    count = models.Shift.select().count()
    for url, data in (('/portal/roster/copy', {'hall': other.id}),
                      ('/portal/roster/repeat', {'hall': other.id, 'weeks': 2}),
                      ('/portal/roster/remove', {'hall': other.id, 'id': theirs.id}),
                      ('/portal/roster/remove', {'hall': mine.id, 'id': theirs.id}),
                      ('/portal/roster/plan', {'hall': mine.id, 'kiosk': other.kiosks.first().id,
                                               'helper': theirs.helper_id, 'day': week,
                                               'starts': '09:00', 'ends': '10:00'})):
        response = demo_client.post(url, data=dict(data, week=week))
        assert response.status_code in (302, 404), url
        assert models.Shift.select().count() == count, url
    assert models.Shift.get_or_none(models.Shift.id == theirs.id) is not None
    # A town below the county is the manager's too.
    town = models.Hall.get(models.Hall.code == 'QL-YX-BS')
    assert demo_client.get('/portal/roster/?hall=%d' % town.id).status_code == 200


@pytest.mark.parametrize('who, week, mine', [
    ('demo-helper', 403, 200), ('demo-agent', 403, 200),
    ('demo-supervisor', 200, 403), ('demo-city', 200, 200)])
def test_who_reaches_the_roster_pages(auth, demo_client, who, week, mine):
    assert demo_client.get('/portal/roster/').status_code == 302
    assert demo_client.get('/portal/roster/mine/').status_code == 302
    auth.login(who)
    assert demo_client.get('/portal/roster/').status_code == week
    assert demo_client.get('/portal/roster/mine/').status_code == mine
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    count = models.Shift.select().count()
    response = demo_client.post('/portal/roster/copy', data={
        'hall': hall.id, 'week': demo_week().isoformat()})
    assert (response.status_code == 302) == (who == 'demo-city')
    if who != 'demo-city':
        assert models.Shift.select().count() == count


def test_a_helper_sees_their_own_roster(auth, demo_client):
    auth.login('demo-helper')
    html = demo_client.get('/portal/roster/mine/').get_data(as_text=True)
    own = (models.Shift.select().join(models.Agent)
           .where(models.Agent.name == '汪翠兰',
                  models.Shift.starts_at >= datetime.datetime.combine(
                      demo_week(), datetime.time.min))
           .order_by(models.Shift.starts_at).first())
    assert 'data-shift="%d"' % own.id in html
    assert '云溪县政务服务中心 · 自助服务区' in html
    other = (models.Shift.select().join(models.Agent)
             .where(models.Agent.name == '龙晓东').first())
    assert 'data-shift="%d"' % other.id not in html
    assert '/portal/roster/mine/' in demo_client.get('/portal/').get_data(as_text=True)
    bad = demo_client.get('/portal/roster/mine/?week=2031-13-45')
    assert bad.status_code == 200 and '2031-13-45' in bad.get_data(as_text=True)


def test_roster_pages_make_a_constant_number_of_queries(auth, demo_client):
    auth.login('demo-city')
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    url = '/portal/roster/?hall=%d&week=%s' % (hall.id, demo_week().isoformat())
    demo_client.get(url)
    with statements(models.db.obj) as before:
        demo_client.get(url)
    for n in range(3):
        models.Kiosk.create(hall=hall, name='临时自助区%d' % n)
    models.Roster.week(hall, demo_week()).repeat(1)
    models.Roster.week(hall, demo_week() - datetime.timedelta(days=7)).copy_to(
        demo_week() + datetime.timedelta(days=7))
    with statements(models.db.obj) as after:
        demo_client.get(url)
    assert len(after) == len(before)
    with statements(models.db.obj) as listing:
        page = demo_client.get('/portal/shifts/')
    assert '云溪县政务服务中心' in page.get_data(as_text=True)
    assert len(listing) < 20


def test_the_shift_form_offers_kiosks_with_their_halls(auth, demo_client):
    auth.login('demo-manager')
    html = demo_client.get('/portal/shifts/new/').get_data(as_text=True)
    assert '云溪县政务服务中心 · 自助服务区' in html
    assert '云溪县政务服务中心 · 云溪县政务服务中心' not in html
    assert 'name="weeks"' in html


def test_staffing_page_links_kiosk_gaps_to_the_week_roster(auth, demo_client):
    auth.login('demo-manager')
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    models.Shift.delete().where(models.Shift.kiosk == hall.kiosks.first()).execute()
    html = demo_client.get('/portal/staffing/?hall=%d' % hall.id).get_data(as_text=True)
    assert 'data-rule="kiosk_duty"' in html
    assert '/portal/roster/?hall=%d' % hall.id in html


def test_every_role_and_hall_on_the_week_roster(auth, demo_client):
    """Each account against each hall of the city: its own halls (and the
    halls below) open, any other hall is a 404, a role without the hall's
    configuration gets 403."""
    halls = list(models.Hall.select().order_by(models.Hall.id))
    for who in ('demo-helper', 'demo-agent', 'demo-manager', 'demo-supervisor',
                'demo-city'):
        auth.login(who)
        user = models.User.get(models.User.username == who)
        scope = set(user.scope_hall_ids())
        for hall in halls:
            status = demo_client.get('/portal/roster/?hall=%d' % hall.id).status_code
            expected = (403 if not user.may('read_hall') else
                        200 if hall.id in scope else 404)
            assert status == expected, (who, hall.code)
        assert demo_client.get('/portal/roster/mine/').status_code == (
            200 if user.may('use_kiosk') else 403), who
        auth.logout()
