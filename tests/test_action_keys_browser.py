"""The kiosk's open-case flow in Chromium with action keys: a double tap on
"Check the materials" opens one case and lands on its screening page."""
import random

import models
import validators
from support import screenshot
from pages import LANDSCAPE, follow, switch_language, use_english, wedge_scan


def test_a_double_tap_on_open_case_opens_one_case(page, live_server, kiosk_on_duty):
    kiosk, token = kiosk_on_duty
    page.set_viewport_size(LANDSCAPE)
    use_english(page, live_server.url)
    page.goto(live_server.url + '/kiosk/bind')
    page.fill('input[name=username]', 'demo-manager')
    page.fill('input[name=password]', 'bangban-demo')
    page.fill('input[name=token]', token)
    page.click('button:has-text("Bind")')
    page.wait_for_url('**/kiosk/')
    switch_language(page)
    page.fill('input[name=username]', 'demo-helper')
    page.fill('input[name=pin]', '2468')
    page.click('button:has-text("Sign in")')
    page.wait_for_url('**/kiosk/desk')

    number = validators.generate_resident_id(random.Random(40), region='150402')
    wedge_scan(page, number)
    page.fill('input[name=name]', '林双击')
    page.fill('input[name=phone]', '13900004322')
    follow(page, 'button:has-text("Continue")')
    item = models.Item.get(models.Item.code == 'RSJ-001')
    page.goto(live_server.url + '/kiosk/items/%d' % item.id)
    screenshot(page, 'action-key-01-item')
    page.dblclick('button:has-text("Check the materials")')
    page.wait_for_url('**/screen')
    page.wait_for_load_state()
    applicant = models.Applicant.get(models.Applicant.id_number == number)
    cases = list(applicant.cases)
    assert len(cases) == 1
    assert page.url.endswith('/kiosk/cases/%d/screen' % cases[0].id)
    assert page.locator('input[data-provided]').count() > 0
    screenshot(page, 'action-key-02-screen')
