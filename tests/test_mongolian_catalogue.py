"""Every sentence an applicant reads in a bilingual hall has its Mongolian:
the progress page /p/ with its history, the kiosk's welcome, the receipt
with its ticket, and the call screen. The templates' and the timeline's
translatable strings are walked, so a sentence added later without its
Mongolian fails here, as does one that has an entry but no Mongolian line
on the page."""
import os
import re

import pytest

import models
from public import timeline

import flows
from applicant_words import (APPLICANT_TEMPLATES, ROOT, SHOWN_CHOICES,
                             choice_strings, template_strings, timeline_strings)
from applicant_words import catalogue as read_catalogue

# Strings of those templates that are for staff, not applicants: the
# helper's sign-in on the kiosk's welcome, the reprint of a receipt on the
# terminal's screen, the screen's sound settings. They stay Chinese/English.
FOR_STAFF = {
    'Staff sign-in', 'Scan your badge',
    'Hold the QR code on your badge to the scanner.', 'Or with account and PIN',
    'Account', 'PIN', 'Sign in',
    'The receipt code is no longer held by this terminal. A reprint issues a '
    'new code; the earlier receipt stops working.',
    'Issue a new receipt code',
    'Announcements: Mandarin voice',
    'Announcements: chime (no Mandarin voice on this device)',
    'Announcements: Mandarin + Mongolian',
    'Announcements: Mongolian recording',
    'Sound on', 'Sound off', 'Tap here to turn on the sound',
    'The browser keeps this screen silent until someone taps it once. Calls '
    'are still shown.',
    'On a dedicated screen, start the browser with '
    '--autoplay-policy=no-user-gesture-required to skip this step.',
}

# Applicant strings that have their Mongolian but no column of their own on
# the page: a page's title (the browser's tab), a heading for screen
# readers only, the words of the screen's script (its data-mn-* labels),
# and the header's brand and text-size button, which stay one line high.
NOT_A_COLUMN = {
    'Your case', 'Call screen', 'Self-service terminal', 'Windows', 'Receipt', 'Serving',
    'Bangban', 'Standard text', 'Larger text',
}


def mongolian_catalogue():
    return read_catalogue('mn_Mong_CN')


def said_in_mongolian(path):
    """The msgids a template passes to mn.say()/mn.text() as written."""
    with open(os.path.join(ROOT, path), encoding='utf-8') as template:
        source = template.read()
    return set(re.findall(r"""\.(?:say|text)\(\s*'((?:[^'\\]|\\.)*)'""", source))


@pytest.mark.parametrize('path', APPLICANT_TEMPLATES)
def test_every_applicant_string_of_a_template_has_its_mongolian(path):
    catalogue = mongolian_catalogue()
    strings = [s for s in template_strings(path) if s not in FOR_STAFF]
    assert strings
    missing = [s for s in strings if not (catalogue.get(s) and (
        catalogue[s].string if isinstance(catalogue[s].string, str)
        else all(catalogue[s].string)))]
    assert not missing, 'no Mongolian in %s for: %s' % (path, missing)


@pytest.mark.parametrize('path', APPLICANT_TEMPLATES)
def test_every_applicant_string_of_a_template_shows_its_mongolian_line(path):
    said = said_in_mongolian(path)
    unsaid = [s for s in template_strings(path)
              if s not in FOR_STAFF | NOT_A_COLUMN and s not in said]
    assert not unsaid, 'no Mongolian line in %s for: %s' % (path, unsaid)
    # And nothing is said in Mongolian that the catalogue does not have
    # (it would show nothing at all).
    catalogue = mongolian_catalogue()
    assert not [s for s in said if s not in catalogue], path


def test_every_sentence_of_the_history_has_its_mongolian():
    catalogue = mongolian_catalogue()
    strings = timeline_strings()
    assert len(strings) > 40
    assert not [s for s in strings if s not in catalogue]


def test_the_lists_are_of_strings_that_exist():
    """A string dropped from a template is dropped from these lists too."""
    everywhere = {s for path in APPLICANT_TEMPLATES for s in template_strings(path)}
    assert FOR_STAFF <= everywhere, FOR_STAFF - everywhere
    assert NOT_A_COLUMN <= everywhere, NOT_A_COLUMN - everywhere


def test_every_choice_shown_as_a_value_has_its_mongolian():
    """A case's service form, a material's state, a result's kind and the
    rating words are shown on /p/ as values."""
    catalogue = mongolian_catalogue()
    strings = choice_strings()
    assert len(strings) == sum(len(c) for c in SHOWN_CHOICES.values()) >= 15
    assert not [s for s in strings if not (catalogue.get(s) and catalogue[s].string)]


# A label of a record shown on an applicant's page that is not a choice of
# ours: the terminal's typed name, with its area.
NOT_A_CHOICE = {'terminal.area_label'}


@pytest.mark.parametrize('path', APPLICANT_TEMPLATES)
def test_every_choice_label_of_a_template_shows_its_mongolian_line(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as template:
        source = template.read()
    shown = set(re.findall(r'\{\{ ([\w.]+_label) \}\}', source)) - NOT_A_CHOICE
    said = set(re.findall(r'mn\.say\(([\w.]+_label)\)', source))
    assert not shown - said, 'no Mongolian line in %s for: %s' % (path, shown - said)


def test_new_entries_are_marked_for_the_translators_review():
    """Every entry after the first release's carries the review mark."""
    catalogue = mongolian_catalogue()
    for msgid in timeline_strings() + choice_strings():
        assert 'needs review' in ' '.join(catalogue[msgid].auto_comments), msgid


def test_a_case_page_in_a_bilingual_hall_tells_its_history_in_mongolian(demo_client):
    case = (models.Case.select().join(models.Hall, on=models.Case.hall)
            .where(models.Hall.code == 'QL-SM-SL',
                   models.Case.status == 'in_handling')
            .order_by(models.Case.id).first())
    code = case.issue_receipt()
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    spans = re.findall(r'<span class="mn" lang="mn-Mong">([^<]*)</span>', body)
    catalogue = mongolian_catalogue()
    for msgid in ('History', 'Details', 'Applicant', str(timeline.HEADLINES['in_handling']._args[0]),
                  'Accepted for handling'):
        assert catalogue[msgid].string in spans, msgid
    # Values go into the Mongolian sentence: the step and its title.
    stage = catalogue['Step %(n)d of %(total)d: %(title)s'].string % dict(
        n=3, total=5, title=catalogue['Being handled'].string)
    assert stage in spans
    assert not [s for s in spans if not s.strip()]
    flows.english(demo_client, next='/p/')
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert catalogue['History'].string in body and 'History' in body


def _bilingual_case(status):
    case = (models.Case.select().join(models.Hall, on=models.Case.hall)
            .where(models.Hall.code == 'QL-SM-SL', models.Case.status == status)
            .order_by(models.Case.id).first())
    assert case is not None, status
    return case


def test_the_values_of_a_case_page_have_their_mongolian_lines(demo_client):
    """The service form and a result's kind in the Mongolian column, the
    rating words beside the rating form's choices, and the rating given
    beside "Your rating" and in the history."""
    catalogue = mongolian_catalogue()
    mongolian = {msgid: catalogue[msgid].string for msgid in choice_strings()}
    case = _bilingual_case('in_handling')
    case.record_result('certificate', '证明<b>', number='ZM2026001')
    body = demo_client.get('/p/' + case.issue_receipt()).get_data(as_text=True)
    spans = re.findall(r'<span class="mn" lang="mn-Mong">([^<]*)</span>', body)
    assert mongolian[str(case.service_form_label._args[0])] in spans
    assert mongolian['Certificate or proof'] in spans
    assert '证明<b>' not in body  # the typed title stays escaped
    case = _bilingual_case('delivered')
    code = case.issue_receipt()
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    start = body.index('class="rating-form"')
    form = body[start:body.index('</form>', start)]
    said = re.findall(r'<span class="mn" lang="mn-Mong">([^<]*)</span>', form)
    words = [mongolian[str(title._args[0])] for _value, title in models.RATINGS]
    assert [s for s in said if s in words] == words  # each beside its choice
    case.evaluate(4, 'online')
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    start = body.index('id="rated"')
    rated = body[start:body.index('</section>', start)]
    assert mongolian['Satisfied'] in rated
    history = body[body.index('class="timeline"'):]
    assert mongolian['Satisfied'] in history


def test_a_promised_day_in_the_history_is_said_in_each_language(demo_client):
    """The day the hall promised: in full in Chinese and English, as digits
    in the Mongolian line, never the Chinese date inside Mongolian."""
    case = _bilingual_case('in_handling')
    due = case.due_date
    code = case.issue_receipt()
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    history = body[body.index('class="timeline"'):]
    spans = re.findall(r'<span class="mn" lang="mn-Mong">([^<]*)</span>', history)
    said = mongolian_catalogue()['Promised by %(day)s'].string % dict(
        day=due.strftime('%Y.%m.%d'))
    assert said in spans
    assert not [s for s in spans if '年' in s]
    assert '%d年%d月%d日' % (due.year, due.month, due.day) in history
    flows.english(demo_client, next='/p/')
    history = demo_client.get('/p/' + code).get_data(as_text=True)
    assert 'Promised by %s %d, %d' % (due.strftime('%B'), due.day, due.year) in history
