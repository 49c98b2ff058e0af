"""The Content Security Policy in Chromium: no page of the walk logs a
violation (and each names its language on <html lang>), and what inline handlers used to do still works under it: the
delete confirmation (dismissed, nothing is deleted), the "Add" button of
inline lists, the filter menu, printing a form, sending a booking once."""
import datetime

import pytest

import models
from page_walk import first_page_of_each_endpoint
from pages import bind_terminal, helper_signs_in, sign_in
from support import screenshot

LISTEN = '''
document.addEventListener('securitypolicyviolation', function (event) {
  window.cspViolation([event.violatedDirective, event.blockedURI,
                       event.sourceFile + ':' + event.lineNumber].join(' '));
});
'''


@pytest.fixture
def violations(page):
    """Every CSP violation the page reports, from any document it loads."""
    found = []
    page.expose_function('cspViolation', lambda text: found.append(
        '%s: %s' % (page.url, text)))
    page.add_init_script(LISTEN)
    page.on('console', lambda message: found.append(
        '%s: %s' % (page.url, message.text))
        if 'Content Security Policy' in message.text else None)
    return found


def english(page):
    with page.expect_navigation():
        page.click('form[action*="/lang/en"] button')


def test_no_page_of_the_walk_violates_the_policy(page, violations, demo_app):
    base = page.base_url
    kiosk = (models.Kiosk.select().join(models.Hall)
             .where(models.Hall.code == 'QL-YX').get())
    token = kiosk.issue_token()
    applicant = models.Applicant.select().order_by(models.Applicant.id).first()
    visited, signed_in, pages = [], None, 0
    for row in first_page_of_each_endpoint(demo_app):
        if row.visitor != signed_in:
            if row.visitor == 'staff':
                sign_in(page, 'demo-city')
            elif row.visitor == 'terminal':
                bind_terminal(page, token)
            elif row.visitor == 'helper':
                helper_signs_in(page, applicant)
            signed_in = row.visitor
        response = page.goto(base + row.url)
        assert response.status == 200, row
        # Every page names its language (the one this browser asked for).
        if response.headers['content-type'].startswith('text/html'):
            assert page.get_attribute('html', 'lang') == 'zh-CN', row
            pages += 1
        visited.append(row.endpoint)
    # One page of a case at the terminal, reached as a helper reaches it.
    item = (models.Item.select().where(models.Item.is_active == True)  # noqa: E712
            .order_by(models.Item.id).first())
    page.goto(base + '/kiosk/items/%d' % item.id)
    with page.expect_navigation():
        page.click('form:not(:has(input[name=then])) button.primary.big')
    assert '/screen' in page.url
    assert violations == []
    assert len(visited) > 50 and pages > 50  # the walk did happen


def test_delete_asks_first_and_a_dismissed_delete_deletes_nothing(
        page, violations, demo_app):
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    holiday = models.Holiday.create(hall=hall, day=datetime.date(2031, 10, 8),
                                    kind='off', note='误加的假日')
    still_there = lambda: models.Holiday.get_or_none(  # noqa: E731
        models.Holiday.id == holiday.id) is not None
    sign_in(page, 'demo-manager')
    dialog = page.locator('#confirm-dialog')
    question = {'zh': '你确定要删除这条记录吗？',
                'en': 'Are you sure you want to delete this record?'}
    for language in ('zh', 'en'):
        if language == 'en':
            english(page)
        page.goto(page.base_url + '/portal/holidays/')
        delete = page.locator('tr', has_text='误加的假日').locator(
            'button[data-confirm]')
        delete.click()
        assert dialog.is_visible()
        assert dialog.locator('p').inner_text() == question[language]
        # The safe answer has the focus: Enter would keep the record.
        assert page.evaluate('document.activeElement.value') == 'cancel'
        screenshot(page, 'portal-list-delete-confirm-%s' % language)
        dialog.locator('button[value=cancel]').click()
        assert not dialog.is_visible()
        delete.click()
        page.keyboard.press('Escape')
        assert not dialog.is_visible()
        page.wait_for_timeout(300)  # a delete would have been sent by now
        assert page.url.endswith('/portal/holidays/') and still_there()
    delete.click()
    with page.expect_navigation():
        dialog.locator('button[value=confirm]').click()
    assert not still_there()
    assert page.locator('.alert-success').count() == 1
    assert violations == []


def test_what_inline_handlers_did_runs_from_static_files(
        page, violations, demo_app):
    """Inline lists' "Add" button, the filter menu, a form's Print button,
    the booking form's single submit."""
    page.add_init_script('window.print = function () { window.printed = true; };')
    sign_in(page, 'demo-manager')
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    window = hall.windows.order_by(models.Window.id).first()
    page.goto(page.base_url + '/portal/windows/edit/?id=%d' % window.id)
    before = page.locator('#slot_capacities .inline-field-list > .inline-field').count()
    page.click('#slot_capacities-button')
    assert page.locator('#slot_capacities .inline-field-list > .inline-field').count() == before + 1
    assert page.url.endswith('?id=%d' % window.id)
    page.goto(page.base_url + '/portal/windows/')
    assert page.locator('table.filters tr').count() == 0
    page.click('a[data-toggle=dropdown]:has(+ .field-filters)')
    page.locator('.field-filters a.filter').first.click()
    assert page.locator('table.filters tr').count() == 1
    assert page.url.endswith('/portal/windows/')
    case = (models.Case.select().where(models.Case.status == 'archived',
                                       models.Case.hall == hall,
                                       models.Case.service_form == 'proxy')
            .order_by(models.Case.id).first())
    for language in ('zh', 'en'):
        if language == 'en':
            page.goto(page.base_url + '/portal/')
            english(page)
        for kind in ('application', 'authorization', 'completion'):
            response = page.goto(page.base_url + '/portal/cases/%d/forms/%s' % (
                case.id, kind))
            assert response.status == 200, kind
            screenshot(page, 'form-%s-%s' % (kind, language))
        page.click('button[data-print]')
        assert page.evaluate('window.printed') is True
    link = (models.WindowItem.select().join(models.Window)
            .where(models.Window.hall == hall).order_by(models.WindowItem.id).first())
    page.goto(page.base_url + '/book/%s/%s/' % (hall.code, link.item.code))
    screenshot(page, 'public-book-slot-en')  # the language chosen above
    with page.expect_navigation():
        page.click('form[action*="/lang/zh_Hans_CN"] button')
    screenshot(page, 'public-book-slot-zh')
    page.evaluate('''() => document.getElementById('booking-form')
        .addEventListener('submit', event => event.preventDefault())''')
    page.locator('input[name=slot]:not([disabled])').first.check()
    page.fill('input[name=name]', '测试人')
    page.fill('input[name=id_number]', '150402199001011234')
    page.fill('input[name=phone]', '13900001234')
    page.click('#booking-form button[type=submit]')  # held back above
    assert page.evaluate(
        "document.querySelector('#booking-form button[type=submit]').dataset.sent") == '1'
    assert violations == []
