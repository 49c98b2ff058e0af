"""The kiosk in headless Chromium, as a helper uses it: bind the terminal, sign
in, scan as a wedge scanner types, screen, register, print; portrait and
landscape screens; touch targets; nothing loaded from outside the server."""
import random
import re

import models
import validators
from pages import LANDSCAPE, PORTRAIT, assert_touch_targets, follow, press_enter, switch_language, use_english, wedge_scan
from support import screenshot

MM = 72 / 25.4  # PDF points per millimetre


def next_applicant(page):
    """Done with this applicant: back to the scan field, emptied."""
    page.click('button:has-text("Done: next applicant")')
    page.wait_for_url('**/kiosk/desk')
    assert page.locator('.applicant-strip').count() == 0


def both_orientations(page, name):
    """Screenshots at the two kiosk screen shapes, and touch targets in each."""
    for size, label in ((PORTRAIT, 'portrait'), (LANDSCAPE, 'landscape')):
        page.set_viewport_size(size)
        assert_touch_targets(page)
        screenshot(page, '%s-%s' % (name, label))
    page.set_viewport_size(LANDSCAPE)


def paper_screenshot(page, paper, name):
    """The printed sheet alone, as it will come out of the printer."""
    screenshot(page.locator('[data-paper=%s]' % paper).first, name)


def decode_printed_qr(page):
    """Read the QR on the sheet back with the kiosk's own decoder (print
    pages do not load it: they scan nothing)."""
    page.add_script_tag(url='/static/vendor/jsqr/jsQR.js')
    return page.evaluate('''() => new Promise((resolve) => {
        const svg = document.querySelector('[data-qr] svg');
        const image = new Image();
        image.onload = () => {
            const canvas = document.createElement('canvas');
            canvas.width = canvas.height = 480;
            const context = canvas.getContext('2d');
            context.fillStyle = '#fff';
            context.fillRect(0, 0, 480, 480);
            context.drawImage(image, 0, 0, 480, 480);
            resolve(window.BangbanKiosk.decode(
                context.getImageData(0, 0, 480, 480)));
        };
        image.src = 'data:image/svg+xml;base64,' +
            btoa(new XMLSerializer().serializeToString(svg));
    })''')


def pdf_page_width_mm(page):
    """The width of the first page Chromium prints, honouring CSS @page."""
    data = page.pdf(prefer_css_page_size=True, print_background=True)
    box = re.search(rb'/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]', data)
    return float(box.group(1)) / MM


def book_for_today(window, target, applicant, name=None):
    """An appointment booked earlier for today (Appointment.book only books
    from tomorrow on) with the applicant's document, with its code."""
    code = models.new_code('Y')
    document = validators.Document(applicant.id_type, applicant.id_number,
                                   applicant.nationality)
    models.set_identity_key('live-test-secret')  # the live server's key
    try:
        id_digest = models.document_digest(document)
    finally:
        models.set_identity_key('test-secret')
    appointment = models.Appointment.create(
        hall=window.hall_id, item=target, window=window,
        day=models.today(), half_day='am', name=name or applicant.name,
        id_type=document.type, id_digest=id_digest,
        id_masked=applicant.masked_id, phone='13900004323',
        code_hash=models.digest(code))
    return appointment, code


def item(code):
    """A catalogue item by code."""
    return models.Item.get(models.Item.code == code)


def test_helper_registers_proxy_incomplete_and_out_of_scope_cases(
        page, live_server, kiosk_on_duty):
    kiosk, token = kiosk_on_duty
    rng = random.Random(4)
    page.set_viewport_size(LANDSCAPE)

    # A fresh terminal goes to the binding page; a manager binds it.
    use_english(page, live_server.url)
    page.goto(live_server.url + '/kiosk/')
    assert page.url.endswith('/kiosk/bind')
    page.fill('input[name=username]', 'demo-manager')
    page.fill('input[name=password]', 'bangban-demo')
    page.click('input[name=token]')
    page.keyboard.type(token)
    assert_touch_targets(page)
    screenshot(page, 'kiosk-01-bind')
    page.click('button:has-text("Bind")')
    page.wait_for_url('**/kiosk/')
    cookie = next(c for c in page.context.cookies() if c['name'] == 'bangban_kiosk')
    assert cookie['httpOnly'] and cookie['path'] == '/kiosk'
    switch_language(page)  # binding started a fresh session

    # The start screen names the hall and the helper on duty.
    assert kiosk.hall.name in page.inner_text('header')
    assert kiosk.helper_on_duty().name in page.inner_text('.on-duty')
    both_orientations(page, 'kiosk-02-start')

    # Sign in with account and PIN.
    page.fill('input[name=username]', 'demo-helper')
    page.fill('input[name=pin]', '2468')
    page.click('button:has-text("Sign in")')
    page.wait_for_url('**/kiosk/desk')
    both_orientations(page, 'kiosk-03-desk')

    # Something that is not ours: a clear message, nothing else.
    applicants = models.Applicant.select().count()
    wedge_scan(page, 'hello-world')
    assert page.locator('.flash-error').is_visible()
    assert models.Applicant.select().count() == applicants

    # --- 1. A proxy (代办) case, complete. A wedge scanner types the ID.
    person = validators.generate_resident_id(rng, region='150402')
    wedge_scan(page, person)
    page.fill('input[name=name]', '林小满')
    page.fill('input[name=phone]', '13900004321')
    assert_touch_targets(page)
    screenshot(page, 'kiosk-04-new-applicant')
    page.click('button:has-text("Continue")')
    page.fill('input[name=q]', 'cxjmjbylbx')  # 城乡居民基本养老保险
    press_enter(page)
    both_orientations(page, 'kiosk-05-items')
    follow(page, 'a.choice:has-text("城乡居民基本养老保险待遇申领")')
    assert_touch_targets(page)
    screenshot(page, 'kiosk-06-item')
    follow(page, 'button:has-text("Check the materials")')
    for box in page.locator('input[data-provided]').all():
        box.check()
    both_orientations(page, 'kiosk-07-screen')
    page.click('button:has-text("Continue")')
    page.check('input[name=service_form][value=proxy]')
    both_orientations(page, 'kiosk-08-register')
    # Registering prints the receipt with the ticket at once.
    follow(page, 'button:has-text("Register and print the ticket")')
    ticket = page.inner_text('[data-ticket]')
    assert re.fullmatch(r'D\d{3}', ticket)
    both_orientations(page, 'kiosk-09-registered')

    case = (models.Case.select().where(models.Case.item == item('RSJ-002'))
            .order_by(models.Case.id.desc()).get())
    assert case.status == 'registered' and case.service_form == 'proxy'
    assert case.tickets.get().label == ticket

    # It printed itself on arrival; back on the case, the receipt is printed
    # again (here to a PDF) from its button.
    follow(page, 'a:has-text("Back")')
    follow(page, 'a:has-text("Print the receipt")')
    assert page.inner_text('[data-paper=receipt] [data-ticket]') == ticket
    assert case.number in page.inner_text('[data-paper=receipt]')
    assert page.locator('[data-qr] svg').count() == 1
    # The printed QR leads to the progress page of this very case.
    url = decode_printed_qr(page)
    assert url == page.inner_text('[data-receipt-url]').strip()
    assert url.startswith(live_server.url + '/p/R')
    assert models.Case.by_receipt(url.rsplit('/', 1)[1]) == case
    paper_screenshot(page, 'receipt', 'kiosk-10-receipt')
    assert 79 <= pdf_page_width_mm(page) <= 81
    follow(page, 'a:has-text("Back")')
    follow(page, 'a:has-text("Print the application form")')
    form = page.inner_text('[data-paper=application] >> nth=0')
    assert '林小满' in form and case.item_name in form
    paper_screenshot(page, 'application', 'kiosk-11-application-form')
    assert 209 <= pdf_page_width_mm(page) <= 211
    follow(page, 'a:has-text("Back")')
    next_applicant(page)

    # --- 2. An incomplete case: one-time notice, later resumed by its receipt.
    enterprise = validators.generate_credit_code(rng)
    wedge_scan(page, enterprise)
    page.fill('input[name=name]', '云溪演示物流有限公司')
    page.fill('input[name=contact_name]', '周演示')
    page.click('button:has-text("Continue")')
    page.fill('input[name=q]', '租赁住房')
    press_enter(page)
    follow(page, 'a.choice:has-text("住房公积金提取")')
    page.click('button:has-text("Check the materials")')
    page.locator('input[data-provided]').first.check()
    follow(page, 'button:has-text("Continue")')
    assert page.locator('.status-awaiting_materials').is_visible()
    assert_touch_targets(page)
    screenshot(page, 'kiosk-12-awaiting')
    follow(page, 'a:has-text("Print the one-time notice")')
    notice = page.inner_text('[data-paper=notice]')
    waiting = (models.Case.select().where(models.Case.item == item('GJJ-002'))
               .order_by(models.Case.id.desc()).get())
    missing = waiting.missing_materials()
    assert missing and all(m.name in notice for m in missing)
    assert page.locator('[data-missing]').count() == len(missing)
    paper_screenshot(page, 'notice', 'kiosk-13-notice')
    receipt_url = page.inner_text('[data-receipt-url]').strip()
    assert receipt_url.startswith(live_server.url + '/p/R')
    follow(page, 'a:has-text("Back")')
    next_applicant(page)

    # The applicant comes back: the notice's QR carries the receipt URL.
    wedge_scan(page, receipt_url)
    assert '/supply' in page.url
    assert_touch_targets(page)
    screenshot(page, 'kiosk-14-supply')
    for box in page.locator('input[name=supplied]').all():
        box.check()
    page.click('button:has-text("Continue")')
    page.check('input[name=service_form][value=assisted]')
    follow(page, 'button:has-text("Register and print the ticket")')
    assert re.fullmatch(r'F\d{3}', page.inner_text('[data-ticket]'))
    assert models.Case.get_by_id(waiting.id).status == 'registered'
    next_applicant(page)

    # --- 3. Out of scope: refused with the reason and the unit to go to.
    applicant = models.Applicant.find_or_create(
        'person', validators.generate_resident_id(rng, region='150402'),
        '韩演示', '13900004322')
    wedge_scan(page, applicant.issue_card())
    follow(page, 'a.chip[href$="category=civil_affairs"]')
    follow(page, 'a.choice:has-text("结婚登记")')
    page.click('button:has-text("Not in scope: refuse")')
    page.fill('textarea[name=reason]', '双方户籍均不在本县，婚姻登记须到一方常住户口所在地办理。')
    page.fill('input[name=refer_to]', '一方常住户口所在地婚姻登记机关')
    assert_touch_targets(page)
    screenshot(page, 'kiosk-15-refuse')
    page.click('button:has-text("Refuse and print the notice")')
    page.wait_for_selector('.status-refused')
    refused = applicant.cases.get()
    assert refused.status == 'refused'
    assert refused.refer_to == '一方常住户口所在地婚姻登记机关'
    follow(page, 'a:has-text("Print the refusal notice")')
    assert refused.refer_to in page.inner_text('[data-paper=refusal]')
    paper_screenshot(page, 'refusal', 'kiosk-16-refusal-notice')


def test_appointment_scan_gives_priority_and_idle_signs_out(
        page, live_server, kiosk_on_duty, demo_app):
    kiosk, token = kiosk_on_duty
    applicant = models.Applicant.find_or_create(
        'person', validators.generate_resident_id(random.Random(9), region='150402'),
        '许演示', '13900004323')
    target = item('RSJ-001')
    window = kiosk.hall.window_for(item=target)
    appointment, code = book_for_today(window, target, applicant, name='许演')

    page.set_viewport_size(LANDSCAPE)
    page.goto(live_server.url + '/kiosk/bind')
    page.fill('input[name=username]', 'demo-city')
    page.fill('input[name=password]', 'bangban-demo')
    page.fill('input[name=token]', token)
    page.click('button:has-text("绑定")')
    page.wait_for_url('**/kiosk/')
    page.fill('input[name=username]', 'demo-helper')
    page.fill('input[name=pin]', '2468')
    page.click('button:has-text("登录")')
    page.wait_for_url('**/kiosk/desk')
    # Bound and signed in in Chinese (the default); then in English the
    # helper stays signed in and the scan field keeps focus.
    page.click('.lang button')
    page.wait_for_selector('text=Scan the applicant')
    both_orientations(page, 'kiosk-17-desk-en')

    # The appointment page's URL, as its QR code carries it.
    wedge_scan(page, '%s/book/%s' % (live_server.url, code))
    # What was booked, to check against the document the applicant holds.
    assert page.inner_text('#booked-name') == '许演'
    both_orientations(page, 'kiosk-17b-appointment-check-en')
    wedge_scan(page, applicant.id_number)
    assert target.full_name in page.inner_text('h1'), page.inner_text('main')
    # The file is the document's; the name typed when booking differs.
    assert 'Booked under the name 许演' in page.inner_text('main')
    both_orientations(page, 'kiosk-17c-appointment-name-differs-en')
    follow(page, 'button:has-text("Check the materials")')
    for box in page.locator('input[data-provided]').all():
        box.check()
    page.click('button:has-text("Continue")')
    page.check('input[name=green]')
    page.fill('input[name=green_contact]', '汪翠兰')
    page.click('button:has-text("Register and print the ticket")')
    page.wait_for_selector('[data-ticket]')
    both_orientations(page, 'kiosk-18-appointment-registered-en')
    case = applicant.cases.get()
    ticket = case.tickets.get()
    assert ticket.priority == models.PRIORITY_GREEN
    assert ticket.window_id == appointment.window_id
    assert models.Appointment.get_by_id(appointment.id).status == 'checked_in'

    # Idle: the terminal returns to its start screen, signed out, emptied.
    page.clock.install()
    page.reload()
    page.clock.fast_forward((demo_app.config['KIOSK_IDLE_SECONDS'] + 1) * 1000)
    page.wait_for_url('**/kiosk/')
    assert page.locator('input[name=pin]').is_visible()
    page.goto(live_server.url + '/kiosk/cases/%d' % case.id)
    assert page.url.endswith('/kiosk/')


def test_camera_decoder_reads_a_qr_code(page, live_server, kiosk_on_duty):
    """The camera path decodes frames with the vendored jsQR."""
    import base64
    import io

    import qrcode
    kiosk, token = kiosk_on_duty
    use_english(page, live_server.url)
    page.goto(live_server.url + '/kiosk/bind')
    page.fill('input[name=username]', 'demo-manager')
    page.fill('input[name=password]', 'bangban-demo')
    page.fill('input[name=token]', token)
    page.click('button:has-text("Bind")')
    page.wait_for_url('**/kiosk/')
    payload = 'Y' + 'a' * 22
    png = io.BytesIO()
    qrcode.make(payload, box_size=8).save(png)
    data_uri = 'data:image/png;base64,' + base64.b64encode(png.getvalue()).decode()
    decoded = page.evaluate('''(src) => new Promise((resolve) => {
        const img = new Image();
        img.onload = () => {
            const canvas = document.createElement('canvas');
            canvas.width = img.width; canvas.height = img.height;
            const context = canvas.getContext('2d');
            context.drawImage(img, 0, 0);
            resolve(window.BangbanKiosk.decode(
                context.getImageData(0, 0, img.width, img.height)));
        };
        img.src = src;
    })''', data_uri)
    assert decoded == payload
