"""Registers brought in from the paper forms of policy document 004: the
liaison registry (附件2) and the case ledger (附件4).

As with every import: each row is checked first, errors are given per row in
the reader's language, and nothing is written when any row is wrong. A file
exported here and imported again changes nothing.
"""
import collections
import datetime
import re

from flask_babel import gettext as _

import models
import validators

from . import audit
from .excel import _names as choice_names


def _halls(hall_ids):
    """The halls a reader may import into, by name."""
    return {hall.name: hall for hall in
            models.Hall.select().where(models.Hall.id.in_(list(hall_ids)))}


def _departments():
    departments = {}
    for department in models.Department.select():
        departments[department.name] = department
        departments.setdefault(department.short_name or department.name, department)
    return departments


def _agents(halls):
    """The agents of these halls, by (hall id, name); a name given to
    several agents of one hall maps to None (the sheet cannot say which)."""
    agents = {}
    for agent in (models.Agent.select()
                  .where(models.Agent.hall.in_([h.id for h in halls]))
                  .order_by(models.Agent.id)):
        key = (agent.hall_id, agent.name)
        agents[key] = None if key in agents else agent
    return agents


def check_liaisons(rows, hall_ids):
    """Every row of a 附件2 sheet checked against the halls in `hall_ids`;
    returns (values per row, errors as messages)."""
    halls, departments = _halls(hall_ids), _departments()
    agents = _agents(halls.values())
    values, errors, seen = [], [], {}
    for number, cells in rows:
        _n, region, unit, name, title, phone, _remarks = cells
        problems = []
        hall = halls.get(region)
        department = None
        if hall is None:
            problems.append(_('unknown hall "%(value)s", or not one of yours',
                              value=region[:60]))
        elif unit != hall.name:
            department = departments.get(unit)
            if department is None:
                problems.append(_('unknown department "%(value)s"', value=unit[:60]))
        if not name or len(name) > 60:
            problems.append(_('the name is missing or longer than 60 characters'))
        if len(title) > 60:
            problems.append(_('the post is longer than 60 characters'))
        try:
            phone = validators.phone(phone) if phone else ''
        except validators.ValidationError as error:
            problems.append(str(error.message).rstrip('.。'))
        if not problems:
            try:  # what the records would keep: no control characters either
                models.Agent.check_values(dict(name=name, phone=phone))
                models.Liaison.check_values(dict(title=title))
            except models.FieldError as error:
                problems.append(str(error).rstrip('.。'))
        agent = None
        if hall is not None:
            key = (hall.id, department.id if department else None)
            if key in seen:
                problems.append(_('this unit already has its liaison in row %(row)d',
                                  row=seen[key]))
            seen.setdefault(key, number)
            agent = agents.get((hall.id, name), False)
            if agent is None:
                problems.append(_('several agents of this hall are called "%(value)s"',
                                  value=name))
        if problems:
            errors.append(_('Row %(row)d: %(problems)s.', row=number,
                            problems='; '.join(problems)))
            continue
        values.append(dict(hall=hall, department=department, name=name,
                           agent=agent or None, title=title, phone=phone))
    return values, errors


def apply_liaisons(values):
    """Write checked rows: an agent not yet known in the hall is added (part-
    time when a department's, full-time when the hall's own), and becomes
    the unit's liaison. Returns (new agents, liaisons changed)."""
    added = changed = 0
    with models.write_transaction():
        for row in values:
            agent = row['agent']
            if agent is None:
                agent = models.Agent.create(
                    hall=row['hall'], department=row['department'], name=row['name'],
                    phone=row['phone'],
                    employment='part_time' if row['department'] else 'full_time')
                audit.record('create', agent, after=audit.snapshot(agent))
                added += 1
            elif row['phone'] and agent.phone != row['phone']:
                before = audit.snapshot(agent)
                agent.phone = row['phone']
                agent.save()
                audit.record('update', agent, before=before, after=audit.snapshot(agent))
            liaison, before = models.Liaison.appoint(
                row['hall'], row['department'], agent, row['title'])
            if before is None or before != (liaison.agent_id, liaison.title):
                audit.record('update' if before else 'create', liaison,
                             after=audit.snapshot(liaison))
                changed += 1
    return added, changed



# --- 附件4: the ledger -------------------------------------------------------

# The documents a ledger line names by their number alone: every one whose
# number says what it is. A passport's number does not, and is unique only
# within its issuing state: it is written with the state, "E12345678 USA".
LEDGER_DOCUMENTS = tuple(kind for kind in validators.DOCUMENT_RULES
                         if kind != 'passport')
PASSPORT = re.compile(r'([0-9A-Za-z]+)\s+([A-Za-z]{3})')
# The oldest ledger a hall brings in.
LEDGER_FIRST_DAY = datetime.date(2000, 1, 1)
PHONE_AT_END = re.compile(r'(.*?)[\s,，、/;；]*((?:\+?86[-\s]?)?\d[\d\-\s]{5,}\d)')


def _applicant(text):
    """申请人姓名及电话: (name, phone), the phone on a line of its own or
    after the name."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return lines[0], ' '.join(lines[1:])
    match = PHONE_AT_END.fullmatch(text)
    return (match.group(1).strip(), match.group(2)) if match else (text, '')


def _flow_lines(text, departments, problems):
    """One flow cell (受理日期 or 办结日期): a department and a date per line,
    as {department: day}; what is wrong goes to `problems`."""
    found = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _space, day = line.strip().rpartition(' ')
        department, day = departments.get(name.strip()), models.parse_day(day)
        if department is None or day is None:
            problems.append(_('"%(value)s" is not a department of this hall and a '
                              'date (YYYY-MM-DD)', value=line.strip()[:60]))
            continue
        found[department] = day
    return found


def _ledger_catalogue(hall):
    """The items and bundles a line of this hall's ledger may name, by name,
    and the departments stationed in the hall, by name and short name."""
    subjects = {}
    for bundle in models.Bundle.select().where(models.Bundle.is_active == True):  # noqa: E712
        subjects[bundle.name] = (None, bundle)
    for item in (models.Item.select()
                 .where(models.Item.is_active == True,  # noqa: E712
                        models.Item.levels.contains(hall.level))):
        if hall.level in item.level_list:
            subjects[item.full_name] = (item, None)
    departments = {}
    for department in (models.Department.select()
                       .join(models.HallDepartment)
                       .where(models.HallDepartment.hall == hall)):
        departments[department.name] = department
        departments.setdefault(department.short_name or department.name, department)
    return subjects, departments


def _document(text):
    """The applicant's document from its number, or the message why not."""
    passport = PASSPORT.fullmatch(text)
    try:
        if passport:
            return validators.document('passport', passport.group(1),
                                       passport.group(2)), None
        found = validators.classify(text, LEDGER_DOCUMENTS)
    except validators.ValidationError as error:
        return None, str(error.message).rstrip('.。')
    if found is not None:
        return found, None
    told = validators.document_error(text)
    if told:
        return None, str(told).rstrip('.。')
    return None, _('"%(value)s" is not the number of an identity card, a permit '
                   'or a credit code', value=text[:40])


def check_ledger(rows, hall):
    """Every row of a 附件4 sheet checked for `hall`; returns (values of the
    rows to add, how many rows are already in the ledger, errors as
    messages). A row is already there when the hall's ledger has a case of
    the same applicant's document, matter and day of application, or its
    case number; a case number of another hall's case is refused."""
    subjects, departments = _ledger_catalogue(hall)
    agents = _agents([hall])
    forms, ratings = choice_names(models.SERVICE_FORMS), choice_names(models.RATINGS)
    parsed, errors = [], []
    for number, cells in rows:
        (_n, day, person, matter, receiver, accepted, done, fed_back, rating,
         remarks, id_number, how, case_number) = cells
        problems = []
        registered_on = models.parse_day(day)
        if registered_on is None or registered_on < LEDGER_FIRST_DAY:
            problems.append(_('the date of application "%(value)s" is not a date '
                              '(YYYY-MM-DD)', value=day[:20]))
        name, phone = _applicant(person)
        if not name or len(name) > 120:
            problems.append(_('the applicant\'s name is missing or longer than 120 '
                              'characters'))
        try:
            phone = validators.phone(phone) if phone else ''
        except validators.ValidationError as error:
            problems.append(str(error.message).rstrip('.。'))
        document, told = _document(id_number)
        if told:
            problems.append(told)
        if not matter:
            problems.append(_('the matter is missing'))
        parsed.append(dict(
            number=number, problems=problems, registered_on=registered_on,
            name=name, phone=phone, document=document, matter=matter,
            cells=cells))
    # What the hall's ledger already holds: two queries for the whole sheet.
    days = [row['registered_on'] for row in parsed if row['registered_on']]
    existing = models.Case.ledger_keys(
        hall.id, [row['document'].number for row in parsed if row['document']],
        min(days), max(days)) if days else set()
    numbers = {row['cells'][12] for row in parsed if row['cells'][12]}
    known = {case.number: case for case in (
        models.Case.select(models.Case.number, models.Case.hall,
                           models.Case.origin_hall)
        .where(models.Case.number.in_(list(numbers))))} if numbers else {}
    values, already, seen = [], 0, {}
    for row in parsed:
        number, problems, cells = row['number'], row['problems'], row['cells']
        (_n, _day, _person, matter, receiver, accepted, done, fed_back, rating,
         remarks, _id, how, case_number) = cells
        key = None
        if row['document'] and row['registered_on']:
            document = row['document']
            key = (document.type, document.number, document.nationality, matter,
                   row['registered_on'])
            if key in seen:
                problems.append(_('the same case is already in row %(row)d',
                                  row=seen[key]))
            seen.setdefault(key, number)
        case = known.get(case_number)
        if case is not None and hall.id not in (case.hall_id, case.origin_hall_id):
            problems.append(_('case %(number)s is in another hall\'s ledger',
                              number=case_number[:40]))
        elif not problems and (case is not None or key in existing):
            already += 1
            continue
        item, bundle = subjects.get(matter, (None, None))
        if matter and item is None and bundle is None:
            problems.append(_('"%(value)s" is not an item or bundle offered in this '
                              'hall', value=matter[:60]))
        service_form = forms.get(how.strip().lower()) if how else (
            item.service_forms[0] if item else 'assisted')
        if service_form is None or (item and service_form not in item.service_forms):
            problems.append(_('the form of service "%(value)s" is not one this item '
                              'offers', value=how[:20]))
        agent = agents.get((hall.id, receiver), False) if receiver else None
        if agent is False:
            problems.append(_('no agent of this hall is called "%(value)s"',
                              value=receiver[:60]))
        elif receiver and agent is None:
            problems.append(_('several agents of this hall are called "%(value)s"',
                              value=receiver))
        accepted_on = _flow_lines(accepted, departments, problems)
        done_on = _flow_lines(done, departments, problems)
        fed_back_on = models.parse_day(fed_back) if fed_back else None
        if fed_back and fed_back_on is None:
            problems.append(_('the feedback date "%(value)s" is not a date '
                              '(YYYY-MM-DD)', value=fed_back[:20]))
        rated = ratings.get(rating.strip().lower()) if rating else None
        if rating and rated is None:
            problems.append(_('unknown rating "%(value)s"', value=rating[:20]))
        terminated = remarks if re.search('终止|terminated', remarks, re.I) else ''
        flows = [(department, accepted_on.get(department), done_on.get(department))
                 for department in list(accepted_on) + [
                     d for d in done_on if d not in accepted_on]]
        if not problems:
            told = models.Case.ledger_line_refusal(
                row['registered_on'], flows, fed_back_on, rated, terminated)
            if told is not None:
                problems.append(str(told))
        if not problems:
            try:  # what the records would keep: no control characters either
                models.Applicant.check_values(dict(name=row['name']))
                models.Case.check_values(dict(termination_reason=terminated))
            except models.FieldError as error:
                problems.append(str(error).rstrip('.。'))
        if problems:
            errors.append(_('Row %(row)d: %(problems)s.', row=number,
                            problems='; '.join(problems)))
            continue
        values.append(dict(
            row=number, key=key, document=row['document'], name=row['name'],
            phone=row['phone'], registered_on=row['registered_on'], item=item,
            bundle=bundle, service_form=service_form, agent=agent or None,
            flows=flows, fed_back_on=fed_back_on, rating=rated,
            terminated=terminated, received_by=receiver,
            ledger_number=case_number if case is None else '',
            remarks='' if terminated else remarks))
    return values, already, errors


LedgerImport = collections.namedtuple('LedgerImport',
                                      'added rectifying on_paper')


def apply_ledger(hall, values, user):
    """Write checked rows as imported cases of `hall`, skipping any that
    reached the ledger meanwhile (the same sheet sent twice at once).
    Returns how many cases were added, and of their bad ratings how many
    opened a rectification task (still within the deadline) and how many
    were handled on paper (older): a LedgerImport."""
    added, outcomes = 0, collections.Counter()
    with models.write_transaction():
        if models.db.obj.for_update:  # PostgreSQL: one import per hall at a time
            (models.Hall.select(models.Hall.id).where(models.Hall.id == hall.id)
             .for_update().execute())
        if not values:
            return LedgerImport(0, 0, 0)
        days = [row['registered_on'] for row in values]
        existing = models.Case.ledger_keys(
            hall.id, [row['document'].number for row in values], min(days), max(days))
        files = {}
        for applicant in models.Applicant.select().where(
                models.Applicant.id_number.in_(
                    list({row['document'].number for row in values}))):
            files[(applicant.id_type, applicant.id_number,
                   applicant.nationality)] = applicant
        calendar = models.city_calendar(models.Hall.city_of(hall.id))
        for row in values:
            if row['key'] in existing:
                continue
            document = row['document']
            applicant = files.get(tuple(document))
            if applicant is None:
                applicant = files[tuple(document)] = models.Applicant.create(
                    kind=validators.document_kind(document.type),
                    id_type=document.type, id_number=document.number,
                    nationality=document.nationality, name=row['name'],
                    phone=row['phone'])
            case = models.Case.import_ledger_line(
                hall, applicant, row['registered_on'], row['service_form'],
                item=row['item'], bundle=row['bundle'], agent=row['agent'],
                flows=row['flows'], fed_back_on=row['fed_back_on'],
                rating=row['rating'], terminated=row['terminated'], user=user,
                calendar=calendar, facts=dict(
                    row=row['row'], received_by=row['received_by'],
                    ledger_number=row['ledger_number'], remarks=row['remarks']))
            outcomes[case.rectification] += 1
            added += 1
        done = LedgerImport(added, outcomes['opened'], outcomes['on_paper'])
        if added:
            models.AuditLog.record(user, 'import', 'Hall', hall.id,
                                   after=dict(form='ledger', rows=len(values),
                                              added=added,
                                              rectifying=done.rectifying,
                                              on_paper=done.on_paper),
                                   hall=hall.id)
    return done
