"""Registers brought in from the paper forms of policy document 004: the
liaison registry (附件2) and the case ledger (附件4).

As with every import: each row is checked first, errors are given per row in
the reader's language, and nothing is written when any row is wrong. A file
exported here and imported again changes nothing.
"""
from flask_babel import gettext as _

import models
import validators

from . import audit
from .excel import LIAISON_COLUMNS


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

