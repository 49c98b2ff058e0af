"""The audit view: case history and audit entries, merged, newest first.

One page is one SQL statement over both tables (UNION ALL, each side
ordered and limited, then the page), then one query per table for the
page's rows: never a query per row, never a count of the tables. Read only:
nothing here writes, edits or deletes.
"""
import datetime

from flask import abort, g, request
from flask_admin import expose
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from peewee import SQL, Select

import history
import models

from . import auth
from .audit import ACTIONS, change_list
from .base import PortalView, page_number

PER_PAGE = 50
SOURCES = (('case', _l('Case history')), ('audit', _l('Configuration and accounts')))


def kinds():
    """What happened, as the filter offers it: every action code."""
    offered = dict(ACTIONS)
    for code, text in models.ACTION_LABELS.items():
        offered.setdefault(code, text)
    return sorted(offered.items(), key=lambda pair: str(pair[1]))


def _day(text):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return False


class Filters:
    """The filters of the request, checked; bad ones are reported, not used."""

    def __init__(self, args, hall_ids):
        self.errors = []
        self.values = {}
        self.hall = self._int(args, 'hall', _('Hall'))
        if self.hall is not None and self.hall not in hall_ids:
            self.errors.append(_('Choose a hall from the list.'))
            self.hall = None
        self.actor = self._int(args, 'actor', _('Actor'))
        self.since, self.until = _day(args.get('from')), _day(args.get('to'))
        if self.since is False or self.until is False:
            self.errors.append(_('Enter dates as YYYY-MM-DD.'))
            self.since = self.until = None
        self.kind = args.get('kind') or ''
        if self.kind and self.kind not in dict(kinds()):
            self.kind = ''
        self.result = args.get('result') or ''
        if self.result not in dict(models.AUDIT_RESULTS):
            self.result = ''
        self.source = args.get('source') or ''
        if self.source not in dict(SOURCES):
            self.source = ''
        self.values.update({key: args.get(key) or '' for key in (
            'hall', 'actor', 'from', 'to', 'kind', 'result', 'source')})

    def _int(self, args, name, label):
        text = args.get(name) or ''
        if not text:
            return None
        if not text.isdigit() or len(text) > 12:
            self.errors.append(_('%(field)s: choose from the list.', field=label))
            return None
        return int(text)

    def apply(self, query, at, actor, hall, action):
        """The conditions shared by both sides of the union."""
        if self.hall is not None:
            query = query.where(hall == self.hall)
        if self.actor is not None:
            query = query.where(actor == self.actor)
        if self.since:
            query = query.where(at >= datetime.datetime.combine(
                self.since, datetime.time()))
        if self.until:
            query = query.where(at < datetime.datetime.combine(
                self.until + datetime.timedelta(days=1), datetime.time()))
        if self.kind:
            query = query.where(action == self.kind)
        return query


def audit_side(filters, hall_ids, city_admin):
    """Audit entries the user may read, with the filters."""
    A = models.AuditLog
    mine = A.hall.in_(hall_ids)
    if city_admin:  # the shared catalogue and the database have no hall
        mine = mine | A.hall.is_null()
    query = (A.select(SQL("'audit'").alias('source'), A.id.alias('id'),
                      A.at.alias('at'))
             .where(mine))
    if filters.result:
        query = query.where(A.result == filters.result)
    return filters.apply(query, A.at, A.user, A.hall, A.action)


def case_side(filters, hall_ids):
    """Case events of the cases of the user's halls, with the filters;
    a case event is always an action done (refusals are audit entries)."""
    E, C = models.CaseEvent, models.Case
    query = (E.select(SQL("'case'").alias('source'), E.id.alias('id'),
                      E.at.alias('at'))
             .join(C, on=(E.case == C.id))
             .where(C.hall.in_(hall_ids)))
    if filters.result == 'refused':
        query = query.where(SQL('1 = 0'))
    return filters.apply(query, E.at, E.actor, C.hall, E.action)


def page_keys(filters, hall_ids, city_admin, page):
    """(source, id) of the rows of one page, newest first, and whether a
    next page exists. Each side is cut to what the page can need before
    the two are merged, so the database reads only the newest rows."""
    wanted = (page + 1) * PER_PAGE + 1
    sides = []
    if filters.source in ('', 'audit'):
        sides.append(audit_side(filters, hall_ids, city_admin))
    if filters.source in ('', 'case'):
        sides.append(case_side(filters, hall_ids))
    cut = [Select([side.order_by(SQL('at DESC'), SQL('id DESC')).limit(wanted)
                   .alias('s%d' % n)], [SQL('*')])
           for n, side in enumerate(sides)]
    union = cut[0]
    for side in cut[1:]:
        union = union.union_all(side)
    rows = list(union.order_by(SQL('at DESC'), SQL('source'), SQL('id DESC'))
                .limit(PER_PAGE + 1).offset(page * PER_PAGE)
                .bind(models.db.obj).tuples())
    return [(source, key) for source, key, _at in rows[:PER_PAGE]], \
        len(rows) > PER_PAGE


class Row:
    """One line of the trail, whichever table it came from."""

    def __init__(self, source, at, actor, hall, what, subject, result,
                 details, link=None):
        self.source, self.at, self.actor, self.hall = source, at, actor, hall
        self.what, self.subject, self.result = what, subject, result
        self.details, self.link = details, link


def load_rows(keys):
    """The page's rows with their actors, halls and cases: one query per
    table, whatever the number of rows."""
    audit_ids = [key for source, key in keys if source == 'audit']
    event_ids = [key for source, key in keys if source == 'case']
    A, E, C, U, H = (models.AuditLog, models.CaseEvent, models.Case,
                     models.User, models.Hall)
    found = {}
    if audit_ids:
        entries = list(A.select(A, U, H)
                       .join(U, models.JOIN.LEFT_OUTER, on=(A.user == U.id))
                       .switch(A)
                       .join(H, models.JOIN.LEFT_OUTER, on=(A.hall == H.id))
                       .where(A.id.in_(audit_ids)))
        case_ids = {int(e.record_id) for e in entries
                    if e.model == 'Case' and e.record_id.isdigit()}
        numbers = dict(C.select(C.id, C.number).where(C.id.in_(case_ids)).tuples()
                       ) if case_ids else {}
        for entry in entries:
            found['audit', entry.id] = audit_row(entry, numbers)
    if event_ids:
        for event in (E.select(E, C, U, H)
                      .join(C, on=(E.case == C.id))
                      .join(H, on=(C.hall == H.id))
                      .switch(E)
                      .join(U, models.JOIN.LEFT_OUTER, on=(E.actor == U.id))
                      .where(E.id.in_(event_ids))):
            found['case', event.id] = event_row(event)
    return [found[key] for key in keys if key in found]


def _actor(user_id, user):
    return user.name if user_id is not None and user is not None else _('System')


def audit_row(entry, numbers=None):
    """An audit entry as a line; `numbers` gives the case numbers of the
    entries about cases (refused case actions)."""
    labels = [dict(ACTIONS), models.ACTION_LABELS]
    if entry.model == 'Case':
        labels.reverse()
    what = labels[0].get(entry.action) or labels[1].get(entry.action, entry.action)
    details = [('%s: %s → %s' % change) if change[0] else '%s → %s' % change[1:]
               for change in change_list(entry)]
    if entry.result == 'refused' and entry.reason:
        details.insert(0, entry.reason_text)
    subject = entry.model + (' #' + entry.record_id if entry.record_id else '')
    if entry.model == 'Case' and entry.record_id.isdigit():
        number = (numbers or {}).get(int(entry.record_id))
        subject = number or subject
    return Row('audit', entry.at, _actor(entry.user_id, entry.user if entry.user_id else None),
               entry.hall.name if entry.hall_id is not None and entry.hall else '',
               what, subject, entry.result, details,
               link=('.details', {'id': entry.id, 'page': request.args.get('page', 0)}))


def event_row(event):
    case = event.case
    details = []
    if event.from_status != event.to_status:
        details.append('%s → %s' % (
            models.label(models.CASE_STATUSES, event.from_status) if event.from_status else '—',
            models.label(models.CASE_STATUSES, event.to_status)))
    details.extend(history.details(event))
    return Row('case', event.at, _actor(event.actor_id, event.actor if event.actor_id else None),
               case.hall.name, event.action_label, case.number, 'success',
               details, link=('cases.detail', {'case_id': case.id}))


class AuditView(PortalView):
    """Supervisors, city administrators and managers read the trail of
    their halls. No create, edit or delete exists here."""
    can_create = can_edit = can_delete = False

    @expose('/')
    def index(self):
        hall_ids = auth.scope()
        filters = Filters(request.args, hall_ids)
        page = page_number()
        keys, more = page_keys(filters, hall_ids,
                               g.user.may('administer_city'), page)
        halls = (models.Hall.select().where(models.Hall.id.in_(hall_ids))
                 .order_by(models.Hall.code))
        actors = (models.User.select(models.User.id, models.User.name,
                                     models.User.username)
                  .where(models.User.hall.in_(hall_ids))
                  .order_by(models.User.name))
        return self.render('portal/admin/audit.html', rows=load_rows(keys),
                           filters=filters, page=page, more=more, halls=halls,
                           actors=actors, kinds=kinds(), sources=SOURCES,
                           results=models.AUDIT_RESULTS,
                           args={k: v for k, v in filters.values.items() if v})

    @expose('/details/')
    def details(self):
        """One audit entry in full: its changes, or why it was refused."""
        text = request.args.get('id') or ''
        if not text.isdigit() or len(text) > 12:
            abort(404)
        A = models.AuditLog
        mine = A.hall.in_(auth.scope())
        if g.user.may('administer_city'):
            mine = mine | A.hall.is_null()
        entry = A.select().where(A.id == int(text), mine).first()
        if entry is None:
            abort(404)
        return self.render('portal/admin/audit_entry.html', entry=entry,
                           row=audit_row(entry), changes=change_list(entry))
