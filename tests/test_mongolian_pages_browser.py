"""In Chromium on a 360 px phone: the progress page of a bilingual hall in
each state an applicant meets (waiting for materials, being handled, to be
rated, refused, stopped) has a Mongolian column beside each sentence, set
vertically in the vendored font, letters joined, and nothing wider than
the phone."""
import pytest

import models
from pages import PHONE, switch_language
from support import screenshot
from bilingual_hall import TOWN, assert_vertical_and_loaded, columns


def receipt(status):
    case = (models.Case.select().join(models.Hall, on=models.Case.hall)
            .where(models.Hall.code == TOWN, models.Case.status == status)
            .order_by(models.Case.id).first())
    return case.issue_receipt()


@pytest.mark.parametrize('status, section', [
    ('awaiting_materials', '#missing'),
    ('in_handling', '#queue, .due'),
    ('delivered', '#rate'),
    ('refused', '#refused'),
    ('terminated', '#terminated'),
])
def test_the_progress_page_of_a_bilingual_hall_in_each_state(page, live_server,
                                                              status, section):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + '/p/' + receipt(status))
    assert page.get_attribute('html', 'lang') == 'zh-CN'
    assert_vertical_and_loaded(page, 8)
    assert all(column['text'].strip() for column in columns(page))
    # The section of this state says itself in Mongolian too.
    assert page.locator(section).first.locator('.mn').count() >= 1
    # The history: a Mongolian column for each step.
    steps = page.locator('.timeline li')
    assert steps.count() >= 1
    assert page.locator('.timeline li .mn').count() >= steps.count()
    assert page.evaluate('document.documentElement.scrollWidth') <= PHONE['width']
    screenshot(page, 'mongolian-progress-%s-zh' % status)
    if status == 'delivered':
        assert switch_language(page) == 'en'
        assert 'How satisfied are you?' in page.inner_text('#rate')
        assert_vertical_and_loaded(page, 8)
        screenshot(page, 'mongolian-progress-%s-en' % status)
