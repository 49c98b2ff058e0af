"""线上帮办 in a real browser: an applicant asks a hall for help on a phone
(Chinese, then English), follows the request by its code with personal data
masked; an agent finds it in the portal's list, accepts it, records the
call back and opens the case. Screenshots go to test-artifacts/."""
import random

import models
import validators
from pages import assert_readable, phone, sign_in, switch_language, switch_portal_language
from support import screenshot

HALL, ITEM = 'QL-YX', 'RSJ-003'


def test_an_applicant_asks_for_help_on_a_phone(page, live_server):
    who = dict(name='测试戊', id_number=validators.generate_resident_id(
        random.Random(7)), phone='13900007007')
    phone(page).goto(live_server.url + '/book/%s/' % HALL)
    with page.expect_navigation():
        page.click('#ask-help')
    assert page.text_content('h1') == '申请帮办'
    page.fill('textarea[name=matter]', '想办失业保险金，不清楚材料')
    page.fill('input[name=name]', who['name'])
    page.fill('input[name=id_number]', who['id_number'])
    page.fill('input[name=phone]', '123')
    with page.expect_navigation():
        page.click('#request-form button[type=submit]')
    assert page.is_visible('#error')  # a wrong number: said, nothing sent
    assert models.ServiceRequest.select().count() == 0
    assert page.input_value('input[name=name]') == who['name']
    screenshot(page, 'public-request-form-error-zh')
    page.fill('input[name=phone]', who['phone'])
    page.select_option('select[name=preferred_half_day]', 'pm')
    with page.expect_navigation():
        page.click('#request-form button[type=submit]')
    code = page.text_content('#request-code').strip()
    found = models.ServiceRequest.by_code(code)
    assert found is not None and found.channel == 'web'
    assert page.text_content('#request-status').strip() == '待受理'
    body = page.text_content('body')
    assert who['phone'] not in body and who['id_number'] not in body
    assert found.masked_phone in body and found.masked_name in body
    assert_readable(page)
    screenshot(page, 'public-request-status-zh')
    assert switch_language(page) == 'en'
    assert page.text_content('#request-status').strip() == 'Waiting to be accepted'
    screenshot(page, 'public-request-status-en')
    # The form in English, with the item chosen beforehand.
    page.goto(live_server.url + '/book/%s/request?item=%s' % (HALL, ITEM))
    assert page.text_content('h1') == 'Ask for help'
    assert page.is_visible('#request-item')
    assert_readable(page)
    screenshot(page, 'public-request-form-en')


def test_an_agent_works_a_request_in_the_portal(page, live_server):
    hall = models.Hall.get(models.Hall.code == HALL)
    item = models.Item.get(models.Item.code == ITEM)
    for seed in range(3):
        models.ServiceRequest.receive(
            hall, ('hotline', 'online', 'wechat')[seed], '测试' + '甲乙丙'[seed],
            'resident_id', validators.generate_resident_id(random.Random(seed)),
            '1390000700%d' % seed, item=item if seed else None,
            matter='咨询企业开办' if not seed else '', notes='<b>下午</b>')
    page.set_viewport_size({'width': 1366, 'height': 900})
    sign_in(page, 'demo-agent')
    page.goto(live_server.url + '/portal/requests')
    assert page.locator('table.service-requests tbody tr').count() == 3
    screenshot(page, 'portal-requests-zh')
    with page.expect_navigation():
        page.click('table.service-requests tbody tr:last-child a')
    with page.expect_navigation():
        page.click('form.request-accept button')
    page.fill('#call-note', '已告知需带身份证')
    with page.expect_navigation():
        page.click('form.request-call button')
    assert page.text_content('#request-status').strip() == '已联系申请人'
    screenshot(page, 'portal-request-contacted-zh')
    assert switch_portal_language(page) == 'en'
    page.select_option('#service-form', 'assisted')
    with page.expect_navigation():
        page.click('form.request-to-case button')
    assert '/portal/cases/' in page.url
    found = (models.ServiceRequest.select()
             .where(models.ServiceRequest.status == 'converted').get())
    case = models.Case.get_by_id(found.case_id)
    body = page.text_content('body')
    assert case.number in body and 'request received' in body
    assert 'applicant called back' in body
    screenshot(page, 'portal-request-case-en')
    page.goto(live_server.url + '/portal/requests?show=all')
    screenshot(page, 'portal-requests-en')


def test_the_api_docs_speak_the_readers_language(page, live_server):
    page.goto(live_server.url + '/api/docs')
    page.wait_for_selector('.opblock-summary-path')
    assert page.text_content('#api-docs-head h1') == '帮办接口'
    assert '接口客户端' in page.text_content('#api-docs-head')
    paths = page.locator('.opblock-summary-path').all_inner_texts()
    assert '/api/v1/requests' in paths and '/api/v1/tickets' in paths
    screenshot(page, 'api-docs-zh')
    assert switch_language(page) == 'en'
    page.wait_for_selector('.opblock-summary-path')
    assert page.text_content('#api-docs-head h1') == 'Bangban API'
    screenshot(page, 'api-docs-en')
    assert page.outside_requests == []
