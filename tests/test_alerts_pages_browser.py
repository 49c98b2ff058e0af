"""In a real browser: the city reads its alerts a page at a time, with the
menu's count beside 预警, and the rating reminders with their count; in
Chinese and in English."""
import re

import models
from pages import follow, sign_in, switch_portal_language
from support import screenshot


def posts_without_cover(n):
    """`n` AB posts of the demo county hall whose A is away with no B:
    an alert each (post_uncovered)."""
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    window = models.Window.select().where(models.Window.hall == hall).first()
    agent = models.Agent.select().where(models.Agent.hall == hall).first()
    for k in range(n):
        models.Post.create(hall=hall, window=window, name='<b>岗</b>%02d' % k,
                           agent_a=agent, a_away=True)


def test_the_city_pages_through_its_alerts_and_reminders(page):
    posts_without_cover(60)
    sign_in(page, 'demo-city')
    page.goto(page.base_url + '/portal/alerts/')
    badge = int(page.locator('.alert-count').first.inner_text())
    assert badge >= 60
    summary = page.locator('.alerts-summary').inner_text()
    open_, acked = map(int, re.findall(r'\d+', summary)[:2])
    assert open_ >= badge  # the list also shows the staffing rule
    assert page.locator('table.alerts-list tbody tr').count() == 50
    # A post's name is shown as typed, never as markup.
    assert '<b>岗</b>00' in page.inner_text('table.alerts-list')
    assert page.locator('table.alerts-list b').count() == 0
    screenshot(page, 'alerts-01-page-one-zh')
    follow(page, '.pagination a.page-link:text-is("2")')
    assert 'page=2' in page.url
    second = page.locator('table.alerts-list tbody tr').count()
    assert 1 <= second <= 50
    assert page.locator('.pagination .page-item.active').inner_text() == '2'
    screenshot(page, 'alerts-02-page-two-zh')
    assert switch_portal_language(page) == 'en'
    assert 'open alerts' in page.locator('.alerts-summary').inner_text()
    screenshot(page, 'alerts-03-page-two-en')
    page.goto(page.base_url + '/portal/cases/follow-ups/reminders')
    count = page.locator('.case-count').inner_text()
    assert re.fullmatch(r'\d+ cases?', count), count
    rows = page.locator('table.rating-reminders tbody tr[data-case]').count()
    assert rows == min(int(count.split()[0]), 50)
    screenshot(page, 'reminders-01-en')
    assert switch_portal_language(page) == 'zh-CN'
    assert re.fullmatch(r'共 \d+ 件', page.locator('.case-count').inner_text())
    screenshot(page, 'reminders-02-zh')
