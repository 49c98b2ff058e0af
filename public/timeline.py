"""A case's history told to the applicant: plain words, no staff notes.

Staff write free-text notes on events; those may name people or carry
remarks not meant for the applicant, so the public page shows only what
each action means, plus details taken from the case's own fields and the
event's facts (CaseEvent.facts), worded here in the applicant's language
as history.py words them for staff.
"""
import datetime

from flask_babel import format_date
from i18n import lazy_gettext as _l

import models
from prepared import Prepared

# What each recorded action means to the applicant.
STEP_TITLES = {
    'request': _l('Your request for help was received'),
    'request_accept': _l('An agent took on your request'),
    'request_call': _l('The hall called you back'),
    'open': _l('Your request was recorded'),
    'request_materials': _l('Waiting for materials from you'),
    'supply': _l('Materials received'),
    'register': _l('Accepted for handling'),
    'refuse': _l('Not accepted here'),
    'commission': _l('You authorised an agent to handle it for you'),
    'handover': _l('Your materials were handed over for handling'),
    'start_handling': _l('Being handled'),
    'route': _l('Sent to the departments concerned'),
    'flow': _l('A department recorded progress'),
    'transfer': _l('Sent on to the hall that handles this item'),
    'confirm_transfer': _l('Received by the hall that handles it'),
    'task_force': _l('A task force coordinates your case'),
    'reassign': _l('Another agent now looks after your case'),
    'cover': _l('Another agent now looks after your case'),
    'cover_back': _l('Your agent looks after your case again'),
    'cover_kept': _l('The agent who stood in goes on with your case'),
    'mark_ready': _l('The result is ready'),
    'mail': _l('The result was mailed to you'),
    'deliver': _l('You collected the result'),
    'confirm_receipt': _l('You received the result'),
    'evaluate': _l('You rated the service'),
    'archive': _l('Case closed and filed'),
    'terminate': _l('Handling was stopped'),
    'suspend': _l('Paused: waiting for something outside the hall'),
    'resume': _l('Handling goes on again'),
    'result': _l('A result document was recorded'),
    'due_date': _l('The promised date was counted again for the holiday '
                   'calendar'),
}

# The stages shown as a progress bar, and which statuses reach each. A
# stage is a state of the case, never a statistics heading ("Accepted" is
# the statistics' count 受理数量): tests/test_applicant_words.py checks.
STAGES = [
    ('recorded', _l('Request recorded')),
    ('accepted', _l('Accepted for handling')),
    ('handling', _l('Being handled')),
    ('ready', _l('Result ready')),
    ('done', _l('Done')),
]
STAGE_OF_STATUS = {
    'consultation': 0, 'awaiting_materials': 0, 'refused': 0,
    'registered': 1, 'commissioned': 1, 'terminated': 1,
    'in_handling': 2, 'suspended': 2,
    'result_ready': 3, 'mailed': 3,
    'delivered': 4, 'evaluated': 4, 'archived': 4,
}

HEADLINES = {
    'consultation': _l('Consultation recorded'),
    'awaiting_materials': _l('Waiting for your materials'),
    'registered': _l('Accepted, being handled'),
    'commissioned': _l('Accepted, an agent handles it for you'),
    'in_handling': _l('Being handled'),
    'result_ready': _l('Ready to collect'),
    'mailed': _l('On its way to you by mail'),
    'delivered': _l('Done'),
    'evaluated': _l('Done'),
    'archived': _l('Done and filed'),
    'refused': _l('Not accepted here'),
    'terminated': _l('Handling was stopped'),
    'suspended': _l('Paused while we wait for something outside the hall'),
}

# Why a suspended case waits, said to the applicant (SUSPENSION_REASONS).
WAITING_FOR = {
    'inspection': _l('A department has to inspect the site before your case '
                     'can go on.'),
    'document': _l('Your case needs a document that you have to get from '
                   'another office. The hall has told you which one.'),
    'ruling': _l('Your case has to wait for a decision by a court or another '
                 'authority.'),
    'third_party': _l('Your case is waiting for a reply from another office.'),
    'applicant': _l('You asked us to pause your case.'),
    'other': _l('Your case is waiting for something outside the hall. Please '
                'ask the hall if you want to know more.'),
}


class _Day(datetime.date):
    """A day put into a sentence: said in full in the reader's language
    (format_date), and as digits in a Mongolian line (bilingual._value
    takes it for the date it is)."""

    def __str__(self):
        return format_date(self, 'long')


def _day(value):
    return _Day(value.year, value.month, value.day)


def _detail(case, event):
    """Facts for one step, from the case's fields and the event's facts
    (never the event's note)."""
    if event.action == 'register' and case.due_date:
        return _l('Promised by %(day)s', day=_day(case.due_date))
    if event.action == 'mail' and case.tracking_number:
        return _l('%(courier)s, tracking number %(number)s',
                  courier=case.courier, number=case.tracking_number)
    if event.action == 'evaluate':
        evaluation = case.evaluations.first()
        return evaluation.rating_label if evaluation else ''
    if event.action == 'confirm_transfer':
        return case.hall.name
    if event.action == 'suspend':
        return WAITING_FOR.get(event.facts.get('reason'), '')
    if event.action == 'resume' and event.facts.get('due_to'):
        try:
            day = datetime.date.fromisoformat(event.facts['due_to'])
        except ValueError:
            return ''
        return _l('Now promised by %(day)s', day=_day(day))
    if event.action == 'result':  # the document's name; never its number
        if event.facts.get('was_title'):
            return _l('%(title)s (corrected)', title=event.facts.get('title', ''))
        return event.facts.get('title', '')
    if event.action == 'due_date':
        try:
            day = datetime.date.fromisoformat(event.facts.get('to') or '')
        except ValueError:
            return ''
        return _l('Now promised by %(day)s', day=_day(day))
    return ''


_EVENTS = Prepared(lambda case: (
    models.CaseEvent.select().where(models.CaseEvent.case == case)
    .order_by(models.CaseEvent.at, models.CaseEvent.id)), models.SAMPLE_CASE)


def steps(case):
    """The case's history, oldest first, as (time, title, detail) rows."""
    rows = []
    for event in _EVENTS.cursor(models.db, case.id):
        title = STEP_TITLES.get(event.action, _l('Progress recorded'))
        rows.append(dict(at=event.at, title=title,
                         detail=_detail(case, event)))
    return rows


def stage(case):
    """The index of the case's stage in STAGES."""
    return STAGE_OF_STATUS.get(case.status, 0)


def waiting_for(case):
    """Why a suspended case waits, in the applicant's words (else None)."""
    if not case.in_stage('suspended'):
        return None
    return WAITING_FOR.get(case.suspension_reason, WAITING_FOR['other'])


def headline(case):
    """The case's status in the applicant's words."""
    return HEADLINES.get(case.status, case.status_label)
