"""In a real browser with CSRF on: the webhook form names the hosts the
operator allows, and refuses an address elsewhere with the reason, keeping
what was typed and changing nothing; in Chinese and in English."""
import models
from pages import follow, sign_in, switch_portal_language
from support import screenshot


def refuse(page, client, url, words, shot):
    page.goto(page.base_url + '/portal/api-clients/')
    follow(page, 'tr:has-text("%s") a.webhook-edit' % client.name)
    assert words['hosts'] in page.inner_text('.webhook-hosts')
    assert '127.0.0.1, localhost, ::1' in page.inner_text('.webhook-hosts')
    page.fill('#webhook_url', url)
    with page.expect_navigation():
        page.click('form.webhook-form button[type=submit]')
    assert words['refused'] in page.inner_text('body')
    assert page.input_value('#webhook_url') == url
    screenshot(page, shot)


def test_the_form_refuses_a_host_not_allowed(page, demo_app):
    account = models.User.get(models.User.username == 'demo-manager')
    client, _ = models.ApiClient.issue(account, '省网上平台', [account.hall_id])
    sign_in(page, 'demo-manager')
    refuse(page, client, 'http://169.254.169.254/latest/meta-data/', {
        'hosts': '运维人员只允许回调发往以下主机',
        'refused': '回调地址只能指向运维人员允许的主机'}, 'webhook-hosts-zh')
    switch_portal_language(page)
    refuse(page, client, 'https://evil.example/<b>in</b>', {
        'hosts': 'The operator allows webhooks to these hosts only',
        'refused': 'Webhooks may only go to the hosts the operator allowed'},
        'webhook-hosts-en')
    assert models.ApiClient.get_by_id(client.id).webhook_url == ''
    assert not models.AuditLog.select().where(
        models.AuditLog.action == 'set_webhook').exists()
