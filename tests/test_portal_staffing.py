"""The staffing rules of 002/004 (Hall.staffing_breaches) and their page."""
import datetime

import pytest

import models

MONDAY = datetime.datetime(2031, 3, 3, 8, 0)  # an ordinary working week
WEEKS = 6  # the weeks from MONDAY on whose calendar the city fixes itself


def ordinary_weeks(city):
    """Fix the city's calendar from MONDAY on: weekdays work, weekends are
    off, whatever notice for 2031 a calendar package may come to carry."""
    for offset in range(WEEKS * 7):
        day = MONDAY.date() + datetime.timedelta(days=offset)
        models.Holiday.create(city=city, day=day,
                              kind='workday' if day.weekday() < 5 else 'off')


@pytest.fixture
def town(app):
    """A town centre that meets every rule, for tests to break one at a time."""
    city = models.Hall.create(code='C', name='市中心', level='city')
    ordinary_weeks(city)
    county = models.Hall.create(code='C-X', name='县中心', level='county', parent=city)
    town = models.Hall.create(code='C-X-T', name='镇中心', level='town', parent=county)
    rsj = models.Department.create(code='RSJ', name='人社局', short_name='人社')
    models.HallDepartment.create(hall=town, department=rsj)

    def agent(name, employment):
        return models.Agent.create(hall=town, name=name, employment=employment)
    full = [agent('全一', 'full_time'), agent('全二', 'full_time')]
    part = [agent('兼一', 'part_time'), agent('兼二', 'part_time')]
    window = models.Window.create(hall=town, number=1, name='综窗', kind='comprehensive',
                                  prefix='A')
    models.Post.create(hall=town, name='帮办岗', agent_a=full[0], agent_b=full[1])
    models.Post.create(hall=town, name='综窗岗', window=window, agent_a=part[0],
                       agent_b=part[1])
    models.Liaison.create(hall=town, department=rsj, agent=part[0], title='联络员')
    kiosk = models.Kiosk.create(hall=town, name='自助区')
    day = MONDAY.date()
    for _ in range(10):
        models.Shift.create(kiosk=kiosk, helper=full[0],
                            starts_at=datetime.datetime.combine(day, town.opens_at),
                            ends_at=datetime.datetime.combine(day, town.closes_at))
        day = town.add_working_days(day, 1)
    return town


def rules(hall):
    return [b.rule for b in hall.staffing_breaches(days=7, at=MONDAY)]


def test_a_complete_town_has_no_breach(town):
    assert rules(town) == []


def test_full_time_agents_by_level(town):
    town.agents.where(models.Agent.name == '全二').get().delete_instance(recursive=True)
    assert 'full_time' in rules(town)
    village = models.Hall.create(code='C-X-T-1', name='村', level='village', parent=town)
    assert rules(village) == ['agents']
    models.Agent.create(hall=village, name='村兼', employment='part_time')
    assert rules(village) == []


def test_part_time_agents_on_comprehensive_windows(town):
    post = models.Post.get(models.Post.name == '综窗岗')
    post.agent_b = models.Agent.get(models.Agent.name == '全二')
    post.save()
    found = town.staffing_breaches(days=7, at=MONDAY)
    assert [b.rule for b in found] == ['window_part_time']
    assert found[0].subject.name == '综窗'


def test_a_liaison_per_stationed_department(town):
    mz = models.Department.create(code='MZJ', name='民政局')
    models.HallDepartment.create(hall=town, department=mz)
    found = town.staffing_breaches(days=7, at=MONDAY)
    assert [(b.rule, b.subject) for b in found] == [('liaison', mz)]


def test_every_post_needs_a_b(town):
    models.Post.create(hall=town, name='单人岗',
                       agent_a=models.Agent.get(models.Agent.name == '全一'))
    assert rules(town) == ['ab_post']


def test_uncovered_kiosk_hours_are_listed(town):
    shift = models.Shift.select().order_by(models.Shift.starts_at).offset(2).first()
    shift.ends_at = shift.starts_at.replace(hour=12)
    shift.save()
    found = town.staffing_breaches(days=7, at=MONDAY)
    assert [b.rule for b in found] == ['kiosk_duty']
    assert found[0].subject.name == '自助区'
    kiosk = found[0].subject
    day = shift.starts_at.date()
    assert kiosk.uncovered(7, MONDAY) == [
        (datetime.datetime.combine(day, datetime.time(12)),
         datetime.datetime.combine(day, town.closes_at))]
    # Beyond the roster: the eleventh working day is not covered.
    assert len(kiosk.uncovered(11, MONDAY)) == 2


def test_staffing_page_lists_breaches_for_halls_in_scope(auth, demo_client):
    auth.login('demo-manager')
    town = models.Hall.get(models.Hall.code == 'QL-YX-BS')
    page = demo_client.get('/portal/staffing/?hall=%d' % town.id)
    assert page.status_code == 200 and 'staffing-ok' in page.get_data(as_text=True)
    models.Liaison.delete().where(models.Liaison.hall == town,
                                  models.Liaison.department.is_null(False)).execute()
    html = demo_client.get('/portal/staffing/?hall=%d' % town.id).get_data(as_text=True)
    assert html.count('data-rule="liaison"') == town.stationed.count()
    other = models.Hall.get(models.Hall.code == 'QL-SM')
    assert demo_client.get('/portal/staffing/?hall=%d' % other.id).status_code == 404
