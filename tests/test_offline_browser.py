"""In Chromium: the kiosk, the desk and the hall screen ride out a server
that goes away and comes back, or an answer lost on its way.

The server and the outage are tests/outages.py's: this module's own
gunicorn, which its tests stop and start on the same address."""
import random

import pytest
from playwright.sync_api import expect

import models
import validators
from pages import desk_window, open_screen, sign_in, switch_language, wedge_scan
from support import screenshot
from outages import (  # noqa: F401 (fixtures used by name)
    KIOSK, OUTAGE_SECONDS, _server, kiosk_browser, outage, steady_server,
    watch_for_error_pages,
)

LOST = {'zh-CN': '与服务器的连接已中断', 'en': 'Connection to the server lost'}


def submit(page, form):
    with page.expect_navigation():
        page.click(form + ' button[type=submit]')


def bind_and_sign_in(page, base, token):
    page.goto(base + '/kiosk/bind')
    page.fill('input[name=username]', 'demo-manager')
    page.fill('input[name=password]', 'bangban-demo')
    page.fill('input[name=token]', token)
    submit(page, 'form:has(input[name=token])')
    page.fill('input[name=username]', 'demo-helper')
    page.fill('input[name=pin]', '2468')
    submit(page, 'form[action$="/kiosk/signin/pin"]')
    page.wait_for_url('**/kiosk/desk')


def to_register_page(page, base, seed, name):
    """Scan a new applicant, open a case, tick every material: the case's
    register page is on screen; returns the applicant's ID number."""
    number = validators.generate_resident_id(random.Random(seed), region='150402')
    wedge_scan(page, number)
    page.fill('input[name=name]', name)
    page.fill('input[name=phone]', '13900004388')
    submit(page, 'form[action$="/kiosk/applicant"]')
    item = models.Item.get(models.Item.code == 'RSJ-001')
    page.goto(base + '/kiosk/items/%d' % item.id)
    submit(page, 'form:not(:has(input[name=then]))[action$="/open"]')
    page.locator('input[data-provided]').evaluate_all(
        'boxes => boxes.forEach(box => { box.checked = true; })')
    submit(page, 'form:has(input[data-provided])')
    page.wait_for_url('**/register')
    return number


@pytest.mark.parametrize('language', ['zh-CN', 'en'])
def test_a_registration_rides_out_the_server_going_away(page, live_server,
                                                        kiosk_on_duty, language):
    kiosk, token = kiosk_on_duty
    page.set_viewport_size(KIOSK)
    errors = watch_for_error_pages(page)
    bind_and_sign_in(page, live_server.url, token)
    if language == 'en':
        switch_language(page)
    number = to_register_page(page, live_server.url, 80 + len(language), '林断网')
    page.check('input[name=service_form] >> nth=0')
    page.check('input[data-green-toggle]')
    page.fill('input[name=green_contact]', '汪翠兰 <b>&')
    register_url = page.url

    live_server.stop()
    page.click('form:has(input[name=service_form]) button[type=submit]')
    banner = page.locator('#steady-banner')
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(LOST[language])
    screenshot(page, 'offline-01-register-retrying-%s' % language)
    # Still the register page, with what the helper entered.
    assert page.url == register_url
    expect(page.locator('input[name=green_contact]')).to_have_value('汪翠兰 <b>&')
    assert page.locator('input[data-green-toggle]').is_checked()
    # Another tap while it retries does not send a second request.
    page.click('form:has(input[name=service_form]) button[type=submit]')

    with page.expect_navigation(timeout=(OUTAGE_SECONDS + 60) * 1000):
        outage(live_server)
    page.wait_for_selector('[data-ticket]')
    screenshot(page, 'offline-02-registered-after-the-outage-%s' % language)
    assert errors == []
    applicant = models.Applicant.get(models.Applicant.id_number == number)
    cases = list(applicant.cases)
    assert len(cases) == 1 and cases[0].status == 'registered'
    assert cases[0].green_contact == '汪翠兰 <b>&'
    assert models.Ticket.select().where(models.Ticket.case == cases[0]).count() == 1
    assert '/kiosk/cases/%d/receipt' % cases[0].id in page.url
    expect(page.locator('#steady-banner')).to_have_count(0)


def test_a_registration_whose_answer_was_lost_is_not_done_twice(page, live_server,
                                                               kiosk_on_duty):
    """The server registers, but its answer never reaches the terminal: the
    form is sent again with its key and shows the first one's result."""
    kiosk, token = kiosk_on_duty
    page.set_viewport_size(KIOSK)
    errors = watch_for_error_pages(page)
    bind_and_sign_in(page, live_server.url, token)
    number = to_register_page(page, live_server.url, 90, '林丢包')
    page.check('input[name=service_form] >> nth=0')
    sent = []

    def lose_the_first_answer(route):
        sent.append(route.request.headers.get('bangban-steady'))
        if len(sent) == 1:
            route.fetch()  # the server does the action ...
            return route.abort('connectionreset')  # ... its answer is lost
        return route.continue_()

    page.route('**/register', lose_the_first_answer)
    with page.expect_navigation():
        page.click('form:has(input[name=service_form]) button[type=submit]')
    page.wait_for_selector('[data-ticket]')
    expect(page.locator('.flash-info')).to_contain_text('此操作已办理过一次')
    screenshot(page, 'offline-07-answer-lost-shown-once')
    assert sent == ['1', '1']
    assert errors == []
    applicant = models.Applicant.get(models.Applicant.id_number == number)
    cases = list(applicant.cases)
    assert len(cases) == 1 and cases[0].status == 'registered'
    assert models.Ticket.select().where(models.Ticket.case == cases[0]).count() == 1


def test_the_desk_calls_once_across_an_outage(page, live_server, demo_app):
    window = desk_window()
    errors = watch_for_error_pages(page)
    sign_in(page)
    page.goto(live_server.url + '/portal/desk/%d' % window.id)
    first = models.Ticket.issue(window)
    models.Ticket.issue(window)
    live_server.stop()
    page.click('button[data-action=call]')
    expect(page.locator('#steady-banner')).to_be_visible()
    screenshot(page, 'offline-03-desk-retrying')
    with page.expect_navigation(timeout=(OUTAGE_SECONDS + 60) * 1000):
        outage(live_server)
    expect(page.locator('[data-ticket="%s"]' % first.label)).to_be_visible()
    assert errors == []
    called = models.Ticket.select().where(models.Ticket.window == window,
                                          models.Ticket.status == 'called')
    assert [t.id for t in called] == [first.id]


def test_the_hall_screen_keeps_its_calls_and_says_it_is_offline(page, live_server, demo_app):
    window = desk_window()
    models.Ticket.issue(window)
    ticket = models.Ticket.call_next(window)
    screen = open_screen(page)
    expect(screen.locator('#now-ticket')).to_have_text(ticket.label)
    live_server.stop()
    expect(screen.locator('#offline')).to_be_visible(timeout=10000)
    expect(screen.locator('#now-ticket')).to_have_text(ticket.label)
    expect(screen.locator('#recent li .ticket').first).to_have_text(ticket.label)
    screenshot(screen, 'offline-04-display-offline')
    outage(live_server, 0)
    expect(screen.locator('#offline')).to_be_hidden(timeout=15000)
    assert screen.errors == []


# --- The service worker: a kiosk rebooted during an outage --------------------

# The language the worker keeps for the offline page (templates/kiosk/sw.js).
KEPT_LANGUAGE = '''async language => {
  for (const name of await caches.keys()) {
    const kept = await (await caches.open(name)).match('/kiosk/offline/zh_Hans_CN?language');
    if (kept && await kept.text() === language) { return true; }
  }
  return false;
}'''


def test_a_kiosk_rebooted_during_an_outage_shows_its_offline_page(
        browser, live_server, kiosk_on_duty, tmp_path):
    kiosk, token = kiosk_on_duty
    profile = str(tmp_path / 'profile')
    context = kiosk_browser(browser, profile, live_server)
    page = context.pages[0]
    bind_and_sign_in(page, live_server.url, token)
    page.wait_for_function('navigator.serviceWorker.controller !== null')
    context.close()  # the terminal is switched off ...

    live_server.stop()  # ... the server goes away, and the terminal restarts
    context = kiosk_browser(browser, profile, live_server)
    page = context.pages[0]
    page.goto(live_server.url + '/kiosk/')
    expect(page.locator('[data-offline-shell] h1')).to_have_text('本终端暂时离线')
    assert page.locator('html').get_attribute('lang') == 'zh-CN'
    # Its look comes from the kiosk's own stylesheet, kept by the worker.
    assert page.evaluate('getComputedStyle(document.querySelector(".kiosk-bar")).display') != 'inline'
    assert page.evaluate('[...document.styleSheets].filter(s => s.cssRules.length).length') >= 2
    screenshot(page, 'offline-05-kiosk-rebooted-offline-zh')

    # The server comes back: the page loads the kiosk again by itself, at
    # its start screen (the reboot ended the helper's session).
    with page.expect_navigation(timeout=60000):
        outage(live_server, 0)
    expect(page.locator('input[name=pin]')).to_be_visible()
    assert page.url == live_server.url + '/kiosk/'

    # In English after the helper switched: the page in that language.
    switch_language(page)
    page.wait_for_function(KEPT_LANGUAGE, arg='en')
    live_server.stop()
    page.reload()
    expect(page.locator('[data-offline-shell] h1')).to_have_text('This terminal is offline')
    assert page.locator('html').get_attribute('lang') == 'en'
    screenshot(page, 'offline-06-kiosk-offline-en')
    with page.expect_navigation(timeout=60000):
        outage(live_server, 0)
    expect(page.locator('form[action$="/kiosk/signin/pin"] button')).to_have_text('Sign in')
    context.close()
    assert context.outside == []
