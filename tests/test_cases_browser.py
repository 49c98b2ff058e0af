"""In a real browser with CSRF on: a 代办 case from the window to the archive."""

import models

from seeds.factories import applicant
from support import screenshot
from pages import sign_in, switch_portal_language
from pages import act, status  # noqa: F401


def flow(page, action):
    form = page.locator('form.flow-form[data-action="%s"]' % action).first
    with page.expect_navigation():
        form.locator('button[type=submit]').click()


def test_single_department_proxy_case_from_window_to_archive(page):
    person = applicant(seed=314)
    item = models.Item.get(models.Item.code == 'RSJ-001')
    sign_in(page, 'demo-agent')
    page.goto(page.base_url + '/portal/cases/new')
    page.fill('#id_number', person.id_number)
    page.fill('#name', person.name)
    page.select_option('#subject', 'item:%d' % item.id)
    page.check('#sf-proxy')
    with page.expect_navigation():
        page.click('form.new-case button[type=submit]')
    assert status(page) == 'consultation'
    case_url = page.url

    act(page, 'screen')
    act(page, 'register')
    assert status(page) == 'registered'
    assert page.locator('.case-due [data-days-left]').count() == 1

    act(page, 'commission', check=['authorization_signed'])  # one letter only
    assert status(page) == 'registered'
    assert page.locator('.alert').first.is_visible()
    act(page, 'commission', check=['authorization_signed', 'commitment_signed'])
    assert status(page) == 'commissioned'
    act(page, 'handover', fill={'handed_by': person.name, 'received_by': '史倩'})
    assert page.locator('.case-handovers li').count() == len(list(item.materials))

    act(page, 'start_handling')
    act(page, 'route')
    flow(page, 'flow_accept')
    flow(page, 'flow_finish')
    today = models.today().isoformat()
    assert page.locator('.case-flows td', has_text=today).count() == 2
    act(page, 'mark_ready')
    screenshot(page, 'case-result-ready-zh')
    act(page, 'deliver', check=['slip_signed'])
    assert status(page) == 'delivered'
    page.locator('form[data-action="evaluate"] select[name="rating"]').select_option('2')
    page.locator('form[data-action="evaluate"] select[name="method"]').select_option('phone')
    act(page, 'evaluate', fill={'caller': '回访员丁', 'comment': '材料退还慢'})
    assert status(page) == 'evaluated'
    act(page, 'archive')
    assert status(page) == 'archived'
    assert page.locator('form.action-form').count() == 0
    screenshot(page, 'case-archived-zh')

    timeline = page.locator('.case-timeline li[data-action]')
    actions = [timeline.nth(i).get_attribute('data-action')
               for i in range(timeline.count())]
    for expected in ('open', 'register', 'commission', 'handover', 'start_handling',
                     'route', 'flow', 'mark_ready', 'deliver', 'evaluate', 'archive'):
        assert expected in actions

    case = models.Case.get(models.Case.applicant == person.id)
    assert case.status == 'archived' and case.follow_ups.count() == 1
    assert case.evaluations.get().caller == '回访员丁'

    switch_portal_language(page)
    page.goto(case_url)
    assert 'Read-only' in page.locator('.case-head').inner_text()
    screenshot(page, 'case-archived-en')
    page.goto(page.base_url + '/portal/cases/follow-ups')
    assert page.locator('tr[data-task]', has_text=case.number).count() == 1
    sign_in(page, 'demo-manager')
    page.goto(page.base_url + '/portal/cases/follow-ups')
    row = page.locator('tr[data-task]', has_text=case.number)
    assert row.get_attribute('data-state') == 'awaiting_callback'
    # The call-back, rectification and verification: test_rectification_browser.py
    screenshot(page, 'follow-ups-zh')
