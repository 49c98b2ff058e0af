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
from conftest import screenshot

PHONE = {'width': 360, 'height': 740}
ID_NUMBER = '15040219900101123' + validators.id_check_char('15040219900101123')

# Every element with its own text: its font size, and the WCAG contrast of its
# colour against the first opaque background behind it.
READABILITY_JS = r"""
() => {
  const rgba = (s) => (s.match(/[\d.]+/g) || ['0', '0', '0', '0']).map(Number)
    .concat([1]).slice(0, 4);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0.99) return c;
    }
    return [255, 255, 255, 1];
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const rows = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].filter((n) => n.nodeType === 3)
      .map((n) => n.textContent.trim()).join('');
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
    const bg = background(el);
    let fg = rgba(style.color);
    fg = [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    rows.push({tag: el.tagName.toLowerCase(), text: own.slice(0, 30),
               size: parseFloat(style.fontSize),
               contrast: (hi + 0.05) / (lo + 0.05)});
  }
  return {rows, body: parseFloat(getComputedStyle(document.body).fontSize),
          width: document.documentElement.scrollWidth};
}
"""


def assert_readable(page):
    """Body and every text at least 18 px, contrast at least 4.5:1, no sideways scroll."""
    found = page.evaluate(READABILITY_JS)
    assert found['body'] >= 18
    assert found['width'] <= PHONE['width'], 'the page scrolls sideways'
    paragraphs = [r for r in found['rows'] if r['tag'] == 'p']
    assert paragraphs
    small = [r for r in found['rows'] if r['size'] < 18]
    assert small == [], small
    faint = [r for r in found['rows'] if r['contrast'] < 4.5]
    assert faint == [], faint


def phone(page):
    page.set_viewport_size(PHONE)
    return page


def switch_language(page):
    """Press the language switch (Chinese ↔ English); returns the new language."""
    before = page.get_attribute('html', 'lang')
    page.click('form.lang button')
    page.wait_for_function('document.documentElement.lang != %r' % before)
    page.wait_for_load_state()
    return page.get_attribute('html', 'lang')


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
