"""The supervision dashboard: what a hall, or a parent hall with every hall
below it, looks like now, today and over the last 30 days and 12 months.

Every figure is counted by the database (GROUP BY, window functions for the
90th percentile), so a page costs the same few queries for one village point
or a whole city with a million cases. Nothing here changes a record.
"""
import collections
import datetime

from peewee import JOIN, SQL, Case as SqlCase, NodeList, PostgresqlDatabase, fn

import models
import reports
from models import (
    Agent, AgentMonth, AppraisalMonth, Case, Evaluation, Hall, Kiosk, Shift,
    Ticket, TicketEvent, Window, db,
)
from reports import UnitStatistics

TREND_DAYS = 30
TREND_MONTHS = 12


def _postgres():
    return isinstance(db.obj, PostgresqlDatabase)


def _seconds_between(start, end):
    """The seconds from one stored time to another, as an SQL expression."""
    if _postgres():
        return NodeList((SQL('EXTRACT(EPOCH FROM'), end - start, SQL(')')),
                        glue=' ')
    return (fn.julianday(end) - fn.julianday(start)) * 86400


def _day_of(column):
    """The date of a stored time, as an SQL expression (a 'YYYY-MM-DD'
    text on SQLite, a date on PostgreSQL; `_key` makes them alike)."""
    return fn.date(column).coerce(False)


def _month_of(column):
    """The 'YYYY-MM' month of a stored time, as an SQL expression."""
    if _postgres():
        return fn.to_char(column, 'YYYY-MM').coerce(False)
    return fn.strftime('%Y-%m', column).coerce(False)


def _key(value):
    """A bucket as the database returned it, as 'YYYY-MM-DD' or 'YYYY-MM'."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, datetime.date) else value


# --- Now -------------------------------------------------------------------------

class WindowQueue:
    """One window as the dashboard shows it: its waiting tickets now."""

    def __init__(self, window, waiting, oldest, at):
        self.window, self.waiting = window, waiting
        self.longest_wait = (int((at - oldest).total_seconds())
                             if oldest is not None else None)


def queues(hall_ids, at):
    """Every window of the halls with its waiting tickets of today and the
    issue time of the one waiting longest: one query, grouped by window."""
    waiting = ((Ticket.window == Window.id) & (Ticket.day == at.date())
               & (Ticket.status == 'waiting'))
    rows = (Window
            .select(Window, Hall,
                    fn.COUNT(Ticket.id).alias('waiting'),
                    fn.MIN(Ticket.issued_at).alias('oldest'))
            .join(Hall)
            .join_from(Window, Ticket, JOIN.LEFT_OUTER, on=waiting)
            .where(Window.hall.in_(list(hall_ids)))
            .group_by(Window, Hall)
            .order_by(Hall.code, Window.number))
    found = []
    for window in rows:
        oldest = window.oldest
        if isinstance(oldest, str):  # SQLite returns an aggregate as text
            oldest = datetime.datetime.fromisoformat(oldest)
        found.append(WindowQueue(window, window.waiting or 0, oldest, at))
    return found


def longest_waits(hall_ids, at):
    """The windows of the halls with tickets waiting today and how long
    the first of them has waited now (WindowQueue.longest_wait), as
    [(hall id, window id, window name, seconds)]: one query grouped by
    window, reading only today's waiting tickets (a ticket is of its
    window's hall)."""
    found = []
    for hall_id, window_id, name, oldest in (
            Ticket.select(Ticket.hall, Ticket.window, Window.name,
                          fn.MIN(Ticket.issued_at))
            .join(Window, on=(Ticket.window == Window.id))
            .where(Ticket.hall.in_(list(hall_ids)),
                   Ticket.day == at.date(), Ticket.status == 'waiting')
            .group_by(Ticket.hall, Ticket.window, Window.name)
            .tuples()):
        if isinstance(oldest, str):  # SQLite returns an aggregate as text
            oldest = datetime.datetime.fromisoformat(oldest)
        found.append((hall_id, window_id, name,
                      WindowQueue(None, 0, oldest, at).longest_wait))
    return sorted(found)


def uncovered_kiosks(hall_ids, at, calendar):
    """The active kiosks of halls open at `at` (a working day of the city's
    `calendar`, within opening hours) with no active helper on duty then
    (a shift covering the moment): one query."""
    on_duty = (Shift.select(Shift.kiosk)
               .join(Agent, on=(Shift.helper == Agent.id))
               .where(Shift.starts_at <= at, Shift.ends_at > at,
                      Agent.is_active == True))  # noqa: E712
    kiosks = (Kiosk
                .select(Kiosk, Hall)
                .join(Hall)
                .where(Kiosk.hall.in_(list(hall_ids)),
                       Kiosk.is_active == True,  # noqa: E712
                       Hall.opens_at <= at.time(), Hall.closes_at > at.time(),
                       Kiosk.id.not_in(on_duty))
                .order_by(Hall.code, Kiosk.name))
    return [kiosk for kiosk in kiosks
            if calendar.is_workday(at.date(), kiosk.hall_id)]


class Now:
    """The queue, the windows and the kiosks at this moment."""

    def __init__(self, hall_ids, at, calendar):
        self.queues = queues(hall_ids, at)
        windows = [q.window for q in self.queues]
        self.windows = len(windows)
        self.open = sum(1 for w in windows if w.is_open)
        self.staffed = len(Window.staffed_among(windows))
        self.waiting = sum(q.waiting for q in self.queues)
        waits = [q.longest_wait for q in self.queues if q.longest_wait is not None]
        self.longest_wait = max(waits) if waits else None
        self.longest = next((q for q in self.queues
                             if q.longest_wait == self.longest_wait
                             and waits), None)
        self.uncovered_kiosks = uncovered_kiosks(hall_ids, at, calendar)

    @property
    def busiest(self):
        """The windows with tickets waiting, longest queue first."""
        return sorted((q for q in self.queues if q.waiting),
                      key=lambda q: (-q.waiting, -(q.longest_wait or 0)))


# --- Today -----------------------------------------------------------------------

class Durations:
    """How many, the mean, the median and the 90th percentile (nearest
    rank) of a duration, in seconds; None without any."""

    def __init__(self, count=0, mean=None, p90=None, median=None):
        self.count = int(count or 0)
        self.mean = None if mean is None else int(round(float(mean)))
        self.p90 = None if p90 is None else int(round(float(p90)))
        self.median = None if median is None else int(round(float(median)))


def _ticket_times(hall_ids, day):
    """One row per ticket issued on the day in the halls: when it was
    issued, first called and finished, read from its events."""
    called = fn.MIN(SqlCase(None, [(TicketEvent.action == 'call',
                                    TicketEvent.at)], None))
    finished = fn.MIN(SqlCase(None, [(TicketEvent.action == 'finish',
                                      TicketEvent.at)], None))
    return (Ticket
            .select(Ticket.id, Ticket.issued_at.alias('issued'),
                    called.alias('called'), finished.alias('finished'))
            .join(TicketEvent, JOIN.LEFT_OUTER,
                  on=(TicketEvent.ticket == Ticket.id))
            .where(Ticket.hall.in_(list(hall_ids)), Ticket.day == day)
            .group_by(Ticket.id, Ticket.issued_at))


def _durations(times, start, end):
    """Count, mean and 90th percentile of end - start over the tickets
    that have both, in one query: the rows are ranked by the database."""
    seconds = _seconds_between(times.c[start], times.c[end])
    spans = (Ticket.select(seconds.alias('d'))
             .from_(times)
             .where(times.c[start].is_null(False), times.c[end].is_null(False)))
    return _spread(spans)


def _spread(spans):
    """Count, mean, median and 90th percentile of the `d` column of a
    query, in one query: the rows are ranked by the database."""
    ranked = (Ticket.select(
        spans.c.d.alias('d'),
        fn.ROW_NUMBER().over(order_by=[spans.c.d]).alias('rn'),
        fn.COUNT(SQL('*')).over().alias('n'))
        .from_(spans))
    # Nearest rank: the smallest duration whose rank reaches 50 % (90 %).
    row = (Ticket.select(
        fn.COUNT(ranked.c.d).alias('count'),
        fn.AVG(ranked.c.d).alias('mean'),
        fn.MIN(SqlCase(None, [(ranked.c.rn * 2 >= ranked.c.n,
                               ranked.c.d)], None)).alias('median'),
        fn.MIN(SqlCase(None, [(ranked.c.rn * 10 >= ranked.c.n * 9,
                               ranked.c.d)], None)).alias('p90'))
        .from_(ranked)
        .dicts()
        .get())
    return Durations(row['count'], row['mean'], row['p90'], row['median'])


def first_contact(hall_ids, first, last):
    """线上帮办: from a request's arrival to the call that first reached the
    applicant, over the requests first reached from `first` to `last`."""
    Request = models.ServiceRequest
    start = datetime.datetime.combine(first, datetime.time.min)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1),
                                    datetime.time.min)
    spans = (Request
             .select(_seconds_between(Request.received_at,
                                      Request.first_contact_at).alias('d'))
             .where(Request.hall.in_(list(hall_ids)),
                    Request.first_contact_at >= start,
                    Request.first_contact_at < end))
    return _spread(spans)


class Today:
    """Tickets issued and served today, and how long people waited
    (issued → first called) and were served (called → finished)."""

    def __init__(self, hall_ids, day):
        times = _ticket_times(hall_ids, day).alias('times')
        counts = (Ticket.select(fn.COUNT(times.c.id).alias('issued'),
                                fn.COUNT(times.c.finished).alias('served'))
                  .from_(times).dicts().get())
        self.issued = int(counts['issued'] or 0)
        self.served = int(counts['served'] or 0)
        self.wait = _durations(times, 'issued', 'called')
        self.service = _durations(times, 'called', 'finished')


# --- Trends ----------------------------------------------------------------------

class Period:
    """One day or month of a trend: cases received and closed, and of
    those closed how many on time, satisfied (附件8) and rated badly."""

    def __init__(self, key, first, last):
        self.key, self.first, self.last = key, first, last
        self.received = self.closed = self.on_time = 0
        self.due = self.satisfied = self.bad = 0

    def add(self, row):
        """Count in a row of reports.handled_cases (or of their sums)."""
        self.closed += int(row['handled'] or 0)
        self.due += int(row['due'] or 0)
        self.on_time += int(row['on_time'] or 0)
        self.satisfied += int(row['satisfied'] or 0)
        self.bad += int(row['rated'] or 0) - int(row['satisfied'] or 0)

    @property
    def on_time_rate(self):
        """Closed by the due date, of the closed cases that had one (%)."""
        if not self.due:
            return None
        return round(100.0 * self.on_time / self.due, 1)

    @property
    def satisfaction(self):
        """满意度 by the form's one formula (reports.UnitStatistics)."""
        row = UnitStatistics(None)
        row.closed, row.satisfied = self.closed, self.satisfied
        return row.satisfaction


def _periods(last, by):
    """The buckets of a trend ending with `last` (a date), oldest first."""
    if by == 'day':
        days = [last - datetime.timedelta(days=n)
                for n in range(TREND_DAYS - 1, -1, -1)]
        return [Period(d.isoformat(), d, d) for d in days]
    periods, first = [], last.replace(day=1)
    for _n in range(TREND_MONTHS):
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        periods.append(Period(first.strftime('%Y-%m'), first,
                              following - datetime.timedelta(days=1)))
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return periods[::-1]


def _live(found, hall_ids, first, last, by):
    """Fill the periods of `found` from `first` to `last` (dates) from the
    cases: two grouped queries, one by registration and one by closing
    (reports.received_cases, reports.handled_cases: the appraisal's
    rule). By month a rating counts in the month the case closed if it
    was given by that month's end, as the summed months hold it
    (reports.as_of); by day whenever it was given."""
    bucket = _day_of if by == 'day' else _month_of
    start = datetime.datetime.combine(first, datetime.time.min)
    end = datetime.datetime.combine(last, datetime.time.max)
    received = bucket(Case.registered_at)
    for key, count in (reports.received_cases(
            hall_ids, start, end, [received], [received]).tuples()):
        if _key(key) in found:
            found[_key(key)].received = count
    closed = bucket(Case.closed_at)
    rated_by = bucket(Evaluation.created_at) <= closed if by == 'month' else None
    for row in reports.handled_cases(hall_ids, start, end, rated_by,
                                     [closed.alias('bucket')],
                                     [closed]).dicts():
        period = found.get(_key(row['bucket']))
        if period is not None:
            period.add(row)


def trend(hall_ids, last, by='day'):
    """The 30 days or 12 months up to `last`. The months that are over and
    summed for the appraisal (AppraisalMonth) are read from their sums,
    one grouped query over AgentMonth; the others (the current month, a
    month reopened by a ledger) from the cases (`_live`): four queries
    however many cases the halls hold."""
    periods = _periods(last, by)
    hall_ids = list(hall_ids)
    found = {p.key: p for p in periods}
    whole = set()
    if by == 'month':
        summed = {month for month, in AppraisalMonth
                  .select(AppraisalMonth.month)
                  .where(AppraisalMonth.month.between(periods[0].first, last))
                  .tuples()}
        whole = {p.first for p in periods if p.first in summed and p.last < last}
    if whole:
        figures = ('received', 'handled', 'due', 'on_time', 'rated', 'satisfied')
        for row in (AgentMonth
                    .select(AgentMonth.month,
                            *[fn.SUM(getattr(AgentMonth, name)).alias(name)
                              for name in figures])
                    .where(AgentMonth.month.in_(sorted(whole)),
                           AgentMonth.hall.in_(hall_ids))
                    .group_by(AgentMonth.month)
                    .dicts()):
            period = found[str(_key(row['month']))[:7]]
            period.received = int(row['received'] or 0)
            period.add(row)
    live = [p for p in periods if p.first not in whole]
    if live:  # a summed month between two that are not is left as summed
        _live({p.key: p for p in live}, hall_ids, live[0].first, last, by)
    return periods


# 投诉: received this month, not answered yet, and of those past their
# deadline (models.Complaint.counts: one query).
Complaints = collections.namedtuple('Complaints', 'this_month open overdue')


# --- The page --------------------------------------------------------------------

class Dashboard:
    """Everything the dashboard shows of a hall and the halls below it."""

    def __init__(self, hall, at=None):
        at = at or models.now()
        self.hall, self.at = hall, at
        self.hall_ids = hall.subtree_ids()
        self.now = Now(self.hall_ids, at, hall.working_calendar())
        self.today = Today(self.hall_ids, at.date())
        self.days = trend(self.hall_ids, at.date(), 'day')
        self.months = trend(self.hall_ids, at.date(), 'month')
        self.complaints = Complaints(*models.Complaint.counts(
            self.hall_ids, at.date().replace(day=1), at.date()))
        self.first_contact = first_contact(
            self.hall_ids, at.date() - datetime.timedelta(days=TREND_DAYS - 1),
            at.date())

    @property
    def is_rollup(self):
        """Whether the figures add up halls below this one."""
        return len(self.hall_ids) > 1
