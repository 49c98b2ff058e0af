"""In a real browser with CSRF on: a hall manager issues an API token in the
portal, sees it once, and revokes it, in Chinese and then in English; the
API's documentation page renders from vendored assets only."""
import re

import models

from pages import follow, sign_in, switch_portal_language
from support import screenshot


def issue_and_revoke(page, name, words, shot):
    """Issue a token for the manager's hall, check it works once shown,
    then revoke it from the list; `words` are the page's expected texts."""
    page.goto(page.base_url + '/portal/api-clients/')
    follow(page, 'a.issue-api-client')
    assert page.locator('h1').inner_text() == words['form']
    page.fill('#name', name)
    screenshot(page, shot + '-01-form')
    with page.expect_navigation():
        page.click('form.api-client-form button[type=submit]')
    token = page.locator('#token').inner_text()
    assert re.fullmatch(r'[A-Za-z0-9_-]{40,}', token)
    assert words['once'] in page.inner_text('.api-token-once')
    screenshot(page, shot + '-02-token')
    client = models.ApiClient.by_token(token)
    assert client.name == name and not client.is_revoked
    follow(page, 'a.btn-primary')
    row = page.locator('tr', has_text=name)
    assert token not in page.content()
    screenshot(page, shot + '-03-list')
    with page.expect_navigation():
        row.locator('form.revoke-form button').click()
    assert words['revoked'] in page.inner_text('.alert-success')
    assert models.ApiClient.get_by_id(client.id).is_revoked
    screenshot(page, shot + '-04-revoked')


def test_manager_issues_and_revokes_a_token(page):
    sign_in(page, 'demo-manager')
    issue_and_revoke(page, '省网上平台', {
        'form': '签发接口令牌', 'once': '仅显示这一次', 'revoked': '已吊销'},
        'api-zh')
    switch_portal_language(page)
    issue_and_revoke(page, '12345 hotline', {
        'form': 'Issue an API token', 'once': 'shown only now',
        'revoked': 'is revoked'}, 'api-en')


def test_docs_page_renders_from_vendored_assets(page):
    page.goto(page.base_url + '/api/docs')
    page.wait_for_selector('.opblock-summary-path')
    paths = page.locator('.opblock-summary-path').all_inner_texts()
    assert any('/api/v1/cases/' in p for p in paths)
    screenshot(page, 'api-docs')
    assert page.outside_requests == []
