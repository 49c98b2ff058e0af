"""Reports: what supervisors and halls read about cases over a period,
computed from the records and changing none of them. The monthly statistics
form (附件8), the ledger (附件4); dashboards belong here too."""
import collections
import datetime

from flask_babel import gettext as _
from peewee import JOIN, Case as SqlCase, fn

from models import (
    APPRAISAL_SUMMED, SAMPLED_STATUSES, SATISFIED_RATINGS, Agent, AgentMonth,
    Applicant, AppraisalMonth, Bundle, Case, CaseEvent, CaseFlow, Complaint,
    Department, Evaluation, FollowUp, Hall, Item, SampleDraw, SampleReview,
    User, month_span, now, today, write_transaction,
)


# What the form counts per unit; `suspended` cases are among the open ones.
STATISTICS = ('open', 'closed', 'terminated', 'satisfied', 'rated', 'overdue',
              'suspended')


class UnitStatistics:
    """One row of the monthly statistics form (附件8) for a hall or department."""

    def __init__(self, unit):
        self.unit = unit
        self.open = self.closed = self.terminated = 0
        self.satisfied = self.rated = self.overdue = self.suspended = 0

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
        for name in STATISTICS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _count(condition):
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END): a count within a group."""
    return fn.SUM(SqlCase(None, [(condition, 1)], 0))


def monthly_statistics(hall_ids, first, last, by='hall'):
    """附件8 rows for cases registered from `first` to `last` (dates), by hall
    or by department, as they stood at the end of `last`.

    The database counts, one row per unit (GROUP BY): a month or a year of
    a whole city is read without bringing a single case into Python."""
    hall_ids = list(hall_ids)
    end = datetime.datetime.combine(last, datetime.time.max)
    start = datetime.datetime.combine(first, datetime.time.min)
    closed = Case.closed_at.is_null(False) & (Case.closed_at <= end)
    still_open = Case.closed_at.is_null() | (Case.closed_at > end)
    if by == 'department':
        unit = SqlCase(None, [(Case.item.is_null(False), Item.department)],
                       Bundle.lead_department)
    else:
        unit = Case.hall
    query = (Case
             .select(unit.alias('unit'),
                     _count(still_open).alias('open'),
                     _count(closed).alias('closed'),
                     _count(closed & (Case.status == 'terminated'))
                     .alias('terminated'),
                     _count(closed & Evaluation.rating.is_null(False))
                     .alias('rated'),
                     _count(closed & Evaluation.rating.in_(SATISFIED_RATINGS))
                     .alias('satisfied'),
                     # A suspended case's promised date is paused: it waits,
                     # it is not late.
                     _count(still_open & (Case.status != 'suspended')
                            & (Case.due_date < min(last, today())))
                     .alias('overdue'),
                     _count(still_open & (Case.status == 'suspended'))
                     .alias('suspended'))
             .join_from(Case, Evaluation, JOIN.LEFT_OUTER))
    if by == 'department':
        query = (query
                 .join_from(Case, Item, JOIN.LEFT_OUTER)
                 .join_from(Case, Bundle, JOIN.LEFT_OUTER))
    counted = list(query
                   .where(Case.hall.in_(hall_ids),
                          Case.registered_at.between(start, end))
                   .group_by(unit)
                   .dicts())
    return _units(counted, Department if by == 'department' else Hall,
                  UnitStatistics, STATISTICS)


def _units(counted, model, figures, names):
    """Rows of `figures` (one per unit: a hall or department, read in one
    query) from counts grouped by unit, in name order, and their total."""
    keys = [row['unit'] for row in counted if row['unit'] is not None]
    units = ({u.id: u for u in model.select().where(model.id.in_(keys))}
             if keys else {})
    rows = []
    for counts in counted:
        row = figures(units.get(counts['unit']))
        for name in names:
            setattr(row, name, int(counts[name] or 0))
        rows.append(row)
    rows.sort(key=lambda r: str(r.unit))
    total = figures(None)
    for row in rows:
        total.add(row)
    return rows, total


def first_event(case, *actions):
    """The first event of the case among these actions, or None."""
    return (case.events
            .where(CaseEvent.action.in_(actions))
            .order_by(CaseEvent.at, CaseEvent.id)
            .first())


class LedgerRow(collections.namedtuple(
        'LedgerRow', 'case fed_back evaluation flows')):
    """One line of the ledger: a case, its delivery or mailing event, its
    evaluation and its departments' progress (CaseFlow, department joined)."""

    @property
    def received_by(self):
        """Who received the case at the window: its agent, else who opened it."""
        case = self.case
        if case.agent_id:
            return case.agent.name
        if case.is_imported:  # who imported it received nothing
            return ''
        return case.created_by.name if case.created_by_id else ''

    def remarks(self, hall_id):
        """What the ledger's last column says besides the case number, as
        read in the hall `hall_id`: how the case stopped, where it moved."""
        case, said = self.case, []
        if case.in_stage('stopped') or (case.in_stage('final')
                                        and case.termination_reason):
            said.append(_('Terminated') if case.termination_reason
                        else str(case.status_label))
        if case.is_imported:
            said.append(_('From the paper ledger'))
        if case.is_transferred:
            said.append(_('from %(hall)s', hall=case.origin_hall.name)
                        if case.hall_id == hall_id
                        else _('to %(hall)s', hall=case.hall.name))
        return said


def ledger(hall_id, start, end, after=None, limit=None):
    """The ledger (台账) of one hall's cases registered from `start` to
    `end` (dates), in the order registered: a list of LedgerRow.

    `after` is the (registered_at, id) of the last case already read and
    `limit` how many to read: a page, or a batch of an export. Each call
    runs the same four queries however many cases it returns."""
    Origin = Hall.alias()
    cases = (Case.in_scope([hall_id])
             # Only what a ledger line shows: reading a row costs per column.
             .select(Case.id, Case.number, Case.registered_at, Case.status,
                     Case.item_name, Case.termination_reason, Case.hall,
                     Case.origin_hall, Case.applicant, Case.agent,
                     Case.created_by, Case.service_form, Case.is_imported,
                     Applicant.id, Applicant.name, Applicant.phone,
                     Applicant.id_type, Applicant.id_number,
                     Applicant.nationality,
                     Agent.id, Agent.name, User.id, User.name,
                     Hall.id, Hall.name, Origin.id, Origin.name)
             .join_from(Case, Applicant)
             .join_from(Case, Agent, JOIN.LEFT_OUTER)
             .join_from(Case, User, JOIN.LEFT_OUTER, on=Case.created_by)
             .join_from(Case, Hall, on=Case.hall)
             .join_from(Case, Origin, on=Case.origin_hall)
             .where(Case.registered_at >= datetime.datetime.combine(
                        start, datetime.time.min),
                    Case.registered_at < datetime.datetime.combine(
                        end + datetime.timedelta(days=1), datetime.time.min))
             .order_by(Case.registered_at, Case.id))
    if after is not None:
        at, case_id = after
        # The first condition alone lets an index start the range at `at`.
        cases = cases.where(Case.registered_at >= at,
                            (Case.registered_at > at) | (Case.id > case_id))
    if limit is not None:
        cases = cases.limit(limit)
    cases = list(cases)
    ids = [case.id for case in cases]
    if not ids:
        return []
    fed_back = {}
    for event in (CaseEvent.select(CaseEvent.id, CaseEvent.case, CaseEvent.at)
                  .where(CaseEvent.case.in_(ids),
                         CaseEvent.action.in_(('deliver', 'mail')))
                  .order_by(CaseEvent.at, CaseEvent.id)):
        fed_back.setdefault(event.case_id, event)
    evaluations = {evaluation.case_id: evaluation for evaluation in
                   Evaluation.select().where(Evaluation.case.in_(ids))}
    flows = collections.defaultdict(list)
    for flow in (CaseFlow.select(CaseFlow, Department)
                 .join(Department)
                 .where(CaseFlow.case.in_(ids))
                 .order_by(CaseFlow.id)):
        flows[flow.case_id].append(flow)
    return [LedgerRow(case, fed_back.get(case.id), evaluations.get(case.id),
                      flows[case.id])
            for case in cases]


def ledger_batches(hall_id, start, end, size=1000):
    """The whole ledger of the range, `size` rows at a time (for exports:
    each batch is read with the same queries as a page)."""
    after = None
    while True:
        rows = ledger(hall_id, start, end, after=after, limit=size)
        yield rows
        if len(rows) < size:
            return
        last = rows[-1].case
        after = (last.registered_at, last.id)


# --- 差评整改: call-back and on-time rectification rates ----------------------

RECTIFICATION = ('bad', 'called_back', 'closed', 'due', 'on_time',
                 'overdue')


class RectificationFigures:
    """The closed loop of one hall's bad ratings (差评) given in a period:
    how many, how many called back (the applicant reached), and of those
    whose deadline has come (closed, or open past it) how many were
    rectified by the deadline and confirmed."""

    def __init__(self, unit):
        self.unit = unit
        for name in RECTIFICATION:
            setattr(self, name, 0)

    @staticmethod
    def _rate(part, whole):
        return None if not whole else round(100.0 * part / whole, 1)

    @property
    def callback_rate(self):
        """回访率 = called back / bad ratings × 100%, None without any."""
        return self._rate(self.called_back, self.bad)

    @property
    def on_time_rate(self):
        """按期整改率 = rectified by the deadline / deadline come × 100%."""
        return self._rate(self.on_time, self.due)

    def add(self, other):
        for name in RECTIFICATION:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _closed_loop(prefix='', at=None):
    """The counts of a group of rectification tasks: bad ratings, called
    back, closed, and closed rectified by the deadline; with `at` (a
    moment), as they stood then, from the stamped times."""
    called_back = FollowUp.called_back_at.is_null(False)
    closed = FollowUp.closed_at.is_null(False)
    if at is not None:
        called_back = called_back & (FollowUp.called_back_at < at)
        closed = closed & (FollowUp.closed_at < at)
    return [fn.COUNT(FollowUp.id).alias('bad'),
            _count(called_back).alias(prefix + 'called_back'),
            _count(closed).alias(prefix + 'closed'),
            _count(closed & (fn.DATE(FollowUp.rectified_at)
                             <= FollowUp.due_date))
            .alias(prefix + 'on_time')]


def as_of(last):
    """The moment a period ending on `last` (a date) is read as of: the
    midnight after it once it is over, so that its figures never change
    afterwards (what is stamped later counts in no earlier period), and
    now while it runs. One rule for the closed loop and the appraisal."""
    if last < today():
        return datetime.datetime.combine(last + datetime.timedelta(days=1),
                                         datetime.time.min)
    return now()


def rectification_rates(hall_ids, first, last, at=None):
    """The call-back and on-time rectification rates of the bad ratings
    given from `first` to `last` (dates) in the halls, one row per hall
    and the total, as the tasks stood at the moment `at` (what was stamped
    before it): by default the end of `last` (midnight after it) for a
    period that is over, so that a month's figures do not change afterwards
    (a call-back or a confirmation made later counts in no earlier month's
    rate), and now for the current one (`as_of`). A task's deadline has
    come when its last day is over by then.

    One GROUP BY query over the tasks, however many cases the halls hold."""
    at = at or as_of(last)
    start = datetime.datetime.combine(first, datetime.time.min)
    end = datetime.datetime.combine(last, datetime.time.max)
    closed = FollowUp.closed_at.is_null(False) & (FollowUp.closed_at < at)
    late = ~closed & (FollowUp.due_date < at.date())
    counted = list(FollowUp
                   .select(FollowUp.hall.alias('unit'),
                           *_closed_loop(at=at),
                           _count(closed | late).alias('due'),
                           _count(late).alias('overdue'))
                   .where(FollowUp.hall.in_(list(hall_ids)),
                          FollowUp.created_at.between(start, end))
                   .group_by(FollowUp.hall)
                   .dicts())
    return _units(counted, Hall, RectificationFigures, RECTIFICATION)


# --- Appraisal (考核): each agent's month or year ---------------------------------

APPRAISAL = ('handled', 'due', 'on_time', 'satisfied', 'rated', 'bad',
             'bad_called_back', 'bad_closed', 'bad_on_time', 'complaints',
             'complaints_upheld', 'sampled', 'reviewed', 'shortcomings')


class AgentAppraisal:
    """One agent's figures over a period: the cases they handled to the
    end (closed in the period, terminated ones included, as 附件8 counts
    办结), how many by the due date, the satisfaction of 附件8, their bad
    ratings and how the rectifications closed, the complaints about them,
    and what the sampling found in their cases."""

    def __init__(self, unit):
        self.unit = unit
        for name in APPRAISAL:
            setattr(self, name, 0)

    _rate = staticmethod(RectificationFigures._rate)

    @property
    def on_time_rate(self):
        """Closed by the due date, of the handled cases that had one (%)."""
        return self._rate(self.on_time, self.due)

    @property
    def satisfaction(self):
        """满意度 by the form's one formula (UnitStatistics)."""
        row = UnitStatistics(None)
        row.closed, row.satisfied = self.handled, self.satisfied
        return row.satisfaction

    def add(self, other):
        for name in APPRAISAL:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def months_of(first, last):
    """The (first, last) days of each calendar month from `first` to
    `last`, the first and the last cut to the period."""
    spans = []
    month = first.replace(day=1)
    while month <= last:
        _first, month_last = month_span(month.strftime('%Y-%m'))
        spans.append((max(first, month), min(last, month_last)))
        month = month_last + datetime.timedelta(days=1)
    return spans


def handled_cases(hall_ids, start, end, rated_by, columns, groups):
    """The GROUP BY query of the cases of the halls handled to the end
    from `start` to `end` (times; closed, terminated ones included, as
    附件8 counts 办结), by `groups`: how many (handled), how many had a due
    date and were closed by it, and how many were rated and satisfied by
    a rating given when `rated_by` holds (None: whenever). One copy for the appraisal, its
    sums and the dashboard's trend; a case without an agent is counted
    in a row of its own (the appraisal leaves it out)."""
    has_due = Case.due_date.is_null(False)
    rated = Evaluation.rating.is_null(False)
    if rated_by is not None:
        rated = rated & rated_by
    return (Case
            .select(*columns,
                    fn.COUNT(Case.id).alias('handled'),
                    _count(has_due).alias('due'),
                    _count(has_due & (fn.DATE(Case.closed_at) <= Case.due_date))
                    .alias('on_time'),
                    _count(rated).alias('rated'),
                    _count(rated & Evaluation.rating.in_(SATISFIED_RATINGS))
                    .alias('satisfied'))
            .join_from(Case, Evaluation, JOIN.LEFT_OUTER)
            .where(Case.hall.in_(hall_ids),
                   Case.status.in_(SAMPLED_STATUSES),
                   Case.closed_at.between(start, end))
            .group_by(*groups))


def received_cases(hall_ids, start, end, columns, groups):
    """The GROUP BY query of the cases of the halls registered from
    `start` to `end` (times), by `groups` (received)."""
    return (Case
            .select(*columns, fn.COUNT(Case.id).alias('received'))
            .where(Case.hall.in_(hall_ids),
                   Case.registered_at.between(start, end))
            .group_by(*groups))


def _appraisal_queries(hall_ids, first, last, at, by_hall=False):
    """The GROUP BY queries of the summed figures (APPRAISAL_SUMMED) of
    `first`..`last` as they stood at the moment `at`, by agent (and by
    hall with `by_hall`, adding the cases registered, which the dashboard's
    trend reads from the sums): the cases handled to the end and their ratings
    given by then, the bad ratings given in the period and their
    call-backs and rectifications stamped by then, the complaints received
    in the period and their verdicts given by then."""
    start = datetime.datetime.combine(first, datetime.time.min)
    end = datetime.datetime.combine(last, datetime.time.max)

    def by(agent, hall):
        columns = [agent.alias('unit')] + ([hall.alias('hall')] if by_hall else [])
        return columns, [agent] + ([hall] if by_hall else [])

    columns, groups = by(Case.agent, Case.hall)
    yield (handled_cases(hall_ids, start, end, Evaluation.created_at < at,
                         columns, groups)
           .where(Case.closed_at < at))
    if by_hall:  # the dashboard's trend (`received_cases`), summed too
        yield received_cases(hall_ids, start, end, columns, groups)
    columns, groups = by(Case.agent, FollowUp.hall)
    yield (FollowUp
           .select(*columns, *_closed_loop('bad_', at=at))
           .join(Case)
           .where(FollowUp.hall.in_(hall_ids), Case.agent.is_null(False),
                  FollowUp.created_at.between(start, end),
                  FollowUp.created_at < at)
           .group_by(*groups))
    columns, groups = by(Complaint.agent, Complaint.hall)
    answered = Complaint.answered_at.is_null(False) & (Complaint.answered_at < at)
    yield (Complaint
           .select(*columns,
                   fn.COUNT(Complaint.id).alias('complaints'),
                   _count(answered & (Complaint.verdict == 'upheld'))
                   .alias('complaints_upheld'))
           .where(Complaint.hall.in_(hall_ids), Complaint.agent.is_null(False),
                  Complaint.received_at.between(start, end),
                  Complaint.received_at < at)
           .group_by(*groups))


def sum_appraisal_month(month):
    """Sum the appraisal of the month whose first day is `month`, over,
    for every hall and agent as it stood at its end (AgentMonth), once:
    a month summed already (by another runner too) is left as it is.
    Returns how many agents' rows were written; None when it was summed
    already, or when a paper ledger brought cases into it while it was
    being summed (the next run sums it)."""
    first, last = month_span(month.strftime('%Y-%m'))
    if last >= today():
        raise ValueError('the month %s is not over' % first)
    newest = Case.select(fn.MAX(Case.id)).scalar() or 0
    halls = [hall for hall, in Hall.select(Hall.id).tuples()]
    figures = collections.defaultdict(dict)
    for query in _appraisal_queries(halls, first, last, as_of(last),
                                    by_hall=True):
        for row in query.dicts():
            figures[(row.pop('hall'), row.pop('unit'))].update(row)
    rows = [dict({name: int(found.get(name) or 0)
                  for name in APPRAISAL_SUMMED},
                 month=first, hall=hall, agent=agent)
            for (hall, agent), found in sorted(
                figures.items(), key=lambda pair: (pair[0][0], pair[0][1] or 0))
            if hall is not None]
    start = datetime.datetime.combine(first, datetime.time.min)
    end = datetime.datetime.combine(last, datetime.time.max)
    with write_transaction():
        AppraisalMonth.take_turns()
        if AppraisalMonth.select().where(AppraisalMonth.month == first).exists():
            return None
        if (Case.select().where(Case.id > newest,
                                Case.closed_at.between(start, end)
                                | Case.registered_at.between(start, end))
                .exists()):
            return None  # a ledger came in meanwhile: the next run sums it
        AppraisalMonth.create(month=first)
        for start in range(0, len(rows), 200):
            AgentMonth.insert_many(rows[start:start + 200]).execute()
    return len(rows)


def appraisal(hall_ids, first, last):
    """Every agent of the halls over `first`..`last` (a month or a year),
    and the total. Each month counts as it stood at its end (`as_of`):
    what is stamped after a month is over (a call-back, a rectification,
    a rating, a complaint's verdict) counts in no earlier month, so a
    month's or a past year's appraisal never changes; the current month
    counts as it stands. Months summed (AgentMonth) are read from their
    sums, the others from the records.

    Sampled cases count in the period of their draw's month, as reviewed
    by now: a month's sample is drawn and reviewed after it is over.

    A constant number of GROUP BY queries, however many agents and cases:
    the months summed, their sums, three for each month not summed (cases,
    bad ratings, complaints), the sampled cases, then the agents."""
    hall_ids = list(hall_ids)
    figures = collections.defaultdict(lambda: collections.defaultdict(int))

    def gather(query):
        for row in query.dicts():
            if row['unit'] is not None:
                found = figures[row.pop('unit')]
                for name, value in row.items():
                    found[name] += int(value or 0)

    spans = [(start, end) for start, end in months_of(first, last)
             if start <= today()]
    summed = {month for month, in AppraisalMonth
              .select(AppraisalMonth.month)
              .where(AppraisalMonth.month.between(first.replace(day=1), last))
              .tuples()}
    whole = [start for start, end in spans if start in summed
             and (start, end) == month_span(start.strftime('%Y-%m'))]
    if whole:
        gather(AgentMonth
               .select(AgentMonth.agent.alias('unit'),
                       *[fn.SUM(getattr(AgentMonth, name)).alias(name)
                         for name in APPRAISAL_SUMMED])
               .where(AgentMonth.month.in_(whole),
                      AgentMonth.hall.in_(hall_ids))
               .group_by(AgentMonth.agent))
    for start, end in spans:
        if start not in whole:
            for query in _appraisal_queries(hall_ids, start, end, as_of(end)):
                gather(query)
    reviewed = SampleReview.reviewed_at.is_null(False)
    gather(SampleReview
           .select(Case.agent.alias('unit'),
                   fn.COUNT(SampleReview.id).alias('sampled'),
                   _count(reviewed).alias('reviewed'),
                   _count(reviewed & (SampleReview.finding != 'compliant'))
                   .alias('shortcomings'))
           .join_from(SampleReview, SampleDraw)
           .join_from(SampleReview, Case)
           .where(SampleReview.hall.in_(hall_ids), Case.agent.is_null(False),
                  SampleDraw.month.between(first.replace(day=1), last))
           .group_by(Case.agent))
    agents = (Agent.select(Agent, Hall)
              .join(Hall)
              .where(Agent.hall.in_(hall_ids)
                     & (Agent.is_active | Agent.id.in_(list(figures) or [0])))
              .order_by(Hall.code, Agent.name, Agent.id))
    rows = []
    for agent in agents:
        row = AgentAppraisal(agent)
        for name in APPRAISAL:
            setattr(row, name, figures[agent.id][name] if agent.id in figures
                    else 0)
        rows.append(row)
    total = AgentAppraisal(None)
    for row in rows:
        total.add(row)
    return rows, total
