"""In a real browser with CSRF on: a manager gives a client a webhook, sees
its signing key once, and reads the delivery log with a failed try; the
city administrator edits an SMS text, a bad one refused; in Chinese and in
English."""
import re

import models
import outbox
from pages import follow, sign_in, switch_portal_language
from seeds import factories
from support import screenshot


def set_webhook(page, client, words, shot):
    page.goto(page.base_url + '/portal/api-clients/')
    row = page.locator('tr', has_text=client.name)
    follow(page, 'tr:has-text("%s") a.webhook-edit' % client.name)
    assert page.locator('h1').inner_text() == words['form']
    page.fill('#webhook_url', 'http://127.0.0.1:9/hook')
    if page.locator('#new_secret').count():  # a key was made before
        page.check('#new_secret')
    screenshot(page, shot + '-01-form')
    with page.expect_navigation():
        page.click('form.webhook-form button[type=submit]')
    secret = page.locator('#secret').inner_text()
    assert re.fullmatch(r'[A-Za-z0-9_-]{40,}', secret)
    assert words['once'] in page.inner_text('.webhook-secret-once')
    screenshot(page, shot + '-02-secret')
    follow(page, 'a.btn-primary')
    assert secret not in page.content()
    assert row.locator('.webhook-url').inner_text() == 'http://127.0.0.1:9/hook'
    return secret


def test_manager_sets_a_webhook_and_reads_its_deliveries(page, demo_app):
    account = models.User.get(models.User.username == 'demo-manager')
    client, _ = models.ApiClient.issue(account, '省网上平台', [account.hall_id])
    sign_in(page, 'demo-manager')
    set_webhook(page, client, {'form': '省网上平台 的回调地址',
                               'once': '仅显示这一次'}, 'webhook-zh')
    factories.open_case(seed=900)
    with demo_app.app_context():
        outbox.deliver_due()  # nobody listens at port 9: a failed try
    page.goto(page.base_url + '/portal/api-clients/')
    follow(page, 'tr:has-text("省网上平台") a.webhook-log')
    assert page.locator('h1').inner_text() == '省网上平台 的投递记录'
    first = page.locator('table.delivery-log tbody tr').first
    assert first.get_attribute('data-status') == 'pending'
    assert '待发送' in first.inner_text() and '下次重试' in first.inner_text()
    screenshot(page, 'webhook-zh-03-deliveries')
    switch_portal_language(page)
    assert page.locator('h1').inner_text() == 'Deliveries to 省网上平台'
    assert 'Waiting to be sent' in first.inner_text()
    screenshot(page, 'webhook-en-03-deliveries')
    set_webhook(page, client, {'form': 'Webhook of 省网上平台',
                               'once': 'shown only now'}, 'webhook-en')


def test_city_edits_a_text_and_a_bad_one_is_refused(page):
    sign_in(page, 'demo-city')
    page.goto(page.base_url + '/portal/sms-texts/')
    assert page.locator('h1').inner_text() == '申请人短信'
    page.fill('#ticket_called', '{hall}：请{ticket}号到{window}，{name}')
    with page.expect_navigation():
        page.click('form.sms-texts button[type=submit]')
    assert '{name}' in page.inner_text('.alert-danger')
    screenshot(page, 'sms-texts-zh-01-refused')
    page.fill('#ticket_called', '{hall}：请{ticket}号到{window}办理')
    with page.expect_navigation():
        page.click('form.sms-texts button[type=submit]')
    assert '短信内容已保存' in page.inner_text('.alert-success')
    assert page.input_value('#ticket_called') == '{hall}：请{ticket}号到{window}办理'
    screenshot(page, 'sms-texts-zh-02-saved')
    switch_portal_language(page)
    assert page.locator('h1').inner_text() == 'SMS to applicants'
    page.fill('#result_ready', 'Case {case} {oops')
    with page.expect_navigation():
        page.click('form.sms-texts button[type=submit]')
    assert 'brace that is not closed' in page.inner_text('.alert-danger')
    screenshot(page, 'sms-texts-en-01-refused')
