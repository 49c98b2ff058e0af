"""What browser tests do in a page, shared by several test modules: sign in
to the portal, open the hall screen, read public pages on a phone, and use
the kiosk's scanner and touch screen."""
import io
import json
import pathlib

from openpyxl import load_workbook

import models
from support import ROOT


# --- The portal and the hall screen -----------------------------------------

def sign_in(page, username='demo-agent'):
    """Sign in through the real login form (the live server has CSRF on)."""
    page.goto(page.base_url + '/portal/login')
    page.fill('input[name=username]', username)
    page.fill('input[name=password]', 'bangban-demo')
    page.click('main form button[type=submit]')
    page.wait_for_url(lambda url: '/portal/login' not in url)


def desk_window():
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    return models.Window.get(models.Window.hall == hall,
                             models.Window.number == 1)


def open_screen(page, script=None):
    """The hall screen in a second tab of the same browser context; its
    script errors are collected in `screen.errors`."""
    screen = page.context.new_page()
    screen.errors = []
    screen.on('pageerror', lambda error: screen.errors.append(str(error)))
    screen.set_viewport_size({'width': 1920, 'height': 1080})
    if script:
        screen.add_init_script(script)
    screen.goto(page.base_url + '/display/QL-YX')
    return screen


def switch_portal_language(page):
    """Press the portal's language switch; returns the new language."""
    return switch_language(page, 'form[action^="/lang/"] button')


# --- Public pages on a phone ------------------------------------------------------

PHONE = {'width': 360, 'height': 740}


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


def phone(page):
    page.set_viewport_size(PHONE)
    return page


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


def switch_language(page, button='form.lang button'):
    """Press the language switch (Chinese ↔ English); returns the new language.

    The switch is a form that posts and redirects back: wait for the page it
    leads to, or the page being left (or none at all) would be read."""
    with page.expect_navigation():
        page.click(button)
    return page.get_attribute('html', 'lang')


# --- The kiosk terminal -------------------------------------------------------------

PORTRAIT = {'width': 1080, 'height': 1920}


LANDSCAPE = {'width': 1920, 'height': 1080}


TOUCH_TARGETS = ('button:visible, input:visible, select:visible, '
                 'textarea:visible, a.button:visible, a.choice:visible')


def assert_touch_targets(page):
    """Every visible control is at least 48 x 48 CSS pixels.

    A click on a link returns once the next page has been asked for, not
    once it is there: wait for it to load and show a control first, or the
    page being left (or an empty one) would be measured."""
    page.wait_for_load_state()
    page.locator(TOUCH_TARGETS).first.wait_for(state='visible')
    measured = 0
    for control in page.locator(TOUCH_TARGETS).all():
        box = control.bounding_box()
        if box is None:
            continue
        measured += 1
        assert box['width'] >= 48 and box['height'] >= 48, (
            control.evaluate('e => e.outerHTML.slice(0, 120)'), box)
    assert measured > 0


def wedge_scan(page, payload):
    """What a keyboard-wedge scanner does: type into the focused field, Enter.
    The scan field has the focus by itself: nobody clicks it first."""
    page.wait_for_selector('input[name=code]:focus')
    page.keyboard.type(payload)
    press_enter(page)


def follow(page, selector):
    """Click a link, and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def press_enter(page):
    """Enter in a form field, and wait for the page it sends us to."""
    with page.expect_navigation():
        page.keyboard.press('Enter')


def use_english(page, base):
    """Switch the terminal's language with its own button."""
    page.goto(base + '/kiosk/bind')
    switch_language(page)


def act(page, action, fill=None, check=()):
    """Fill and submit the action form on the case page, then wait for it."""
    form = page.locator('form.action-form[data-action="%s"]' % action)
    for name, value in (fill or {}).items():
        form.locator('[name="%s"]' % name).fill(value)
    for name in check:
        form.locator('[name="%s"]' % name).check()
    with page.expect_navigation():
        form.locator('button[type=submit]').click()


def status(page):
    return page.locator('.case-head [data-status]').get_attribute('data-status')


def bind_terminal(page, token, base=None):
    """A manager binds this browser as the kiosk the token was issued to."""
    page.goto((base or page.base_url) + '/kiosk/bind')
    page.fill('input[name=username]', 'demo-manager')
    page.fill('input[name=password]', 'bangban-demo')
    page.fill('input[name=token]', token)
    with page.expect_navigation():
        page.click('form:has(input[name=token]) button[type=submit]')


def helper_signs_in(page, applicant):
    """The demo helper signs in at the bound kiosk by PIN and scans the
    applicant's ID number."""
    page.goto(page.base_url + '/kiosk/')
    page.fill('input[name=username]', 'demo-helper')
    page.fill('input[name=pin]', '2468')
    with page.expect_navigation():
        page.click('form:has(input[name=pin]) button[type=submit]')
    page.fill('input[name=code]', applicant.id_number)
    with page.expect_navigation():
        page.keyboard.press('Enter')


AXE_SOURCE = pathlib.Path(ROOT, 'tests', 'vendor', 'axe-core',
                          'axe.min.js').read_text(encoding='utf-8')


def axe_violations(page):
    """The serious and critical violations axe-core finds on the page as it
    is now, as readable lines."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        '''(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                        resultTypes: ['violations']})''',
        AXE_TAGS)
    found = []
    for violation in result['violations']:
        if violation['impact'] not in FAILING:
            continue
        for node in violation['nodes'][:5]:
            found.append('%s %s (%s) %s: %s' % (
                page.url, violation['id'], violation['impact'],
                json.dumps(node['target']), node.get('failureSummary', '')
                .replace('\n', ' ')[:300]))
    return found


def bound_and_signed_in(page, kiosk, token, username='demo-helper'):
    """A manager binds the terminal, then a helper signs in with the PIN."""
    page.set_viewport_size(PORTRAIT)
    bind_terminal(page, token)
    # The bind confirmation survives to the start screen.
    assert '本终端已绑定为%s的%s' % (kiosk.hall.name, kiosk.name) in \
        page.inner_text('main')
    return page


def sign_in_helper(page, username='demo-helper'):
    page.fill('input[name=username]', username)
    page.fill('input[name=pin]', '2468')
    follow(page, 'form[action$="/signin/pin"] button[type=submit]')
    assert page.url.endswith('/kiosk/desk')


def sign_in_at_the_kiosk(page, base, token):
    """A manager binds the terminal, then the demo helper signs in by PIN."""
    bind_terminal(page, token, base)
    sign_in_helper(page)


def download(page, selector):
    """Click a download link; the workbook it gave."""
    with page.expect_download() as downloaded:
        page.click(selector)
    return load_workbook(io.BytesIO(open(downloaded.value.path(), 'rb').read()))


# WCAG 2.0, 2.1 and 2.2 A and AA, and Deque's best practices; a violation
# fails the test when axe rates its impact serious or critical.
AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
            'best-practice']


FAILING = ('serious', 'critical')
