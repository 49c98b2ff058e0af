"""An applicant never reads a statistics heading: one English msgid used as
a case's state on /p/ and as a count in 附件8 ("Accepted": 受理数量) once
told applicants "下一步：受理数量". Every msgid of the applicant's pages
(progress page, kiosk welcome, receipt, call screen, the timeline and the
choices shown as values) is checked against the Chinese of the statistics
page's column headings, which are counts and rates, never states."""
import re

from babel.messages.pofile import read_po

import models

from applicant_words import (ROOT, applicant_strings, catalogue_path,
                             choice_strings, timeline_strings)

STAGE_TEXT = re.compile(r'<p class="stage-text">(.*?)</p>', re.S)
HEADING = re.compile(r"<th[^>]*>\{\{ (?:_\('([^']*)'\)|pgettext\('([^']*)', "
                     r"'([^']*)'\)) \}\}")


def chinese():
    with open(catalogue_path('zh_Hans_CN'), 'rb') as po:
        return read_po(po, locale='zh_Hans_CN')


def statistics_headings():
    """[(context, msgid)] of the statistics page's column headings (附件8
    and the closed loop of bad ratings)."""
    with open(ROOT + '/templates/portal/stats.html', encoding='utf-8') as page:
        found = HEADING.findall(page.read())
    return [(context or None, plain or msgid) for plain, context, msgid in found]


def test_the_walk_finds_the_headings_and_the_applicants_words():
    headings = statistics_headings()
    assert ('number of cases', 'Accepted') in headings
    assert (None, 'Still open') in headings and len(headings) >= 10
    strings = applicant_strings()
    assert 'Next: %(title)s' in strings and 'Very satisfied' in strings
    assert set(timeline_strings()) <= set(strings)
    assert set(choice_strings()) <= set(strings)


def test_no_applicant_word_is_a_statistics_heading_in_chinese():
    catalogue = chinese()
    heads = {}
    for context, msgid in statistics_headings():
        message = catalogue.get(msgid, context=context)
        assert message is not None and message.string, (context, msgid)
        heads[message.string] = msgid
    clashes = []
    for msgid in applicant_strings():
        message = catalogue.get(msgid)
        text = message.string if message else None
        text = text[0] if isinstance(text, tuple) else text
        if text in heads:
            clashes.append((msgid, text, heads[text]))
    assert not clashes, ('applicant words worded as statistics headings '
                         '(give the heading a pgettext context): %s' % clashes)


def test_the_stage_is_a_state_and_the_count_stays_the_official_heading(
        demo_client):
    case = (models.Case.select().where(models.Case.status == 'registered')
            .order_by(models.Case.id).first())
    code = case.issue_receipt()
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    stage = STAGE_TEXT.search(body).group(1)
    assert '已受理' in stage and '2' in stage, stage
    assert '受理数量' not in body
    demo_client.post('/lang/en', data={'next': '/p/'})
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert 'Step 2 of 5: Accepted for handling' in STAGE_TEXT.search(body).group(1)
    catalogue = chinese()
    assert catalogue.get('Accepted', context='number of cases').string == '受理数量'
    assert catalogue.get('Accepted') is None  # no bare one to be reused for a state
