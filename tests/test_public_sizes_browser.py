"""The applicant's pages on a 360 × 740 phone: every target at least 48 px
tall; and the older-user mode (适老化, MIIT 2021) that the applicant turns on
and the browser remembers: text at least 18 px, the largest at least 30 px,
every target at least 60 × 60 px, contrast at least 4.5:1. In Chinese and
English; screenshots go to test-artifacts/."""
import pytest

import models
import page_walk
from pages import PHONE, READABILITY_JS, phone, switch_language
from public.large_text import COOKIE
from support import screenshot

# What a finger presses: links, buttons and fields; a radio button or a tick
# box is pressed through the label around it, so the label is measured.
TARGETS_JS = r"""
() => {
  const found = [];
  for (const el of document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea')) {
    const target = ['radio', 'checkbox'].includes(el.type) && el.closest('label')
      ? el.closest('label') : el;
    const box = target.getBoundingClientRect();
    const style = getComputedStyle(target);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    found.push({html: target.outerHTML.slice(0, 100), width: box.width, height: box.height});
  }
  return found;
}
"""

# What sticks out to the right of the screen, when the page scrolls sideways.
WIDE_JS = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
  .map((el) => el.outerHTML.slice(0, 80))"""


def public_pages():
    """The applicant's pages, with what each needs: a progress page with
    its rating form, an appointment, booking's three steps, a search that
    finds nothing, and a code that opens nothing."""
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    delivered = (models.Case.select()
                 .where(models.Case.status == 'delivered',
                        models.Case.hall == hall)
                 .order_by(models.Case.id).first())
    link = (models.WindowItem.select().join(models.Window)
            .where(models.Window.hall == hall)
            .order_by(models.WindowItem.id).first())
    return {
        'lookup': '/p/',
        'progress': '/p/' + delivered.issue_receipt(),
        'not-found': '/p/R-no-such-code',
        'book-halls': '/book/',
        'book-items': '/book/%s/' % hall.code,
        'book-items-none': '/book/%s/?q=%s' % (hall.code, 'zzzzzz'),
        'book-slot': '/book/%s/%s/' % (hall.code, link.item.code),
        'appointment': '/book/a/' + page_walk.book_an_appointment(hall),
    }


def small_targets(page, height, width=0):
    """The visible targets under the size, as (html, width, height)."""
    found = page.evaluate(TARGETS_JS)
    assert found, 'no target measured on %s' % page.url
    return [(t['html'], round(t['width']), round(t['height'])) for t in found
            if t['height'] < height - 0.5 or t['width'] < width - 0.5]


def open_on_a_phone(page, url, language):
    """The page at 360 px, in the language (switched with its own button)."""
    phone(page).goto(page.base_url + url)
    if language == 'en':
        assert switch_language(page) == 'en'


def large_text_button(page):
    return page.locator('form.text-size button')


@pytest.mark.parametrize('language', ['zh-CN', 'en'])
def test_every_public_target_is_48_px_tall_on_a_phone(page, demo_app, language):
    base = page.base_url
    open_on_a_phone(page, '/p/', language)
    found = []
    for name, url in public_pages().items():
        response = page.goto(base + url)
        assert response.status in (200, 404), url
        assert page.get_attribute('html', 'lang') == language
        found += [(name,) + small for small in small_targets(page, 48)]
        screenshot(page, 'public-sizes-%s-%s' % (name, language))
    assert found == []


@pytest.mark.parametrize('language', ['zh-CN', 'en'])
def test_older_user_mode_is_larger_and_remembered(page, demo_app, language):
    base = page.base_url
    open_on_a_phone(page, '/book/', language)
    button = large_text_button(page)
    assert button.get_attribute('aria-pressed') == 'false'
    assert button.inner_text() == {'zh-CN': '大字模式', 'en': 'Larger text'}[language]
    with page.expect_navigation():
        button.click()
    assert page.url == base + '/book/'  # back where the applicant was
    assert large_text_button(page).get_attribute('aria-pressed') == 'true'
    cookie = next(c for c in page.context.cookies() if c['name'] == COOKIE)
    assert cookie['httpOnly'] and cookie['expires'] > 0  # kept after closing

    # Remembered: a new tab on another page is large too, with no sign-in.
    tab = page.context.new_page()
    pages = public_pages()
    for name, url in pages.items():
        phone(tab).goto(base + url)
        assert 'large' in tab.get_attribute('body', 'class').split()
        readable = tab.evaluate(READABILITY_JS)
        assert readable['width'] <= PHONE['width'], (name, tab.evaluate(WIDE_JS))
        assert readable['body'] >= 18, name
        sizes = [r['size'] for r in readable['rows']]
        assert min(sizes) >= 18, (name, [r for r in readable['rows'] if r['size'] < 18])
        assert max(sizes) >= 30, name
        faint = [r for r in readable['rows'] if r['contrast'] < 4.5]
        assert faint == [], (name, faint)
        assert small_targets(tab, 60, 60) == [], name
        screenshot(tab, 'public-large-%s-%s' % (name, language))
    tab.close()

    # And turned off again, where it was turned on.
    page.goto(base + pages['book-slot'])
    with page.expect_navigation():
        large_text_button(page).click()
    assert page.url == base + pages['book-slot']
    assert 'large' not in page.get_attribute('body', 'class').split()
    assert COOKIE not in [c['name'] for c in page.context.cookies()]
