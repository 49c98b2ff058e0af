"""In Chromium on a 360 px phone, the progress page of a case at the demo's
bilingual hall: its stage reads as a state (已受理), and the values shown
(service form, result kind, rating words) have their vertical Mongolian
column beside the Chinese, in Chinese and in English."""
import models
from pages import PHONE, switch_language
from support import screenshot
from bilingual_hall import TOWN, columns


def bilingual_case(status):
    return (models.Case.select().join(models.Hall, on=models.Case.hall)
            .where(models.Hall.code == TOWN, models.Case.status == status)
            .order_by(models.Case.id).first())


def mongolian_of(page, selector):
    return [text.strip() for text in page.locator(selector + ' .mn').all_inner_texts()]


def test_the_next_stage_reads_as_a_state(page, live_server):
    """Waiting for materials, the next step is being accepted (已受理), not
    the statistics' count (受理数量)."""
    case = bilingual_case('awaiting_materials')
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + '/p/' + case.issue_receipt())
    stage = page.inner_text('.stage-text')
    assert '下一步：已受理' in stage and '受理数量' not in page.content()
    assert page.locator('.stage-text .mn').count() >= 2  # step and next step
    assert all(mongolian_of(page, '.stage-text'))
    assert page.evaluate('document.documentElement.scrollWidth') <= PHONE['width']
    screenshot(page, 'applicant-words-next-stage-zh')
    assert switch_language(page) == 'en'
    assert 'Next: Accepted for handling' in page.inner_text('.stage-text')
    screenshot(page, 'applicant-words-next-stage-en')


def test_the_values_shown_have_their_mongolian_columns(page, live_server):
    case = bilingual_case('in_handling')
    case.record_result('licence', '营业执照', number='QL2026-0001')
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + '/p/' + case.issue_receipt())
    for column in columns(page):  # every column vertical, in its font
        assert column['mode'] == 'vertical-lr' and column['loaded'], column
    assert len([t for t in mongolian_of(page, '#results li') if t]) >= 1
    assert page.locator('.facts dd .mn').count() >= 2  # service form, hall
    assert page.evaluate('document.documentElement.scrollWidth') <= PHONE['width']
    screenshot(page, 'applicant-words-values-zh')
    screenshot(page.locator('#results'), 'applicant-words-results-zh')
    screenshot(page.locator('.facts'), 'applicant-words-facts-zh')
    rated = bilingual_case('delivered')
    page.goto(live_server.url + '/p/' + rated.issue_receipt())
    choices = page.locator('#rate label.choice')
    assert choices.count() == len(models.RATINGS)
    for index in range(choices.count()):
        assert choices.nth(index).locator('.mn').inner_text().strip()
    assert page.evaluate('document.documentElement.scrollWidth') <= PHONE['width']
    screenshot(page, 'applicant-words-rating-zh')
    screenshot(page.locator('#rate'), 'applicant-words-rate-zh')
    assert switch_language(page) == 'en'
    assert 'Very satisfied' in page.inner_text('#rate')
    assert choices.nth(0).locator('.mn').inner_text().strip()
    screenshot(page, 'applicant-words-rating-en')
    screenshot(page.locator('#rate'), 'applicant-words-rate-en')
