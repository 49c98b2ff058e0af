"""In a real browser at 1366 px: a manager, a supervisor and the city read the
supervision dashboard in Chinese and English, its charts drawn by the
vendored ECharts with nothing fetched from outside, figures leading to
their lists, and a printable page."""
import datetime

import models
from pages import follow, sign_in, switch_portal_language
from support import screenshot


def busy_morning():
    """The county hall (QL-YX) open around the clock, tickets issued,
    called and finished in the last half hour, two still waiting."""
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    hall.opens_at, hall.closes_at = datetime.time(0, 0), datetime.time(23, 59, 59)
    hall.save()
    now, today = models.now(), models.today()
    start = max(now - datetime.timedelta(minutes=30),
                datetime.datetime.combine(today, datetime.time(0, 0)))
    step = (now - start) / 10
    windows = list(hall.windows.order_by(models.Window.number).limit(2))
    for n, window in enumerate(windows * 2):
        ticket = models.Ticket.issue(window)
        issued = start + step * n
        models.Ticket.update(issued_at=issued).where(
            models.Ticket.id == ticket.id).execute()
        if n < 2:
            models.Ticket.update(status='done').where(
                models.Ticket.id == ticket.id).execute()
            models.TicketEvent.create(ticket=ticket, action='call',
                                      at=issued + step * 3, window=window)
            models.TicketEvent.create(ticket=ticket, action='finish',
                                      at=issued + step * 5, window=window)
    return hall


def watch(page):
    page.errors = []
    page.on('pageerror', lambda error: page.errors.append(str(error)))
    return page


def charts_drawn(page):
    """Every chart drawn as SVG by the vendored library."""
    page.wait_for_selector('[data-chart][data-drawn] svg')
    assert page.locator('[data-chart]').count() == 4
    assert page.locator('[data-chart] svg').count() == 4
    assert page.evaluate('typeof window.echarts.version') == 'string'


def test_manager_reads_the_dashboard_in_both_languages_and_follows_a_figure(page):
    hall = busy_morning()
    watch(page)
    sign_in(page, 'demo-manager')
    page.goto(page.base_url + '/portal/dashboard/')
    assert '监管看板' in page.inner_text('h1')
    assert hall.name in page.inner_text('h1')
    charts_drawn(page)
    assert page.inner_text('[data-figure="issued"] .dashboard-value') == '4'
    assert page.inner_text('[data-figure="served"] .dashboard-value') == '2'
    assert page.inner_text('[data-figure="waiting"] .dashboard-value') == '2'
    assert page.locator('#dashboard-queues tbody tr').count() == 2
    width = page.evaluate('document.documentElement.scrollWidth')
    assert width <= 1366, width
    screenshot(page, 'dashboard-01-manager-zh-1366')

    switch_portal_language(page)
    assert 'Supervision dashboard' in page.inner_text('h1')
    charts_drawn(page)
    assert 'Tickets waiting per window' in page.inner_text('#dashboard-queues')
    screenshot(page, 'dashboard-02-manager-en-1366')

    # A month's figure opens the monthly statistics of that month.
    month = models.today().strftime('%Y-%m')
    follow(page, '[data-trend="months"] tr[data-period="%s"] th a' % month)
    assert '/portal/stats/' in page.url and 'month=' + month in page.url
    # A point of a chart does the same: this month's bad ratings.
    page.go_back()
    charts_drawn(page)
    x, y = page.evaluate('''() => {
      const element = document.querySelector('[data-chart="months"][data-kind="cases"]');
      element.scrollIntoView({block: 'center'});
      const chart = window.echarts.getInstanceByDom(element);
      const bad = chart.getOption().series[2].data;
      const point = chart.convertToPixel({seriesIndex: 2}, [11, bad[11]]);
      const box = element.getBoundingClientRect();
      return [box.left + point[0], box.top + point[1]];
    }''')
    with page.expect_navigation():
        page.mouse.click(x, y)
    assert '/portal/stats/' in page.url and 'month=' + month in page.url
    # A window's queue opens its desk.
    page.go_back()
    follow(page, '#dashboard-queues tbody tr a')
    assert '/portal/desk/' in page.url
    page.go_back()
    # The page prints: menus and controls stay off the paper.
    page.emulate_media(media='print')
    assert not page.locator('nav.navbar').first.is_visible()
    assert not page.locator('.dashboard-controls').is_visible()
    screenshot(page, 'dashboard-03-manager-en-print')
    page.emulate_media(media='screen')
    assert page.errors == []


def test_supervisor_and_city_read_the_roll_up_and_each_hall(page):
    busy_morning()
    watch(page)
    sign_in(page, 'demo-supervisor')
    page.goto(page.base_url + '/portal/dashboard/')
    charts_drawn(page)
    # A supervisor reads; a window leads to its record, not to a desk.
    links = page.locator('#dashboard-queues tbody tr a')
    if links.count():
        assert '/portal/windows/details/' in links.first.get_attribute('href')
    screenshot(page, 'dashboard-04-supervisor-zh-1366')
    switch_portal_language(page)
    charts_drawn(page)
    screenshot(page, 'dashboard-05-supervisor-en-1366')

    page.context.clear_cookies()
    sign_in(page, 'demo-city')
    page.goto(page.base_url + '/portal/dashboard/')
    charts_drawn(page)
    assert '下级大厅' in page.inner_text('.dashboard-below')
    assert '合计' in page.inner_text('.dashboard-head')
    screenshot(page, 'dashboard-06-city-zh-1366')
    # Pick the county hall from the list.
    county = models.Hall.get(models.Hall.code == 'QL-YX')
    page.select_option('#dashboard-hall', str(county.id))
    follow(page, '.dashboard-controls button[type=submit]')
    assert county.name in page.inner_text('h1')
    assert page.inner_text('[data-figure="issued"] .dashboard-value') == '4'
    charts_drawn(page)
    switch_portal_language(page)
    screenshot(page, 'dashboard-07-city-county-en-1366')
    # A projector: the same page, wide and large.
    page.set_viewport_size({'width': 1920, 'height': 1080})
    charts_drawn(page)
    screenshot(page, 'dashboard-08-city-county-en-projector')
    assert page.errors == []
