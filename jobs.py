"""Scheduled jobs: what runs by itself, when it is due, and the runner.

Each job says which periods are due at a moment (a day, a month, the moment
halls closed) and does one period's work; the runner claims a period as a
JobRun row before working, so a job runs at most once at a time and once per
period across every worker and host (models.JobRun), and records what it did
or the error. Every job may run again over the same period and change
nothing: it acts only on what is left to do.

How they run: `flask jobs run` from cron or a systemd timer (production),
or the scheduler embedded in each web worker (`make run`, JOBS_EMBEDDED);
both only ask the runner to do what is due, so running both is harmless.

Another part of the product adds its job with `register(Job(...))`.
"""
import datetime
import logging
import os
import socket

from flask_babel import force_locale
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from peewee import fn

import models

log = logging.getLogger('bangban.jobs')


class Job:
    """A job: `periods(moment)` lists the periods due at the hall-time
    `moment` (oldest first), `work(period)` does one and returns its facts
    (a dict of JSON values), `describe(facts, hall_ids)` tells them in the
    reader's language, counting only the halls the reader sees."""

    def __init__(self, name, title, schedule, periods, work, describe):
        self.name, self.title, self.schedule = name, title, schedule
        self.periods, self.work, self.describe = periods, work, describe


JOBS = {}  # name -> Job, in the order they run


def register(job):
    """Add a job to the registry (rating reminders, alert refresh ...)."""
    if job.name in JOBS:
        raise ValueError('job %s is registered already' % job.name)
    JOBS[job.name] = job
    return job


def _host():
    return '%s:%d' % (socket.gethostname(), os.getpid())


def run(job, period, user=None):
    """Run one period of a job unless it is running or done; the JobRun,
    or None when another runner has it."""
    claimed = models.JobRun.claim(job.name, period, host=_host(), user=user)
    if claimed is None:
        log.info('%s %s: running elsewhere or done; skipped', job.name, period)
        return None
    log.info('%s %s: started', job.name, period)
    try:
        with models.work_cache():
            facts = job.work(period.partition('#')[0])
    except Exception as error:
        log.exception('%s %s: failed', job.name, period)
        return claimed.fail('%s: %s' % (type(error).__name__, error))
    log.info('%s %s: done %s', job.name, period, facts)
    return claimed.finish(facts)


def run_due(names=None, at=None):
    """Run every period due now of the jobs named (all by default) that
    no run has done yet; the runs made."""
    at = at or models.now()
    made = []
    for job in _chosen(names):
        due = job.periods(at)
        done = models.JobRun.done_periods(job.name, due)
        for period in due:
            if period not in done:
                run_ = run(job, period)
                if run_ is not None:
                    made.append(run_)
    return made


def run_now(name, user=None, at=None):
    """Run a job now, for someone who asked (the portal's button): its due
    periods not done yet, or else its latest period again (the job then
    finds nothing left to do, or what arrived since)."""
    job = JOBS[name]
    at = at or models.now()
    due = job.periods(at)
    done = models.JobRun.done_periods(job.name, due)
    left = [period for period in due if period not in done]
    if not left and due:
        left = ['%s#%s' % (due[-1], at.strftime('%Y-%m-%dT%H:%M:%S'))]
    return [run(job, period, user=user) for period in left]


def _chosen(names):
    if not names:
        return list(JOBS.values())
    unknown = set(names) - set(JOBS)
    if unknown:
        raise KeyError(', '.join(sorted(unknown)))
    return [JOBS[name] for name in names]


# --- Day close ---------------------------------------------------------------

def _closing_periods(at):
    """The latest moment some hall closed, up to `at`: one period a day for
    each closing time the halls have (a hall closing at 17:30 and one at
    20:00 make two). The work closes every hall past its closing time."""
    times = sorted({t for t, in models.Hall.select(models.Hall.closes_at)
                    .distinct().tuples()})
    if not times:
        return []
    today = at.date()
    passed = [t for t in times if t <= at.time()]
    if passed:
        moment = datetime.datetime.combine(today, passed[-1])
    else:
        moment = datetime.datetime.combine(today - datetime.timedelta(days=1),
                                           times[-1])
    return [moment.strftime('%Y-%m-%dT%H:%M')]


def close_days(period):
    """Close the tickets left waiting or called of every hall past its
    closing time at `period`, and of any earlier day left open."""
    moment = datetime.datetime.strptime(period, '%Y-%m-%dT%H:%M')
    today = moment.date()
    closed_today = (models.Hall.select(models.Hall.id)
                    .where(models.Hall.closes_at <= moment.time()))
    pending = models.Ticket.left_open(today) + [
        (hall, today) for hall, _day in
        models.Ticket.select(models.Ticket.hall, models.Ticket.day)
        .where(models.Ticket.day == today,
               models.Ticket.status.in_(models.Ticket.DAY_CLOSE_STATUSES),
               models.Ticket.hall.in_(closed_today))
        .group_by(models.Ticket.hall, models.Ticket.day).tuples()]
    by_hall = {}
    for hall, day in pending:
        closed = models.Ticket.close_day(hall, day)
        if closed:
            by_hall[str(hall)] = by_hall.get(str(hall), 0) + closed
    return {'tickets': by_hall, 'days': len(pending)}


def _in_scope(counts, hall_ids):
    if hall_ids is None:
        return sum(counts.values())
    seen = {str(h) for h in hall_ids}
    return sum(n for hall, n in counts.items() if hall in seen)


def _describe_day_close(facts, hall_ids=None):
    return _('%(n)d tickets left waiting or called were closed.',
             n=_in_scope(facts.get('tickets', {}), hall_ids))


# --- Overdue cases -------------------------------------------------------------

def _daily(at):
    return [at.date().isoformat()]


def count_overdue(period):
    """Overdue is worked out from each case's due date whenever it is read
    (Case.overdue), so nothing is marked: the job records how many cases
    each hall had overdue that day, for the record and the alerts."""
    halls = [h for h, in models.Hall.select(models.Hall.id).tuples()]
    counts = models.Case.overdue_counts(halls, today=datetime.date.fromisoformat(period))
    return {'overdue': {str(hall): n for hall, n in counts.items() if n}}


def _describe_overdue(facts, hall_ids=None):
    counts = facts.get('overdue', {})
    seen = None if hall_ids is None else {str(h) for h in hall_ids}
    halls = [h for h, n in counts.items() if n and (seen is None or h in seen)]
    return _('%(n)d cases overdue in %(halls)d halls.',
             n=_in_scope(counts, hall_ids), halls=len(halls))


# --- Monthly 附件8 ---------------------------------------------------------------

def _report_periods(at):
    """For each city: the latest month whose report is due by now, i.e. the
    previous month from the city's report day (the 25th by default), the
    month before until then. Period "2026-11 C001": month and city code."""
    cities = list(models.Hall.select(models.Hall.id, models.Hall.code)
                  .where(models.Hall.parent.is_null())
                  .order_by(models.Hall.code))
    days = {row.city_id: row.report_day for row in models.CitySettings.select()}
    periods = []
    for city in cities:
        day = days.get(city.id, models.CitySettings.report_day.default)
        month = at.date().replace(day=1)
        steps = 1 if at.day >= day else 2
        for _step in range(steps):
            month = (month - datetime.timedelta(days=1)).replace(day=1)
        periods.append('%s %s' % (month.strftime('%Y-%m'), city.code))
    return sorted(periods)


def month_bounds(month):
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return month, following - datetime.timedelta(days=1)


def make_monthly_reports(period):
    """Each hall of the city gets the month's 附件8 (its own and its
    sub-units' lines), in Chinese, kept once: a copy already kept stays."""
    from portal.excel import statistics_workbook
    text, code = period.split(' ', 1)
    first, last = month_bounds(datetime.datetime.strptime(text, '%Y-%m').date())
    city = models.Hall.get(models.Hall.code == code)
    # Read to the end before writing: an open SQLite cursor would hold a
    # read snapshot that another worker's write makes stale.
    halls = list(models.Hall.select()
                 .where(models.Hall.id.in_(city.subtree_ids()))
                 .order_by(models.Hall.code))
    kept = set(models.MonthlyReport.select(models.MonthlyReport.hall)
               .where(models.MonthlyReport.month == first).tuples())
    made = {}
    with force_locale('zh_Hans_CN'):  # the official form is Chinese
        for hall in halls:
            if (hall.id,) in kept:
                continue
            data = statistics_workbook(hall, first, last).getvalue()
            if models.MonthlyReport.keep(hall, first, data):
                made[str(hall.id)] = 1
    return {'month': text, 'reports': made}


def _describe_reports(facts, hall_ids=None):
    return _('%(n)d monthly statistics forms (附件8) of %(month)s were kept.',
             n=_in_scope(facts.get('reports', {}), hall_ids),
             month=facts.get('month', ''))


# --- Audit archive -------------------------------------------------------------

def archive_audit(period):
    """Move audit entries and closed cases' history past the retention
    period to a file (the `flask audit-archive` command's work)."""
    import cli
    target, moved = cli.archive_audit()
    return {'file': os.path.basename(target), 'moved': moved}


def _describe_archive(facts, hall_ids=None):
    moved = facts.get('moved', {})
    return _('%(n)d history rows past the retention period archived to '
             '%(file)s.', n=sum(moved.values()), file=facts.get('file', ''))


register(Job('day_close', _l('Day close'),
             _l('When each hall closes: tickets still waiting or called are '
                'closed, with the reason.'),
             _closing_periods, close_days, _describe_day_close))
register(Job('overdue', _l('Overdue cases'),
             _l('Daily: the overdue cases of each hall are counted.'),
             _daily, count_overdue, _describe_overdue))
register(Job('monthly_report', _l('Monthly statistics (附件8)'),
             _l("On the city's report day: every unit's statistics of the "
                'previous month, kept as the official copy.'),
             _report_periods, make_monthly_reports, _describe_reports))
register(Job('audit_archive', _l('Audit archive'),
             _l('Daily: history past the retention period is moved to an '
                'archive file.'),
             _daily, archive_audit, _describe_archive))


# --- Appraisal sums ------------------------------------------------------------

APPRAISAL_MONTHS_PER_RUN = 60  # a city's first run sums its whole history


def sum_appraisal_months(period):
    """Sum the appraisal (考核) of each month that is over and not summed
    yet, from January of the first case handled's year: a year is then
    read from a dozen rows per agent (reports.appraisal)."""
    import reports
    first_closed = (models.Case.select(fn.MIN(models.Case.closed_at))
                    .where(models.Case.closed_at.is_null(False)).scalar())
    this_month = models.today().replace(day=1)
    if first_closed is None:
        return {'months': {}}
    if isinstance(first_closed, str):  # SQLite hands an aggregate back as text
        first_closed = datetime.datetime.fromisoformat(first_closed)
    summed = {month for month, in models.AppraisalMonth
              .select(models.AppraisalMonth.month).tuples()}
    done = {}
    january = first_closed.date().replace(month=1, day=1)
    for start, _end in reports.months_of(
            january, this_month - datetime.timedelta(days=1)):
        if start in summed:
            continue
        if len(done) == APPRAISAL_MONTHS_PER_RUN:
            break  # the next run goes on
        written = reports.sum_appraisal_month(start)
        if written is not None:
            done[start.strftime('%Y-%m')] = written
    return {'months': done}


def _describe_appraisal_months(facts, hall_ids=None):
    months = sorted(facts.get('months', {}))
    if not months:
        return _('Every month that is over was summed already.')
    return _('%(n)d months of the appraisal were summed (%(first)s to '
             '%(last)s).', n=len(months), first=months[0], last=months[-1])


register(Job('appraisal_months', _l('Appraisal sums'),
             _l('Daily: the appraisal of each month that is over is summed '
                'once, as it stood at its end.'),
             _daily, sum_appraisal_months, _describe_appraisal_months))


# --- Rate-limit counts ---------------------------------------------------------

def forget_rate_windows(period):
    """Drop the request counts of rate-limit windows, and the booking
    quotas of days, that ended over a day ago: nothing counts them any
    more, and requests never stop to clear them."""
    before = models.RateHit.current_window(86400) - 86400
    return {'forgotten': models.RateHit.forget(before)}


def _describe_rate_windows(facts, hall_ids=None):
    return _('%(n)d past request counts forgotten.', n=facts.get('forgotten', 0))


register(Job('rate_windows', _l('Request counts'),
             _l('Daily: the counts the rate limits kept of past days are '
                'forgotten.'),
             _daily, forget_rate_windows, _describe_rate_windows))


# --- Alerts --------------------------------------------------------------------

def count_alerts(period):
    """How many alerts each hall had not acknowledged when the day's run
    went (alerts.py), for the record: every rule, the per-hall ones too."""
    import alerts
    at = models.now()
    halls = [h for h, in models.Hall.select(models.Hall.id).tuples()]
    acks = models.AlertAck.of(halls, alerts.period(at))
    counts = {}
    for alert in alerts.raised(halls, at):
        if (alert.rule, alert.hall_id, alert.subject) not in acks:
            counts[str(alert.hall_id)] = counts.get(str(alert.hall_id), 0) + 1
    return {'alerts': counts}


def _describe_alerts(facts, hall_ids=None):
    return _('%(n)d alerts open.', n=_in_scope(facts.get('alerts', {}), hall_ids))


register(Job('alerts', _l('Alerts'),
             _l('Daily: the alerts each hall has not acknowledged are counted.'),
             _daily, count_alerts, _describe_alerts))


# --- "Please rate" SMS ------------------------------------------------------------

def remind_to_rate(period):
    """Write the "please rate" SMS of each case delivered 3 days ago and
    unrated, once per case (the outbox's key); the worker sends them."""
    written = models.OutboxMessage.rate_reminders()  # the whole city's at once
    return {'reminders': {str(hall): n for hall, n in sorted(written.items())}}


def _describe_rate_sms(facts, hall_ids=None):
    return _('%(n)d applicants were asked by SMS to rate the service.',
             n=_in_scope(facts.get('reminders', {}), hall_ids))


register(Job('rate_sms', _l('Rating reminders by SMS'),
             _l('Daily: applicants whose case was delivered 3 days ago and '
                'is unrated are asked by SMS to rate it, once.'),
             _daily, remind_to_rate, _describe_rate_sms))


# --- The embedded scheduler ----------------------------------------------------

_scheduler = None


def init_app(app):
    """With JOBS_EMBEDDED (set by `make run`), start the scheduler in this
    process once: every JOBS_INTERVAL_MINUTES it runs what is due. Each web
    worker starts its own; the claims make the extra ones harmless."""
    global _scheduler
    app.config.setdefault('JOBS_EMBEDDED',
                          os.environ.get('JOBS_EMBEDDED', '') == '1')
    app.config.setdefault('JOBS_INTERVAL_MINUTES', 5)
    if not app.config['JOBS_EMBEDDED'] or _scheduler is not None:
        return
    from apscheduler.schedulers.background import BackgroundScheduler
    _scheduler = BackgroundScheduler(daemon=True)
    _scheduler.add_job(_tick, 'interval', args=[app],
                       minutes=app.config['JOBS_INTERVAL_MINUTES'],
                       next_run_time=models.instant(),
                       max_instances=1, coalesce=True, jitter=30)
    _scheduler.start()
    log.info('scheduled jobs run in this process every %d minutes',
             app.config['JOBS_INTERVAL_MINUTES'])


def _tick(app):
    with app.app_context():
        try:
            run_due()
        except Exception:  # the scheduler keeps going; the next tick retries
            log.exception('scheduled jobs: run failed')
        try:
            import outbox
            outbox.run_step()  # messages waiting (they are due any minute)
        finally:
            if not models.db.is_closed():
                models.db.close()
