"""A bilingual hall (蒙汉双语) in headless Chromium: the call screen at
1920×1080, the kiosk at 1080×1920 with its receipt, the progress page at
360×740; Mongolian in vertical columns beside the Chinese, in the vendored
font, letters joined; axe-core finds nothing serious."""
import datetime
import random
import re

import models
import validators
from pages import PHONE, PORTRAIT, follow, press_enter, switch_language, wedge_scan
from seeds import factories
from support import screenshot
from pages import axe_violations
from bilingual_hall import TOWN, assert_vertical_and_loaded

DISPLAY = {'width': 1920, 'height': 1080}


def town():
    return models.Hall.get(models.Hall.code == TOWN)


def window(number):
    return models.Window.get(models.Window.hall == town(),
                             models.Window.number == number)


def test_the_call_screen_of_a_bilingual_hall(page, live_server):
    models.Ticket.issue(window(1))
    agent = models.User.get(models.User.username == 'demo-city')
    models.Ticket.issue(window(2))
    models.Ticket.call_next(window(2), agent)
    page.set_viewport_size(DISPLAY)
    page.goto(live_server.url + '/display/' + TOWN)
    screenshot(page, 'mongolian-display-zh')
    assert page.get_attribute('html', 'lang') == 'zh-CN'
    assert town().name_mn in page.inner_text('.display-bar h1')
    assert_vertical_and_loaded(page, 6)
    assert axe_violations(page) == []
    screenshot(page, 'mongolian-display-zh')
    # A call made while the screen is up arrives with its Mongolian.
    models.Ticket.call_next(window(1), agent)
    page.wait_for_function(
        "() => document.querySelectorAll('#now-mn .mn').length === 2 && "
        "document.getElementById('now-mn').textContent.includes('1 ᠳ᠋ᠤᠭᠠᠷ')")
    assert window(1).name_mn in page.inner_text('#now-mn')
    assert page.locator('#windows li .mn').count() == 2
    assert switch_language(page) == 'en'
    assert 'Now calling' in page.inner_text('.now h2')
    assert_vertical_and_loaded(page, 6)
    screenshot(page, 'mongolian-display-en')
    # A hall that is not bilingual asks for no Mongolian font at all.
    fonts = []
    page.on('request', lambda request: fonts.append(request.url)
            if 'noto-sans-mongolian' in request.url else None)
    page.goto(live_server.url + '/display/QL-YX')
    assert page.locator('.mn').count() == 0 and fonts == []


def test_the_kiosk_and_receipt_of_a_bilingual_hall(page, live_server):
    kiosk = models.Kiosk.get(models.Kiosk.hall == town())
    on_duty = models.Agent.get(models.Agent.name == '汪晓东')
    start = models.now() - datetime.timedelta(minutes=5)
    models.Shift.create(kiosk=kiosk, helper=on_duty, starts_at=start,
                        ends_at=start + datetime.timedelta(hours=2))
    factories.user('mn-helper', role='helper', hall_=TOWN, pin='2580',
                   agent_name='测试蒙汉帮办员')
    page.set_viewport_size(PORTRAIT)
    page.goto(live_server.url + '/kiosk/bind')
    page.fill('input[name=username]', 'demo-city')
    page.fill('input[name=password]', 'bangban-demo')
    page.fill('input[name=token]', kiosk.issue_token())
    with page.expect_navigation():
        page.click('form:has(input[name=token]) button[type=submit]')
    assert page.get_attribute('html', 'lang') == 'zh-CN'
    assert town().name_mn in page.inner_text('.welcome h1')
    assert_vertical_and_loaded(page, 4)
    assert axe_violations(page) == []
    screenshot(page, 'mongolian-kiosk-start-zh')

    page.fill('input[name=username]', 'mn-helper')
    page.fill('input[name=pin]', '2580')
    with page.expect_navigation():
        page.click('form:has(input[name=pin]) button[type=submit]')
    assert switch_language(page) == 'en'
    person = validators.generate_resident_id(random.Random(13), region='150402')
    wedge_scan(page, person)
    page.fill('input[name=name]', '巴特尔')
    page.fill('input[name=phone]', '13900004322')
    follow(page, 'button:has-text("Continue")')
    page.fill('input[name=q]', '社会保障卡')
    press_enter(page)
    item = models.Item.get(models.Item.code == 'RSJ-005')
    assert item.name_mn in page.inner_text('a.choice:has-text("社会保障卡申领")')
    assert_vertical_and_loaded(page, 2)
    screenshot(page, 'mongolian-kiosk-items-en')
    follow(page, 'a.choice:has-text("社会保障卡申领")')
    follow(page, 'button:has-text("Check the materials")')
    for box in page.locator('input[data-provided]').all():
        box.check()
    follow(page, 'button:has-text("Continue")')
    page.check('input[name=service_form][value=assisted]')
    follow(page, 'button:has-text("Register and print the ticket")')
    ticket = page.inner_text('[data-ticket]')
    receipt = page.locator('[data-paper=receipt]')
    text = receipt.inner_text()
    assert town().name_mn in text and item.name_mn in text
    assert 'ᠳᠠᠷᠠᠭᠠᠯᠠᠯ\u202fᠤᠨ ᠳ᠋ᠤᠭᠠᠷ' in text  # Queue ticket
    assert 'Queue ticket' in text and '社会保障卡申领' in text
    assert_vertical_and_loaded(page, 8)
    assert axe_violations(page) == []
    screenshot(receipt, 'mongolian-receipt-en')
    screenshot(page, 'mongolian-kiosk-receipt-en')
    url = page.inner_text('[data-receipt-url]').strip()
    assert re.match(r'.*/p/R', url) and ticket

    # The applicant's phone: the progress page of that receipt (this
    # browser is still in English).
    page.set_viewport_size(PHONE)
    page.goto(url)
    assert page.get_attribute('html', 'lang') == 'en'
    assert 'Case number' in page.inner_text('.status-card')
    assert town().name_mn in page.inner_text('.status-card')
    assert_vertical_and_loaded(page, 4)
    width = page.evaluate('document.documentElement.scrollWidth')
    assert width <= PHONE['width'], 'the page scrolls sideways'
    assert axe_violations(page) == []
    screenshot(page, 'mongolian-progress-en')
    assert switch_language(page) == 'zh-CN'
    assert '案件编号' in page.inner_text('.status-card')
    assert_vertical_and_loaded(page, 4)
    screenshot(page, 'mongolian-progress-zh')
