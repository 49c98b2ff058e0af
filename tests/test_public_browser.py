"""The applicant's pages in a phone-sized headless Chromium (360 × 740).

The receipt QR opens the right case, the rating is stored once, a booked
appointment's QR checks in, guessed codes find nothing; text is large and
has enough contrast (适老化). Screenshots go to test-artifacts/.
"""
import io
import re

import qrcode
import zxingcpp
from PIL import Image

import models
import validators
from pages import PHONE, assert_readable, phone, switch_language
from support import screenshot

ID_NUMBER = '15040219900101123' + validators.id_check_char('15040219900101123')

# Every element with its own text: its font size, and the WCAG contrast of its
# colour against the first opaque background behind it.


def decode(png_bytes):
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))]


def receipt_qr_png(url):
    """The receipt's QR as the kiosk prints it: the absolute progress URL."""
    buffer = io.BytesIO()
    qrcode.make(url).save(buffer, format='PNG')
    return buffer.getvalue()


def demo_case(status, **where):
    return (models.Case.select()
            .where(models.Case.status == status, *where.values())
            .order_by(models.Case.id.desc()).first())


def test_receipt_qr_opens_the_case(page, live_server):
    case = next(c for c in models.Case.select().where(
        models.Case.status == 'in_handling').order_by(models.Case.id.desc())
        if c.flows.count())
    code = case.issue_receipt()
    window = case.window or case.hall.window_for(item=case.item, bundle=case.bundle)
    for _ in range(3):
        models.Ticket.issue(window)
    ticket = models.Ticket.issue(window, case=case)

    [url] = decode(receipt_qr_png(live_server.url + '/p/' + code))
    phone(page).goto(url)
    assert page.text_content('#case-number') == case.number
    assert page.text_content('.queue .ticket') == ticket.label
    body = page.text_content('body')
    assert case.applicant.masked_id in body and case.applicant.id_number not in body
    assert_readable(page)
    screenshot(page, 'public-progress-zh')
    assert switch_language(page) == 'en'
    assert page.text_content('#case-number') == case.number
    assert '3 people are ahead of you' in page.text_content('#queue')
    assert_readable(page)
    screenshot(page, 'public-progress-en')


def test_rating_is_stored_once(page, live_server):
    case = demo_case('delivered')
    url = live_server.url + '/p/' + case.issue_receipt()
    phone(page).goto(url)
    screenshot(page, 'public-rate-zh')
    assert switch_language(page) == 'en'
    other_tab = page.context.new_page()
    other_tab.set_viewport_size(PHONE)
    other_tab.goto(url)
    assert_readable(page)
    screenshot(page, 'public-rate-en')

    page.check('input[name=rating][value="5"]')
    page.fill('textarea[name=comment]', 'Clear and friendly')
    page.click('.rating-form button[type=submit]')
    page.wait_for_selector('.flash-success')
    assert 'Thank you for your rating' in page.text_content('main')
    assert page.locator('input[name=rating]').count() == 0
    screenshot(page, 'public-rated-en')

    other_tab.check('input[name=rating][value="1"]')
    other_tab.click('.rating-form button[type=submit]')
    other_tab.wait_for_selector('.flash-error')
    assert 'already been rated' in other_tab.text_content('.flash-error')
    evaluations = list(models.Evaluation.select().where(
        models.Evaluation.case == case))
    assert [(e.rating, e.method) for e in evaluations] == [(5, 'online')]
    other_tab.close()


def test_booked_appointment_qr_checks_in(page, live_server):
    phone(page).goto(live_server.url + '/book/')
    assert_readable(page)
    screenshot(page, 'public-book-halls-zh')
    page.click('text=云溪县政务服务中心')
    page.fill('input[name=q]', 'sybxj')
    page.click('form.search button')
    page.click('text=失业保险金申领')
    page.wait_for_selector('#booking-form')
    page.wait_for_load_state()
    assert_readable(page)
    screenshot(page, 'public-book-slot-zh')
    assert switch_language(page) == 'en'
    slot = page.locator('input[name=slot]:not([disabled])').first
    value = slot.get_attribute('value')
    slot.check()
    page.fill('input[name=name]', '测试甲')
    wrong = ID_NUMBER[:-1] + ('0' if ID_NUMBER[-1] != '0' else '1')
    page.fill('input[name=id_number]', wrong)
    page.fill('input[name=phone]', '13900005678')
    page.click('#booking-form button[type=submit]')
    page.wait_for_selector('#error')
    assert 'check digit' in page.text_content('#error')
    assert models.Appointment.select().count() == 0
    screenshot(page, 'public-book-error-en')
    page.check('input[name=slot][value="%s"]' % value)
    page.fill('input[name=id_number]', ID_NUMBER)
    page.click('#booking-form button[type=submit]')
    page.wait_for_selector('#appointment-qr')
    page.wait_for_load_state()

    code = page.text_content('#appointment-code').strip()
    [link] = decode(page.locator('#appointment-qr').screenshot())
    assert link == live_server.url + '/book/a/' + code and code.startswith('Y')
    assert page.text_content('#appointment-link').strip() == link
    assert validators.mask_id(ID_NUMBER) in page.text_content('main')
    assert ID_NUMBER not in page.content()
    assert '139****5678' in page.text_content('main')
    assert_readable(page)
    screenshot(page, 'public-appointment-en')
    assert switch_language(page) == 'zh-CN'
    screenshot(page, 'public-appointment-zh')

    appointment = models.Appointment.by_code(code)
    assert '%s:%s' % (appointment.day.isoformat(), appointment.half_day) == value
    ticket = appointment.check_in(today=appointment.day)
    assert ticket.window == appointment.window
    assert models.Appointment.by_code(code).status == 'checked_in'


def test_guessed_codes_find_nothing(page, live_server):
    case = demo_case('registered')
    code = case.issue_receipt()
    phone(page)
    assert page.goto(live_server.url + '/p/' + code).status == 200
    assert page.goto(live_server.url + '/p/' + models.new_code('R')).status == 404
    assert_readable(page)
    screenshot(page, 'public-not-found-zh')
    assert switch_language(page) == 'en'
    assert page.url.endswith('/p/')  # the switch does not echo the code
    assert page.goto(live_server.url + '/p/' + models.new_code('R')).status == 404
    screenshot(page, 'public-not-found-en')

    bodies, statuses = set(), []
    for _ in range(50):
        response = page.goto(live_server.url + '/p/' + models.new_code('R'))
        statuses.append(response.status)
        body = re.sub(r'(csrf_token" value="|csrf-token" content=")[^"]*', r'\1',
                      page.content())
        assert case.number not in body
        if response.status == 404:
            bodies.add(body)
    # Past the limit the answer is "too many requests"; nothing else, ever.
    assert set(statuses) <= {404, 429}
    assert statuses[0] == 404 and len(bodies) == 1
