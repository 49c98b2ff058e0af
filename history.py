"""A case's history, stored as facts and told in the reader's language.

An event (models.CaseEvent) keeps what happened: its action, the statuses
it moved between, its facts as JSON `params` (names, dates and codes as
they were, never a sentence), and only the note a person typed. The words
are chosen here when the history is read, so an agent working in English
and a supervisor reading Chinese see the same history, each in their own
language: on the case page, in the audit trail, and (facts only, no staff
notes) on the applicant's progress page.
"""
from flask_babel import get_locale, ngettext
from i18n import lazy_gettext as _l

import models


def _names(values):
    """Names as a list in the reader's language (、 in Chinese)."""
    locale = get_locale()
    separator = ', ' if locale is not None and locale.language == 'en' else '、'
    if isinstance(values, str):
        return values
    return separator.join(str(value) for value in values or ())


def _arrow(before, after):
    return '%s → %s' % (before or '—', after or '—')


def _service(p):
    form = models.label(models.SERVICE_FORMS, p.get('service_form', ''))
    if p.get('green_reason'):
        return _l('%(form)s; green channel: %(reason)s, %(contact)s',
                  form=form, reason=p['green_reason'],
                  contact=p.get('green_contact', ''))
    return form


def _flow(p):
    if p.get('step') == 'done':
        return _l('%(department)s done %(day)s',
                  department=p.get('department', ''), day=p.get('day', ''))
    return _l('%(department)s accepted %(day)s',
              department=p.get('department', ''), day=p.get('day', ''))


def _resume(p):
    days = p.get('days', 0)
    told = ngettext('%(num)d working day suspended; due date %(due)s',
                    '%(num)d working days suspended; due date %(due)s',
                    days, due=_arrow(p.get('due_from'), p.get('due_to')))
    if p.get('renewed_mandate'):
        told += '; ' + str(_l('renewed mandate signed'))
    return told


def _imported(p):
    told = str(_l('line %(row)s of the ledger; applied on %(day)s',
                  row=p.get('row', ''), day=p.get('registered', '')))
    if p.get('received_by'):
        told += '; ' + str(_l('received by %(name)s', name=p['received_by']))
    return told


def _cover(p):
    if p.get('reason') == 'ab_cover':  # the post's hand-over as A went away
        return _l('AB cover: %(a)s is away from %(post)s, %(b)s takes the '
                  'case over', a=p.get('agent_a', ''), b=p.get('agent_b', ''),
                  post=p.get('post_name', ''))
    return _l('%(b)s covers for %(a)s (A away)',
              b=p.get('agent_b', ''), a=p.get('agent_a', ''))


def _result_line(kind, title, number, copies):
    line = str(_l('%(kind)s: %(title)s',
                  kind=models.label(models.RESULT_KINDS, kind), title=title))
    if copies and copies != 1:
        line += ' × %d' % copies
    if number:
        line += ' ' + str(_l('No. %(number)s', number=number))
    return line


def _result(p):
    told = _result_line(p.get('kind', ''), p.get('title', ''),
                        p.get('number', ''), p.get('copies', 1))
    if 'was_title' not in p:
        return told
    was = _result_line(p.get('was_kind', p.get('kind', '')), p['was_title'],
                       p.get('was_number', ''), p.get('was_copies', 1))
    return _l('corrected: %(was)s → %(now)s', was=was, now=told)


def _call(p):
    return _l('%(outcome)s, called at %(at)s',
              outcome=models.label(models.CALL_OUTCOMES, p.get('outcome', '')),
              at=p.get('called_at', ''))


# How each action's facts read, for staff.
TOLD = {
    # The steps of the request (线上帮办) a case was opened from.
    'request': lambda p: models.label(models.REQUEST_CHANNELS,
                                      p.get('channel', '')),
    'request_call': _call,
    'supply': lambda p: _names(p.get('materials')),
    'service': _service,
    'commission': lambda p: (_l('Authorization letter and commitment letter '
                                'signed') if p.get('letters_signed') else ''),
    'evaluate': lambda p: (models.label(models.RATINGS, p['rating'])
                           if 'rating' in p else ''),
    'terminate': lambda p: (_l('materials returned')
                            if p.get('materials_returned') else ''),
    'suspend': lambda p: models.label(models.SUSPENSION_REASONS,
                                      p.get('reason', '')),
    'resume': _resume,
    'result': _result,
    'reassign': lambda p: _arrow(p.get('from_agent'), p.get('to_agent')),
    'cover': _cover,
    'cover_back': lambda p: _l('AB cover ends: %(a)s is back at %(post)s and '
                               'takes the case back from %(b)s',
                               a=p.get('agent_a', ''), b=p.get('agent_b', ''),
                               post=p.get('post_name', '')),
    'cover_kept': lambda p: _l('%(b)s keeps the case: %(b)s acted on it while '
                               '%(a)s was away', a=p.get('agent_a', ''),
                               b=p.get('agent_b', '')),
    'transfer': lambda p: _arrow(p.get('from_hall'), p.get('to_hall')) + (
        ': %s' % models.said(p['reason']) if p.get('reason') else ''),
    'route': lambda p: _names(p.get('departments')),
    'due_date': lambda p: _arrow(p.get('from'), p.get('to')),
    'handover': lambda p: _arrow(p.get('from_party'), p.get('to_party')),
    'flow': _flow,
    'import': _imported,
    'task_force': lambda p: _l('%(coordinator)s coordinates; members: '
                               '%(members)s', coordinator=p.get('coordinator', ''),
                               members=_names(p.get('members'))),
}


def told(event):
    """The event's facts in the reader's language ('' when it has none)."""
    found = event.facts
    tell = TOLD.get(event.action)
    if not found or tell is None:
        return ''
    try:
        return str(tell(found))
    except (KeyError, TypeError, ValueError):
        return ''


def details(event):
    """What a staff page shows under an event: its facts, then the note
    typed with it."""
    return [text for text in (told(event), event.note) if text]


# How a request's own steps read (ServiceRequest), for staff.
REQUEST_TOLD = {
    'receive': TOLD['request'],
    'call': _call,
    'convert_case': lambda p: _l('case %(number)s', number=p.get('case', '')),
    'convert_appointment': lambda p: '%s %s' % (
        p.get('day', ''), models.label(models.HALF_DAYS, p.get('half_day', ''))),
    'decline': lambda p: _l('referred to %(unit)s', unit=p.get('refer_to', '')),
}


def request_details(step):
    """What the request page shows under a step: its facts, then its note."""
    tell = REQUEST_TOLD.get(step.action)
    told = ''
    if tell is not None and step.facts:
        try:
            told = str(tell(step.facts))
        except (KeyError, TypeError, ValueError):
            told = ''
    return [text for text in (told, step.note) if text]
