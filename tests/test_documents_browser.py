"""The document-type choice in a real browser: the kiosk's typed entry at
1080 x 1920 in Chinese and English, the question a scanned travel permit
asks, the portal's new-case form, applicant files and import, booking."""
from datetime import date

import documents as ref
import models
from support import screenshot
from pages import PORTRAIT, assert_readable, assert_touch_targets, follow, phone, switch_language, switch_portal_language, wedge_scan
from pages import sign_in_at_the_kiosk  # noqa: F401


def test_kiosk_typed_entry_in_chinese_and_english(page, live_server, kiosk_on_duty):
    _kiosk, token = kiosk_on_duty
    page.set_viewport_size(PORTRAIT)
    sign_in_at_the_kiosk(page, live_server.url, token)
    assert page.get_attribute('html', 'lang') == 'zh-CN'
    screenshot(page, 'documents-01-desk-zh')
    follow(page, 'a.type-document')
    page.wait_for_url('**/kiosk/document')
    assert page.is_checked('input[name=id_type][value=resident_id]')
    assert not page.is_visible('select[name=nationality]')
    assert_touch_targets(page)
    screenshot(page, 'documents-02-typed-entry-zh')

    # A passport: the nationality is asked, and refused when missing.
    page.check('input[name=id_type][value=passport]')
    assert page.is_visible('select[name=nationality]')
    page.fill('input[name=id_number]', 'x9876543')
    page.click('button:has-text("继续")')
    page.wait_for_selector('#error')
    assert '国籍' in page.text_content('#error')
    screenshot(page, 'documents-03-passport-refused-zh')
    page.select_option('select[name=nationality]', 'DEU')
    page.click('button:has-text("继续")')
    page.wait_for_selector('input[name=name]')
    assert 'X9876543' in page.text_content('.big-number')
    assert '德国' in page.text_content('main')
    screenshot(page, 'documents-04-first-visit-zh')
    page.fill('input[name=name]', 'Test Traveller')
    page.click('button:has-text("继续")')
    page.wait_for_url('**/kiosk/items')
    applicant = models.Applicant.get(models.Applicant.name == 'Test Traveller')
    assert (applicant.id_type, applicant.nationality) == ('passport', 'DEU')
    assert applicant.masked_id in page.text_content('.applicant-strip')

    # English; a scanned Hong Kong permit asks which document it is.
    if page.locator('button:has-text("下一位")').count():
        with page.expect_navigation():
            page.click('button:has-text("下一位")')
    switch_language(page)
    page.goto(live_server.url + '/kiosk/desk')
    assert page.get_attribute('html', 'lang') == 'en'
    screenshot(page, 'documents-05-desk-en')
    wedge_scan(page, ref.hk_macau_permit('M', '70001234', renewals=0))
    page.wait_for_selector('.document-types')
    assert page.locator('input[name=id_type]').count() == 2
    assert_touch_targets(page)
    screenshot(page, 'documents-06-choose-en')
    page.check('input[name=id_type][value=hk_macau_permit]')
    page.click('button:has-text("Continue")')
    page.wait_for_selector('input[name=name]')
    assert 'M70001234' in page.text_content('.big-number')
    screenshot(page, 'documents-07-first-visit-en')
    page.goto(live_server.url + '/kiosk/document')
    assert_touch_targets(page)
    screenshot(page, 'documents-08-typed-entry-en')


def portal_sign_in(page, base, username):
    page.goto(base + '/portal/login')
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', 'bangban-demo')
    with page.expect_navigation():
        page.click('form:has(input[name="password"]) button[type="submit"]')


def test_portal_pages_with_document_types(page, live_server):
    base = live_server.url
    portal_sign_in(page, base, 'demo-manager')
    for lang in ('zh', 'en'):
        page.goto(base + '/portal/cases/new')
        assert page.locator('#id_type option').count() == 8
        screenshot(page, 'documents-portal-new-case-%s' % lang)
        page.goto(base + '/portal/applicants/import')
        screenshot(page, 'documents-portal-import-%s' % lang)
        if lang == 'zh':
            switch_portal_language(page)
    # Open a case for a Taiwan residence permit, recognised from the number.
    permit = ref.residence_permit('830000', date(1970, 7, 1), 5)
    page.goto(base + '/portal/cases/new')
    page.fill('#id_number', permit)
    page.fill('#name', '测试台胞')
    page.select_option('#subject', index=3)
    with page.expect_navigation():
        page.click('button:has-text("Open the case")')
    assert 'Residence permit for Hong Kong, Macau and Taiwan residents' in page.text_content('body')
    screenshot(page, 'documents-portal-case-en')
    page.goto(base + '/portal/applicants/?q=%s' % permit)
    assert 'Residence permit' in page.text_content('table')
    screenshot(page, 'documents-portal-applicants-en')


def test_booking_with_a_passport(page, live_server):
    phone(page).goto(live_server.url + '/book/QL-YX/RSJ-003/')
    page.wait_for_selector('#booking-form')
    assert not page.is_visible('select[name=nationality]')
    page.select_option('select[name=id_type]', 'passport')
    assert page.is_visible('select[name=nationality]')
    assert_readable(page)
    screenshot(page, 'documents-book-passport-zh')
    assert switch_language(page) == 'en'
    page.locator('input[name=slot]:not([disabled])').first.check()
    page.fill('input[name=name]', 'Test Booker')
    page.select_option('select[name=id_type]', 'passport')
    page.fill('input[name=id_number]', 'P7654321')
    page.select_option('select[name=nationality]', 'GBR')
    page.fill('input[name=phone]', '13900005679')
    page.click('#booking-form button[type=submit]')
    page.wait_for_selector('#appointment-qr')
    assert '******21' in page.text_content('main')
    assert 'P7654321' not in page.content()
    screenshot(page, 'documents-book-booked-en')
