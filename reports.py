"""Reports: what supervisors and halls read about cases over a period,
computed from the records and changing none of them. The monthly statistics
form (附件8), the ledger (附件4); dashboards belong here too."""
import datetime

from peewee import JOIN

from models import (
    SATISFIED_RATINGS, Bundle, Case, CaseEvent, Department, Evaluation, Hall,
    Item, today,
)


class UnitStatistics:
    """One row of the monthly statistics form (附件8) for a hall or department."""

    def __init__(self, unit):
        self.unit = unit
        self.open = self.closed = self.terminated = 0
        self.satisfied = self.rated = self.overdue = 0

    @property
    def accepted(self):
        """受理数量 = 在办数量 + 办结数量 (terminated cases ended, so they count as 办结)."""
        return self.open + self.closed

    @property
    def satisfaction(self):
        """满意度 = (非常满意 + 满意 + 基本满意) / 办结数 × 100%, None without 办结."""
        if not self.closed:
            return None
        return round(100.0 * self.satisfied / self.closed, 1)

    def add(self, other):
        for name in ('open', 'closed', 'terminated', 'satisfied', 'rated',
                     'overdue'):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def monthly_statistics(hall_ids, first, last, by='hall'):
    """附件8 rows for cases registered from `first` to `last` (dates), by hall
    or by department, as they stood at the end of `last`."""
    end = datetime.datetime.combine(last, datetime.time.max)
    start = datetime.datetime.combine(first, datetime.time.min)
    query = (Case
             .select(Case.hall, Case.item, Case.closed_at, Case.status,
                     Case.due_date, Item.department,
                     Bundle.lead_department, Evaluation.rating)
             .join_from(Case, Item, JOIN.LEFT_OUTER)
             .join_from(Case, Bundle, JOIN.LEFT_OUTER)
             .join_from(Case, Evaluation, JOIN.LEFT_OUTER)
             .where(Case.hall.in_(list(hall_ids)),
                    Case.registered_at.between(start, end))
             .dicts())
    units = {}
    halls = {h.id: h for h in Hall.select().where(Hall.id.in_(list(hall_ids)))}
    departments = {d.id: d for d in Department.select()}
    for case in query:
        if by == 'department':
            key = case['department'] if case['item'] else case['lead_department']
            unit = departments.get(key)
        else:
            key, unit = case['hall'], halls[case['hall']]
        row = units.setdefault(key, UnitStatistics(unit))
        if case['closed_at'] is not None and case['closed_at'] <= end:
            row.closed += 1
            row.terminated += case['status'] == 'terminated'
            if case['rating'] is not None:
                row.rated += 1
                row.satisfied += case['rating'] in SATISFIED_RATINGS
        else:
            row.open += 1
            if case['due_date'] is not None and case['due_date'] < min(
                    last, today()):
                row.overdue += 1
    rows = sorted(units.values(), key=lambda r: str(r.unit))
    total = UnitStatistics(None)
    for row in rows:
        total.add(row)
    return rows, total


def first_event(case, *actions):
    """The first event of the case among these actions, or None."""
    return (case.events
            .where(CaseEvent.action.in_(actions))
            .order_by(CaseEvent.at, CaseEvent.id)
            .first())


def ledger(hall_id, start, end):
    """The ledger (台账) of one hall's cases registered from `start` to
    `end` (dates): each case with its delivery (or mailing), its
    evaluation and its departments' progress, in the order registered."""
    cases = (Case.in_scope([hall_id])
             .where(Case.registered_at >= datetime.datetime.combine(
                        start, datetime.time.min),
                    Case.registered_at < datetime.datetime.combine(
                        end + datetime.timedelta(days=1), datetime.time.min))
             .order_by(Case.registered_at, Case.id))
    return [(case, first_event(case, 'deliver', 'mail'),
             case.evaluations.first(), list(case.flows))
            for case in cases]
