"""In a real browser with CSRF on, at 1366 px: the county hall's manager
plans a week of kiosk duty, is refused a double booking, sees gaps and an
old double booking marked, copies last week (twice: nothing doubles) and
repeats a week; a helper reads their own roster. Chinese, then English."""
import datetime

import models

from pages import follow, sign_in, switch_portal_language
from support import screenshot

KIOSK = '云溪县政务服务中心 · 自助服务区'
UPSTAIRS = '云溪县政务服务中心 · 二楼自助区'


def planning_week(hall):
    """A Monday past the demo roster whose week and the next two start on
    working days, so every step below has a day to plan."""
    monday = models.week_start(models.today()) + datetime.timedelta(weeks=10)
    while not all(hall.is_workday(monday + datetime.timedelta(weeks=n))
                  for n in range(4)):
        monday += datetime.timedelta(weeks=1)
    return monday


def open_week(page, hall, monday):
    page.goto('%s/portal/roster/?hall=%d&week=%s' % (page.base_url, hall.id,
                                                    monday.isoformat()))


def plan(page, kiosk, helper, day, starts, ends, weeks=0):
    page.select_option('#plan-kiosk', label=kiosk)
    page.select_option('#plan-helper', label=helper)
    page.fill('#plan-day', day.isoformat())
    page.fill('#plan-starts', starts)
    page.fill('#plan-ends', ends)
    page.fill('#plan-weeks', str(weeks))
    follow(page, 'form.roster-plan button[type=submit]')


def cell(page, day):
    return page.locator('tr[data-kiosk] td[data-day="%s"]' % day.isoformat())


def messages(page):
    return ' '.join(page.locator('.alert').all_inner_texts())


def test_a_manager_plans_copies_and_repeats_a_week(page):
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    models.Kiosk.create(hall=hall, name='二楼自助区', location='二楼东侧')
    monday = planning_week(hall)
    tuesday = monday + datetime.timedelta(days=1)
    sign_in(page, 'demo-manager')

    # The menu leads to the week roster of the manager's own hall.
    page.goto(page.base_url + '/portal/')
    link = 'a[href^="/portal/roster/"]:not([href*="mine"])'
    page.locator('li.dropdown', has=page.locator(link)).locator(
        'a.dropdown-toggle').click()
    follow(page, link)
    assert KIOSK in page.inner_text('table.roster-week')
    screenshot(page, 'roster-01-this-week-zh')

    # Plan a week: mornings and afternoons at both kiosks on Monday, the
    # morning repeated weekly.
    open_week(page, hall, monday)
    assert page.locator('.roster-gap').count() > 0  # nobody is on duty yet
    plan(page, KIOSK, '汪翠兰', monday, '09:00', '13:00', weeks=1)
    assert '新增班次1个' in messages(page)
    plan(page, KIOSK, '龙晓东', monday, '13:00', '17:30')
    plan(page, UPSTAIRS, '袁雪梅', monday, '09:00', '17:30')
    assert cell(page, monday).locator('.roster-shift').count() == 3
    assert cell(page, monday).locator('.roster-gap').count() == 0
    assert cell(page, tuesday).locator('.roster-gap').count() == 2

    # A helper at two kiosks at once is refused, and nothing is added.
    plan(page, UPSTAIRS, '汪翠兰', monday, '10:00', '12:00')
    assert '重复排班' in messages(page) and KIOSK in messages(page)
    assert cell(page, monday).locator('.roster-shift').count() == 3
    screenshot(page, 'roster-02-planned-double-booking-refused-zh')

    # A double booking from before the rule is marked on both shifts.
    helper = models.Agent.get(models.Agent.name == '龙晓东')
    upstairs = models.Kiosk.get(models.Kiosk.name == '二楼自助区')
    models.Shift.insert(kiosk=upstairs, helper=helper,
                        starts_at=datetime.datetime.combine(tuesday, datetime.time(9)),
                        ends_at=datetime.datetime.combine(tuesday, datetime.time(12))
                        ).execute()
    models.Shift.insert(kiosk=hall.kiosks.order_by(models.Kiosk.id).first(),
                        helper=helper,
                        starts_at=datetime.datetime.combine(tuesday, datetime.time(11)),
                        ends_at=datetime.datetime.combine(tuesday, datetime.time(14))
                        ).execute()
    open_week(page, hall, monday)
    assert cell(page, tuesday).locator('.roster-double').count() == 2
    assert '重复排班' in page.inner_text('.roster-summary')
    screenshot(page, 'roster-03-gaps-and-double-booking-zh')

    # Copy last week into the next one, twice: the second time adds nothing.
    next_monday = monday + datetime.timedelta(weeks=1)
    follow(page, 'a[rel=next]')
    assert page.url.endswith('week=%s' % next_monday.isoformat())
    assert cell(page, next_monday).locator('.roster-shift').count() == 1  # repeated
    follow(page, 'form.roster-copy button[type=submit]')
    text = messages(page)
    # 4 shifts of the week before; the morning was there already; the
    # second of the double-booked pair is refused.
    assert '新增班次3个' in text and '1个已存在' in text
    assert '未复制，会造成重复排班' in text
    count = models.Shift.select().count()
    follow(page, 'form.roster-copy button[type=submit]')
    assert '新增班次0个' in messages(page)
    assert models.Shift.select().count() == count
    screenshot(page, 'roster-04-last-week-copied-zh')

    # Repeat the week on the next two weeks.
    page.fill('#repeat-weeks', '2')
    follow(page, 'form.roster-repeat button[type=submit]')
    assert '新增班次8个' in messages(page)
    follow(page, 'a[rel=next]')
    assert cell(page, monday + datetime.timedelta(weeks=2)).locator(
        '.roster-shift').count() == 3

    # A shift is taken off the roster after the confirmation.
    before = page.locator('.roster-shift').count()
    page.locator('.roster-remove button').first.click()
    with page.expect_navigation():
        page.click('#confirm-dialog button[value=confirm]')
    assert page.locator('.roster-shift').count() == before - 1

    # In English, the same week.
    switch_portal_language(page)
    open_week(page, hall, monday)
    assert 'Double booking' in page.inner_text('table.roster-week')
    assert 'Gap' in page.inner_text('table.roster-week')
    assert 'Copy last week into this week' in page.inner_text('body')
    screenshot(page, 'roster-05-week-en')
    plan(page, UPSTAIRS, '汪翠兰', monday, '10:00', '12:00')
    assert 'Double booking: 汪翠兰 is already on duty at %s' % KIOSK in messages(page)
    screenshot(page, 'roster-06-double-booking-refused-en')

    # The list of shifts names each kiosk's hall.
    page.goto(page.base_url + '/portal/shifts/')
    assert '云溪县政务服务中心' in page.inner_text('table.model-list')
    screenshot(page, 'roster-09-shift-list-en')

    # The staffing check reads the same roster and links to it.
    page.goto('%s/portal/staffing/?hall=%d' % (page.base_url, hall.id))
    assert page.locator('tr[data-rule="kiosk_duty"]').count() >= 1
    follow(page, 'tr[data-rule="kiosk_duty"] a')
    assert '/portal/roster/' in page.url
    assert page.locator('table.roster-week').count() == 1


def test_a_helper_reads_their_own_roster(page):
    sign_in(page, 'demo-helper')
    follow(page, 'a[href="/portal/roster/mine/"]')
    text = page.inner_text('main') if page.locator('main').count() else page.inner_text('body')
    assert '我的排班' in text and KIOSK in text
    own = (models.Shift.select().join(models.Agent)
           .where(models.Agent.name == '汪翠兰',
                  models.Shift.starts_at >= datetime.datetime.combine(
                      models.week_start(models.today()), datetime.time.min))
           .count())
    shown = page.locator('tr[data-shift]').count()
    assert 0 < shown <= own
    screenshot(page, 'roster-07-mine-zh')
    switch_portal_language(page)
    assert 'My duty roster' in page.inner_text('body')
    screenshot(page, 'roster-08-mine-en')
    # The hall's week is for its managers.
    response = page.goto(page.base_url + '/portal/roster/')
    assert response.status == 403
