"""In Chromium: the portal shows the Mongolian names a manager edits
(halls, windows, departments, items) in the vendored Mongolian font, which
a page without Mongolian letters never fetches."""
import models
from pages import sign_in
from support import screenshot

FONT = 'NotoSansMongolian-Regular.subset.woff2'


def fonts_fetched(page):
    fetched = []
    page.on('request', lambda request: FONT in request.url and fetched.append(request.url))
    return fetched


def test_mongolian_names_in_the_portal_use_the_vendored_font(page, demo_app):
    hall = models.Hall.get(models.Hall.code == 'QL-SM-SL')
    assert hall.name_mn  # the demo's bilingual hall has its Mongolian name
    fetched = fonts_fetched(page)
    sign_in(page, 'demo-city')
    page.goto(page.base_url + '/portal/items/')
    page.evaluate('document.fonts.ready.then(() => true)')
    assert fetched == []  # no Mongolian letters on the page, no font
    page.goto(page.base_url + '/portal/halls/edit/?id=%d' % hall.id)
    field = page.locator('input[name=name_mn]')
    assert field.input_value() == hall.name_mn
    page.evaluate('document.fonts.ready.then(() => true)')
    assert len(fetched) == 1
    assert page.evaluate('''name => document.fonts.check('16px "Bangban Mongolian"', name)''',
                         hall.name_mn)
    screenshot(page.locator('input[name=name_mn]').locator('xpath=../..'),
               'portal-mongolian-name-edit')
    assert 'Bangban Mongolian' in page.evaluate(
        'getComputedStyle(document.querySelector("input[name=name_mn]")).fontFamily')
