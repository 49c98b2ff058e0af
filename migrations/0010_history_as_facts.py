# Generated from a schema diff on 2026-12-02 15:49, then completed by hand:
# a case event keeps the facts of what happened (params, JSON) instead of a
# sentence in the language its writer used, and the sentences written so
# far become facts. The product wrote them in Chinese (zh_Hans_CN) or in
# English (the msgids); the wording has not changed since the first
# release. What is not recognised stays, as a note typed by a person.
import json
import re

from peewee import *

ARROW = ' → '
SIGNED = ('Authorization letter and commitment letter signed',
          '已签署授权委托书和承诺书')
RETURNED = ('materials returned', '材料已退还')
GREEN = ('green channel', '绿色通道')
HANDLED_AT = ('handled at %s', '由%s办理')
STEPS = {'accepted': 'accepted', '受理': 'accepted',
         'done': 'done', '办结': 'done'}
RATINGS = {'Very satisfied': 5, 'Satisfied': 4, 'Basically satisfied': 3,
           'Dissatisfied': 2, 'Very dissatisfied': 1,
           '非常满意': 5, '满意': 4, '基本满意': 3, '不满意': 2, '非常不满意': 1}
SERVICE_FORMS = {'Assisted handling': 'assisted', 'Proxy handling': 'proxy',
                 'Home visit': 'home_visit',
                 '帮办': 'assisted', '代办': 'proxy', '上门服务': 'home_visit'}
COVER = (re.compile(r'^(?P<b>.+?) covers for (?P<a>.+) \(A away\)$', re.S),
         re.compile(r'^(?P<b>.+?) 顶岗 (?P<a>.+)（A岗不在岗）$', re.S))
DAY = r'\d{4}-\d{2}-\d{2}'
DUE_DATE = re.compile(r'^(%s) → (%s)$' % (DAY, DAY))
FLOW = re.compile(r'^(?P<department>.+) (?P<step>accepted|done|受理|办结) '
                  r'(?P<day>%s)$' % DAY, re.S)
SERVICE = re.compile(r'^(?P<form>[^;]+); (?:green channel|绿色通道): '
                     r'(?P<reason>.*), (?P<contact>[^,]*)$', re.S)
# The actions whose note the product wrote (wholly or in part).
ACTIONS = ('commission', 'evaluate', 'terminate', 'service', 'reassign',
           'cover', 'transfer', 'route', 'supply', 'due_date', 'handover',
           'flow', 'task_force')


def split_names(text, known):
    """Names joined by 、 back into a list, keeping a known name that
    holds a 、 itself whole."""
    pieces = text.split('、')
    names, start = [], 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):
            name = '、'.join(pieces[start:end])
            if end - start == 1 or name in known:
                names.append(name)
                start = end
                break
    return names


def _arrow(note):
    """(before, after, rest) of "before → after: rest", or None."""
    before, found, after = note.partition(ARROW)
    if not found or not before:
        return None
    after, colon, rest = after.partition(': ')
    return before, after, rest, bool(colon)


def facts(action, note, known):
    """(facts, note left) for a note the product wrote, or None."""
    if action == 'commission':
        for signed in SIGNED:
            if note == signed:
                return {'letters_signed': True}, ''
            if note.startswith(signed + '. '):
                return {'letters_signed': True}, note[len(signed) + 2:]
    elif action == 'evaluate':
        if note in RATINGS:
            return {'rating': RATINGS[note]}, ''
    elif action == 'terminate':
        for returned in RETURNED:
            suffix = '（%s）' % returned
            if note.endswith(suffix):
                return {'materials_returned': True}, note[:-len(suffix)]
    elif action == 'service':
        if note in SERVICE_FORMS:
            return {'service_form': SERVICE_FORMS[note]}, ''
        match = SERVICE.match(note)
        if match and match.group('form') in SERVICE_FORMS:
            return {'service_form': SERVICE_FORMS[match.group('form')],
                    'green_reason': match.group('reason'),
                    'green_contact': match.group('contact')}, ''
    elif action in ('reassign', 'transfer'):
        parts = _arrow(note)
        if parts and parts[3]:
            before, after, rest, _colon = parts
            if action == 'reassign':
                return {'from_agent': '' if before == '—' else before,
                        'to_agent': after}, rest
            found = {'from_hall': before, 'to_hall': after}
            if rest in [said % after for said in HANDLED_AT]:
                # The product's own reason, said in the reader's language.
                found['reason'] = {'msgid': 'handled at %(hall)s',
                                   'values': {'hall': after}}
                rest = ''
            return found, rest
    elif action == 'cover':
        for pattern in COVER:
            match = pattern.match(note)
            if match:
                return {'agent_b': match.group('b'),
                        'agent_a': match.group('a')}, ''
    elif action == 'route':
        return {'departments': split_names(note, known['departments'])}, ''
    elif action == 'supply':
        return {'materials': split_names(note, known['materials'])}, ''
    elif action == 'due_date':
        match = DUE_DATE.match(note)
        if match:
            return {'from': match.group(1), 'to': match.group(2)}, ''
    elif action == 'handover':
        parts = _arrow(note)
        if parts and not parts[3]:
            return {'from_party': parts[0], 'to_party': parts[1]}, ''
    elif action == 'flow':
        match = FLOW.match(note)
        if match:
            return {'department': match.group('department'),
                    'step': STEPS[match.group('step')],
                    'day': match.group('day')}, ''
    elif action == 'task_force':
        coordinator, colon, members = note.partition(': ')
        if colon and coordinator:
            return {'coordinator': coordinator,
                    'members': split_names(members, known['agents'])
                    if members else []}, ''
    return None


def _encode(found):
    found = {k: v for k, v in found.items() if v not in (None, '', [], False)}
    return json.dumps(found, ensure_ascii=False, sort_keys=True) if found else ''


def _names(db, sql):
    return {name for (name,) in db.execute_sql(sql).fetchall() if name}


def up(migrator, db):
    migrator.migrate(migrator.add_column('case_event', 'params', TextField(default='')))
    known = {
        'departments': _names(db, 'SELECT name FROM department') |
        _names(db, 'SELECT short_name FROM department'),
        'agents': _names(db, 'SELECT name FROM agent'),
    }
    materials = {}
    for case_id, name in db.execute_sql(
            'SELECT case_id, name FROM case_material').fetchall():
        materials.setdefault(case_id, set()).add(name)
    rows = db.execute_sql(
        "SELECT id, case_id, action, note FROM case_event WHERE note <> '' "
        "AND action IN (%s)" % ', '.join([db.param] * len(ACTIONS)),
        ACTIONS).fetchall()
    update = 'UPDATE case_event SET params = %s, note = %s WHERE id = %s'.replace(
        '%s', db.param)
    with db.atomic():
        for row_id, case_id, action, note in rows:
            known['materials'] = materials.get(case_id, set())
            found = facts(action, note, known)
            if found is not None:
                db.execute_sql(update, (_encode(found[0]), found[1], row_id))


# Going back, the facts are written as the Chinese sentences they were.
def _sentence(action, facts, note):
    arrow = '%s → %s'
    told = {
        'commission': lambda: SIGNED[1],
        'evaluate': lambda: {v: k for k, v in RATINGS.items()
                             if not k.isascii()}[facts['rating']],
        'terminate': lambda: '（%s）' % RETURNED[1],
        'service': lambda: {v: k for k, v in SERVICE_FORMS.items()
                            if not k.isascii()}[facts['service_form']] + (
            '; %s: %s, %s' % (GREEN[1], facts['green_reason'],
                              facts.get('green_contact', ''))
            if facts.get('green_reason') else ''),
        'reassign': lambda: arrow % (facts.get('from_agent') or '—',
                                     facts.get('to_agent', '')) + ': ',
        'cover': lambda: '%s 顶岗 %s（A岗不在岗）' % (facts['agent_b'],
                                                facts['agent_a']),
        'transfer': lambda: arrow % (facts['from_hall'], facts['to_hall']) + ': ' + (
            HANDLED_AT[1] % facts['to_hall'] if facts.get('reason') else ''),
        'route': lambda: '、'.join(facts['departments']),
        'supply': lambda: '、'.join(facts['materials']),
        'due_date': lambda: arrow % (facts['from'], facts['to']),
        'handover': lambda: arrow % (facts['from_party'], facts['to_party']),
        'flow': lambda: '%s %s %s' % (facts['department'], {
            'accepted': '受理', 'done': '办结'}[facts['step']], facts['day']),
        'task_force': lambda: '%s: %s' % (facts['coordinator'],
                                          '、'.join(facts.get('members', []))),
    }
    sentence = told[action]()
    if action == 'terminate':
        return note + sentence
    if action in ('reassign', 'transfer'):
        return sentence + note
    if action == 'commission' and note:
        return '%s. %s' % (sentence, note)
    return sentence


def down(migrator, db):
    rows = db.execute_sql(
        "SELECT id, action, params, note FROM case_event WHERE params <> ''"
    ).fetchall()
    update = 'UPDATE case_event SET note = %s WHERE id = %s'.replace('%s', db.param)
    with db.atomic():
        for row_id, action, params, note in rows:
            try:
                sentence = _sentence(action, json.loads(params), note or '')
            except (KeyError, TypeError, ValueError):
                continue
            db.execute_sql(update, (sentence, row_id))
    migrator.migrate(migrator.drop_column('case_event', 'params'))
