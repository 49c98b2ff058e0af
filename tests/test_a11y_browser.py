"""axe-core in headless Chromium over every kiosk, display, public and desk
page, and over configuration list and edit pages, in Chinese and in English:
no serious or critical violation. And every portal page says its language
on <html>.

axe-core is vendored beside the tests (tests/vendor/axe-core/, see its README)
and evaluated in the page through the browser's devtools protocol, which the
pages' Content Security Policy does not restrict: nothing is fetched."""

import pytest

import models
from pages import LANDSCAPE, PHONE
from support import screenshot
from page_walk import first_page_of_each_endpoint
from pages import bind_terminal, helper_signs_in, sign_in
from pages import axe_violations  # noqa: F401


# Who opens the pages this test walks (tests/page_walk.py's visitors); the
# staff's configuration pages are walked for their language only.
CHECKED = ('anonymous', 'agent', 'terminal', 'helper')
DESK = {'width': 1366, 'height': 900}
VIEWPORTS = {'anonymous': PHONE, 'agent': DESK, 'terminal': LANDSCAPE,
             'helper': LANDSCAPE}


def screen_of(row):
    """The screen a page is seen on: the hall's wall screen, the staff's
    sign-in on a desk, the rest by who opens it."""
    if row.endpoint.startswith('display.'):
        return {'width': 1920, 'height': 1080}
    if row.endpoint == 'portal_auth.login':
        return DESK
    return VIEWPORTS[row.visitor]


def walk(app):
    """One page of each endpoint of tests/page_walk.py, as the policy test
    walks them, of the visitors of CHECKED (kiosk pages of one case need the
    case in the terminal's session: `kiosk_case_pages` reaches them)."""
    return [row for row in first_page_of_each_endpoint(app)
            if row.visitor in CHECKED and row.endpoint != 'web.healthz'
            and not row.url.split('?')[0].endswith('.json')]


def set_language(page, language):
    """The language of this browser, switched on a page that has a switch."""
    if page.get_attribute('html', 'lang') != language:
        with page.expect_navigation():
            page.click('form[action^="/lang/"] button')
    assert page.get_attribute('html', 'lang') == language


def desk_message(page, language):
    """The desk with a message shown (calling the next ticket says who was
    called, or that nobody waits): its close button is one more target."""
    page.click('button[data-action=call]')
    page.wait_for_selector('.portal-flash')
    close = page.locator('.portal-flash .close').first
    assert close.get_attribute('aria-label') == {
        'zh-CN': '关闭此消息', 'en': 'Close this message'}[language]
    box = close.bounding_box()
    assert box['width'] >= 44 and box['height'] >= 44
    screenshot(page, 'a11y-desk-message-%s' % language)
    found = axe_violations(page)
    close.click()
    page.wait_for_selector('.portal-flash', state='detached')
    return found


def kiosk_case_pages(page):
    """A case at the terminal, as a helper reaches its pages: the item,
    screening, registration, the outcome, the receipt and the application
    form; axe on each."""
    found = []
    item = (models.Item.select().where(models.Item.is_active == True)  # noqa: E712
            .order_by(models.Item.id).first())
    page.goto(page.base_url + '/kiosk/items/%d' % item.id)
    with page.expect_navigation():
        page.click('form:not(:has(input[name=then])) button.primary.big')
    assert '/screen' in page.url
    found += axe_violations(page)
    for box in page.locator('input[data-provided]').all():
        box.check()
    with page.expect_navigation():
        page.click('form:has(input[data-provided]) button[type=submit].primary')
    assert '/register' in page.url
    found += axe_violations(page)
    with page.expect_navigation():
        page.click('form:has(input[name=service_form]) button[type=submit].primary')
    # Registering prints the receipt with the ticket (one step), then the
    # outcome page and the application form.
    assert '/receipt' in page.url and page.locator('[data-ticket]').count() == 1
    found += axe_violations(page)
    outcome = page.url.split('/receipt')[0]
    assert page.goto(outcome).status == 200
    found += axe_violations(page)
    screenshot(page, 'a11y-kiosk-outcome-%s' % page.get_attribute('html', 'lang'))
    assert page.goto(outcome + '/application').status == 200
    found += axe_violations(page)
    return found


def page_language(row, language):
    """The language a page is in: the reader's, unless its address names
    one (the kiosk's and the display's offline pages, kept in each language)."""
    if row.endpoint in ('kiosk_shell.offline', 'display.offline'):
        return {'zh_Hans_CN': 'zh-CN', 'en': 'en'}[row.url.rsplit('/', 1)[1]]
    return language


@pytest.mark.parametrize('language', ['zh-CN', 'en'])
def test_no_serious_violation_on_kiosk_display_public_and_desk_pages(
        page, demo_app, kiosk_on_duty, language):
    base = page.base_url
    _kiosk, token = kiosk_on_duty
    applicant = models.Applicant.select().order_by(models.Applicant.id).first()
    found, visited, signed_in = [], [], None
    page.set_viewport_size(PHONE)
    page.goto(base + '/p/')
    set_language(page, language)
    for row in walk(demo_app):
        if row.visitor != signed_in:
            if row.visitor == 'agent':
                sign_in(page, 'demo-agent')
            elif row.visitor == 'terminal':
                bind_terminal(page, token)
            elif row.visitor == 'helper':
                helper_signs_in(page, applicant)
            set_language(page, language)  # a sign-in starts a new session
            signed_in = row.visitor
        page.set_viewport_size(screen_of(row))
        response = page.goto(base + row.url)
        assert response.status == 200, row
        assert page.get_attribute('html', 'lang') == page_language(row, language), row
        found += axe_violations(page)
        if row.visitor == 'agent' or row.endpoint == 'display.screen':
            # The desk at 1366 px and the wall screen, to look at.
            screenshot(page, 'a11y-%s-%s' % (row.endpoint, language))
        if row.endpoint == 'desk.window':
            found += desk_message(page, language)
        visited.append(row.endpoint)
    found += kiosk_case_pages(page)
    assert {'public.lookup', 'public.book', 'public.book_item', 'display.screen',
            'desk.index', 'desk.window', 'kiosk.start', 'kiosk.desk',
            'kiosk.items', 'portal_auth.login', 'kiosk.bind'} <= set(visited), visited
    assert found == [], '\n'.join(found)


def test_every_portal_page_says_its_language(page, demo_app):
    """The configuration pages too (Flask-Admin's own base had no lang):
    every page of the walk says zh-CN in Chinese (tests/test_csp_browser.py
    checks it as it walks them all), and one in eight of the portal's again
    in English."""
    chosen = [row for row in first_page_of_each_endpoint(demo_app)
              if row.visitor == 'staff']
    assert len(chosen) > 40
    sign_in(page, 'demo-city')
    set_language(page, 'en')
    for row in chosen[::8]:
        response = page.goto(page.base_url + row.url)
        assert response.status == 200, row
        assert page.get_attribute('html', 'lang') == 'en', row


# Configuration pages (Flask-Admin's list and edit, ours around them): a list
# with column help icons, an edit form with choices and select2's multiple
# choice, whose "×" removes a chosen option.
CONFIGURATION = ('/portal/items/', '/portal/items/edit/?id={item}',
                 '/portal/windows/', '/portal/windows/edit/?id={window}',
                 '/portal/halls/')


@pytest.mark.parametrize('language', ['zh-CN', 'en'])
def test_no_serious_violation_on_configuration_list_and_edit_pages(
        page, demo_app, language):
    item = models.Item.select().order_by(models.Item.id).first()
    window = models.Window.select().order_by(models.Window.id).first()
    sign_in(page, 'demo-city')
    page.set_viewport_size(DESK)
    set_language(page, language)
    found = []
    for address in CONFIGURATION:
        url = address.format(item=item.id, window=window.id)
        response = page.goto(page.base_url + url)
        assert response.status == 200, url
        found += axe_violations(page)
        screenshot(page, 'a11y-config%s-%s' % (
            url.split('?')[0].rstrip('/').replace('/portal', '').replace('/', '-'),
            language))
    # What was checked is there: help icons named by their description ...
    page.goto(page.base_url + '/portal/items/')
    help_icon = page.locator('th .column-help').first
    assert help_icon.get_attribute('aria-label')
    box = help_icon.bounding_box()
    assert box['width'] >= 24 and box['height'] >= 24
    # ... and the select2 "×" of each chosen option, named after it.
    page.goto(page.base_url + '/portal/windows/edit/?id=%d' % window.id)
    controls = page.locator('.select2-search-choice-close')
    assert controls.count() > 0
    first = controls.first
    chosen = first.locator('xpath=..').locator('div').inner_text().strip()
    assert first.get_attribute('aria-label') == {
        'zh-CN': '移除“%s”', 'en': 'Remove %s'}[language] % chosen
    assert found == [], '\n'.join(found)


def test_the_check_finds_what_it_looks_for(page, demo_app):
    """A page without its language, with a nameless button and faint text
    fails: the walk above can fail."""
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + '/p/')
    assert axe_violations(page) == []
    page.evaluate("""() => {
        document.documentElement.removeAttribute('lang');
        document.querySelector('main').insertAdjacentHTML('beforeend',
            '<button type="button"></button>' +
            '<p style="color: #999; background: #fff">faint</p>');
    }""")
    found = ' '.join(axe_violations(page))
    for rule in ('html-has-lang', 'button-name', 'color-contrast'):
        assert ' %s (' % rule in found, rule
