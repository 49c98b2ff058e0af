"""In a real browser with CSRF on: a hall manager sees the alerts' count in
the menu, opens the list, acknowledges an AB post left without cover, and
sets a threshold (a bad one first), in Chinese and then in English."""
import models

from pages import follow, sign_in, switch_portal_language
from support import screenshot


def uncovered_post(hall):
    """An AB post of the hall whose A is away with no B."""
    window = models.Window.select().where(models.Window.hall == hall).first()
    agent = models.Agent.create(hall=hall, name='预警测试甲', employment='full_time')
    return models.Post.create(hall=hall, window=window, name='预警测试岗',
                              agent_a=agent, a_away=True)


def count(page):
    return int(page.locator('.portal-menu .alert-count').inner_text())


def test_manager_acknowledges_an_alert_and_sets_a_threshold(page):
    manager = models.User.get(models.User.username == 'demo-manager')
    post = uncovered_post(manager.hall)
    sign_in(page, 'demo-manager')
    page.goto(page.base_url + '/portal/')
    before = count(page)
    assert before >= 1
    screenshot(page, 'alerts-01-menu-count-zh')

    follow(page, '.portal-menu a.nav-link:has(.alert-count)')
    assert page.locator('h1').inner_text() == '预警'
    row = page.locator('tr[data-subject="post:%d"]' % post.id)
    assert row.get_attribute('class') == 'alert-open'
    assert 'AB岗无人顶岗' in row.inner_text() and '预警测试岗' in row.inner_text()
    screenshot(page, 'alerts-02-list-zh')

    with page.expect_navigation():
        row.locator('button', has_text='确认').click()
    assert '预警已确认' in page.inner_text('.alert-success')
    row = page.locator('tr[data-subject="post:%d"]' % post.id)
    assert row.get_attribute('class') == 'alert-acknowledged'
    assert '%s 于' % manager.name in row.inner_text()
    assert count(page) == before - 1
    ack = models.AlertAck.get(models.AlertAck.subject == 'post:%d' % post.id)
    assert ack.user_id == manager.id

    threshold = page.locator('.alert-thresholds tr[data-rule="window_wait"]')
    threshold.locator('input[name=threshold]').fill('abc')
    with page.expect_navigation():
        threshold.locator('button').click()
    assert '阈值须为1至600之间的整数' in page.inner_text('body')
    assert models.AlertSetting.select().count() == 0
    screenshot(page, 'alerts-03-bad-threshold-zh')
    threshold = page.locator('.alert-thresholds tr[data-rule="window_wait"]')
    threshold.locator('input[name=threshold]').fill('45')
    with page.expect_navigation():
        threshold.locator('button').click()
    assert '阈值已设为 45' in page.inner_text('body')
    assert models.AlertSetting.get().threshold == 45
    assert page.locator('.alert-thresholds tr[data-rule="window_wait"] '
                        'input[name=threshold]').input_value() == '45'

    switch_portal_language(page)
    assert page.locator('h1').inner_text() == 'Alerts'
    row = page.locator('tr[data-subject="post:%d"]' % post.id)
    assert 'AB posts without cover' in row.inner_text()
    assert 'By %s at' % manager.name in row.inner_text()
    assert 'Thresholds of %s' % manager.hall.name in page.inner_text('body')
    screenshot(page, 'alerts-04-list-en')
    page.goto(page.base_url + '/portal/dashboard/')
    assert 'Alerts' in page.inner_text('.dashboard-alerts')
    screenshot(page, 'alerts-05-dashboard-en')
