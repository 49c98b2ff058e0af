"""From an empty database, in a real browser: a hall manager creates a helper
in the portal, sets a kiosk PIN and issues a badge, sets up and binds a
kiosk, and the helper signs in there by PIN (Chinese) and by scanning the
badge (English). A wrong PIN locks out after as many tries as a password.

The live server runs with CSRF on, on its own empty database (this module's
`live_server` replaces the demo city's)."""
import io
import re

import pytest
import zxingcpp
from PIL import Image

import models
from pages import LANDSCAPE, switch_language, wedge_scan
from support import screenshot

PASSWORD = 'Qiaoshan-river-lantern-7421'
HELPER = ('ts-helper', '林帮办')


@pytest.fixture
def live_server(app, _server):
    """The live server on the empty database of `app`: two halls and a
    manager."""
    city = models.Hall.create(code='TS', name='测试市政务服务中心', level='city')
    county = models.Hall.create(code='TS-A', name='测试县政务服务中心',
                                level='county', parent=city)
    manager = models.User(username='ts-manager', name='王主任',
                          role='hall_manager', hall=county)
    manager.set_password(PASSWORD)
    manager.save()
    return _server


def submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


def portal_sign_in(page, username='ts-manager', password=PASSWORD):
    page.goto(page.base_url + '/portal/login')
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    submit(page, 'form:has(input[name="password"]) button[type="submit"]')


def switch_portal_language(page):
    submit(page, '.navbar form:has(input[name="next"]) button')


def create_helper(page):
    """The manager adds the helper's account with the account form."""
    page.goto(page.base_url + '/portal/users/new/')
    page.fill('#username', HELPER[0])
    page.fill('#name', HELPER[1])
    page.select_option('#role', 'helper')
    page.select_option('#hall', label='测试县政务服务中心')
    page.fill('#password', PASSWORD)
    submit(page, 'form.admin-form input[type="submit"].btn-primary')
    assert page.locator('.alert-danger').count() == 0, page.content()
    return models.User.get(models.User.username == HELPER[0])


def open_kiosk_sign_in(page, helper):
    """From the account list, the helper's PIN and badge page."""
    page.goto(page.base_url + '/portal/users/')
    row = page.locator('tr:has-text("%s")' % helper.username)
    assert row.locator('[data-credential]').count() == 2
    submit(page, 'a[href*="/portal/users/kiosk/?id=%d"]' % helper.id)


def issue_badge(page):
    """Issue the badge; its print page shows the QR once. Returns the code."""
    submit(page, '[data-action="issue-badge"]')
    card = page.locator('[data-card="badge"]')
    assert HELPER[1] in card.inner_text() and '测试县政务服务中心' in card.inner_text()
    image = Image.open(io.BytesIO(page.locator('[data-qr]').screenshot()))
    [code] = [r.text for r in zxingcpp.read_barcodes(image)]
    return code


def set_up_kiosk(page):
    """The manager records the terminal and issues its device token."""
    page.goto(page.base_url + '/portal/kiosks/new/')
    page.select_option('#hall', label='测试县政务服务中心')
    page.fill('#name', '一楼自助终端')
    submit(page, 'form.admin-form input[type="submit"].btn-primary')
    submit(page, '.token-form button')
    return page.inner_text('#token').strip()


def bind(page, token):
    """At the terminal: the manager binds it with the device token."""
    page.goto(page.base_url + '/kiosk/')
    assert page.url.endswith('/kiosk/bind')
    page.fill('input[name=username]', 'ts-manager')
    page.fill('input[name=password]', PASSWORD)
    page.fill('input[name=token]', token)
    submit(page, 'form.stack button[type=submit]')
    assert page.url.endswith('/kiosk/')


def pin_sign_in(page, pin):
    page.fill('input[name=username]', HELPER[0])
    page.fill('input[name=pin]', pin)
    submit(page, 'form:has(input[name=pin]) button[type=submit]')


def kiosk_sign_out(page):
    submit(page, '.kiosk-bar form button')


def tries_until_locked(attempt, username):
    """How many wrong attempts lock the account."""
    for tries in range(1, models.User.MAX_FAILURES + 3):
        attempt()
        if models.User.get(models.User.username == username).is_locked():
            return tries
    return None


def test_helper_signs_in_by_pin_and_a_wrong_pin_locks_out(page, live_server):
    page.set_viewport_size({'width': 1366, 'height': 900})
    portal_sign_in(page)
    # No public address is set: the manager is told on every page.
    assert page.locator('.portal-notice:has-text("PUBLIC_URL")').count() == 1
    helper = create_helper(page)
    assert helper.role == 'helper' and not helper.pin_hash
    screenshot(page, 'credentials-01-accounts-zh')

    open_kiosk_sign_in(page, helper)
    assert page.locator('[data-section=pin] [data-state=none]').count() == 1
    screenshot(page, 'credentials-02-kiosk-sign-in-zh')

    # A PIN that is too easy is refused, and says why.
    page.fill('#pin', '1234')
    submit(page, '[data-action="set-pin"]')
    assert '太容易' in page.inner_text('.alert-danger')
    assert not models.User.get_by_id(helper.id).pin_hash
    page.fill('#pin', '2580')
    submit(page, '[data-action="set-pin"]')
    assert page.inner_text('#pin') == '2580'
    screenshot(page, 'credentials-03-pin-shown-once-zh')
    submit(page, 'a.btn-primary')  # back to the account's kiosk sign-in
    assert page.locator('[data-section=pin] [data-state=set]').count() == 1
    assert '2580' not in page.content()
    issue_badge(page)
    screenshot(page, 'credentials-04-badge-print-zh')
    audit = [e.action for e in models.AuditLog.select().where(
        models.AuditLog.record_id == str(helper.id))]
    assert 'pin' in audit and 'badge' in audit

    token = set_up_kiosk(page)
    bind(page, token)
    pin_sign_in(page, '2580')
    assert page.url.endswith('/kiosk/desk')
    assert HELPER[1] in page.inner_text('.kiosk-bar')
    # The terminal reaches the server on 127.0.0.1: its helper is warned.
    warning = page.locator('[data-link-warning]')
    assert warning.is_visible() and '127.0.0.1' in warning.inner_text()
    page.set_viewport_size(LANDSCAPE)
    screenshot(page, 'credentials-05-kiosk-desk-warning-zh')
    page.emulate_media(media='print')
    assert not warning.is_visible()  # never on paper
    page.emulate_media(media='screen')
    kiosk_sign_out(page)

    # Wrong PINs lock the account after as many tries as wrong passwords.
    def wrong_pin():
        pin_sign_in(page, '1357')
    pin_tries = tries_until_locked(wrong_pin, HELPER[0])
    assert pin_tries == models.User.MAX_FAILURES
    assert '锁定' in page.inner_text('.flash-error')
    pin_sign_in(page, '2580')  # the right PIN, but locked
    assert page.url.endswith('/kiosk/')
    assert '锁定' in page.inner_text('.flash-error')

    second = models.User(username='ts-agent', name='赵代办', role='agent',
                         hall=helper.hall)
    second.set_password(PASSWORD)
    second.save()
    portal_page = page.context.new_page()
    portal_page.base_url = page.base_url

    def wrong_password():
        portal_sign_in(portal_page, 'ts-agent', 'not-' + PASSWORD)
    assert tries_until_locked(wrong_password, 'ts-agent') == pin_tries
    portal_page.close()

    # A new PIN from the manager unlocks the helper.
    portal_sign_in(page)
    open_kiosk_sign_in(page, helper)
    assert page.locator('[data-locked]').count() == 1
    submit(page, '[data-action="generate-pin"]')
    pin = page.inner_text('#pin')
    assert re.fullmatch(r'[0-9]{6}', pin)
    page.goto(page.base_url + '/kiosk/')
    pin_sign_in(page, pin)
    assert page.url.endswith('/kiosk/desk')


def test_helper_signs_in_by_scanning_the_badge(page, live_server):
    page.set_viewport_size({'width': 1366, 'height': 900})
    portal_sign_in(page)
    switch_portal_language(page)
    assert 'Sign out' in page.inner_text('.navbar')
    helper = create_helper(page)
    screenshot(page, 'credentials-01-accounts-en')
    open_kiosk_sign_in(page, helper)
    screenshot(page, 'credentials-02-kiosk-sign-in-en')
    submit(page, '[data-action="generate-pin"]')
    assert re.fullmatch(r'[0-9]{6}', page.inner_text('#pin'))
    assert 'shown only now' in page.inner_text('.alert-warning:not(.portal-notice)')
    screenshot(page, 'credentials-03-pin-shown-once-en')
    submit(page, 'a.btn-primary')

    first = issue_badge(page)
    page.go_back()
    page.reload()
    assert page.locator('[data-section=badge] [data-state=issued]').count() == 1
    code = issue_badge(page)  # a second badge: the first stops working
    assert code != first and code.startswith('B')
    assert 'shown only this once' in page.inner_text('.credential-note')
    screenshot(page, 'credentials-04-badge-print-en')
    page.emulate_media(media='print')
    assert not page.locator('.credential-note').is_visible()
    assert not page.locator('.toolbar').is_visible()
    page.emulate_media(media='screen')

    token = set_up_kiosk(page)
    bind(page, token)
    page.set_viewport_size(LANDSCAPE)
    switch_language(page)
    wedge_scan(page, first)  # the replaced badge
    assert page.url.endswith('/kiosk/')
    assert 'This badge cannot sign in' in page.inner_text('.flash-error')
    wedge_scan(page, code)
    assert page.url.endswith('/kiosk/desk')
    assert HELPER[1] in page.inner_text('.kiosk-bar')
    screenshot(page, 'credentials-05-kiosk-desk-warning-en')
    failures = models.AuditLog.select().where(
        models.AuditLog.action == 'kiosk_signin_fail').count()
    assert failures == 1
