"""Scheduled jobs: each does its period once, changes nothing the second
time, never runs twice at once (two runners race), and shows its last run
in the portal to whom it may."""
import datetime
import io

import pytest
from openpyxl import load_workbook

import jobs
import models
from race import race
from seeds.factories import hall

# A Friday in hall time (UTC+8): 18:00 is after the demo halls' 17:30.
EVENING = '2026-12-04T10:00:00Z'
DAY = datetime.date(2026, 12, 4)


@pytest.fixture
def archives(demo_app, tmp_path):
    demo_app.config['AUDIT_ARCHIVE_DIR'] = str(tmp_path / 'archives')
    with demo_app.app_context():  # as `flask jobs run` and the scheduler
        yield tmp_path / 'archives'
    demo_app.config.pop('AUDIT_ARCHIVE_DIR')


def tickets(count, day=DAY, code='QL-YX'):
    window = hall(code).windows.order_by(models.Window.id).first()
    return [models.Ticket.issue(window, day=day) for _ in range(count)]


def status(ticket):
    return models.Ticket.get_by_id(ticket.id).status


def counts():
    """Rows in every table but the jobs' own log and the audit trail."""
    return {model.__name__: model.select().count() for model in models.MODELS
            if model not in (models.JobRun, models.AuditLog)}


# --- Day close -------------------------------------------------------------------

def test_day_close_closes_waiting_and_called_tickets_with_the_reason(
        demo_app, clock, archives):
    clock.set('2026-12-04T02:00:00Z')  # 10:00 in the hall
    waiting, called, serving, done = tickets(4)
    models.Ticket.update(status='called').where(
        models.Ticket.id == called.id).execute()
    models.Ticket.update(status='serving').where(
        models.Ticket.id == serving.id).execute()
    models.Ticket.update(status='done').where(
        models.Ticket.id == done.id).execute()
    [yesterday] = jobs.run_due(['day_close'])
    assert yesterday.period == '2026-12-03T17:30'
    assert status(waiting) == 'waiting'  # the hall is still open

    clock.set(EVENING)
    [run] = jobs.run_due(['day_close'])
    assert (run.status, run.period) == ('done', '2026-12-04T17:30')
    assert run.facts['tickets'] == {str(hall('QL-YX').id): 2}
    assert [status(t) for t in (waiting, called, serving, done)] == [
        'closed', 'closed', 'serving', 'done']
    events = {e.ticket_id: e for e in models.TicketEvent.select().where(
        models.TicketEvent.action == 'day_close')}
    assert set(events) == {waiting.id, called.id}
    assert [events[waiting.id].note, events[called.id].note] == ['waiting', 'called']
    assert str(models.day_close_reason(events[waiting.id])) == (
        '大厅已下班，该号未被叫到。')
    assert models.Ticket.select().count() >= 4  # nothing deleted


def test_day_close_waits_for_each_halls_own_closing_time(demo_app, clock):
    late = hall('QL-SM')
    late.closes_at = datetime.time(20, 0)
    late.save()
    early, = tickets(1)
    evening, = tickets(1, code='QL-SM')
    clock.set(EVENING)  # 18:00
    [run] = jobs.run_due(['day_close'])
    assert (status(early), status(evening)) == ('closed', 'waiting')
    clock.set('2026-12-04T12:05:00Z')  # 20:05
    [second] = jobs.run_due(['day_close'])
    assert second.period == '2026-12-04T20:00'
    assert status(evening) == 'closed'


def test_day_close_catches_up_days_left_open(demo_app, clock):
    old, = tickets(1, day=DAY - datetime.timedelta(days=3))
    clock.set('2026-12-04T01:00:00Z')  # 09:00, before any hall closes
    [run] = jobs.run_due(['day_close'])
    assert run.period == '2026-12-03T17:30'
    assert status(old) == 'closed'


# --- Twice in a row ----------------------------------------------------------------

def test_every_job_twice_in_a_row_changes_nothing_the_second_time(
        demo_app, clock, archives):
    clock.set(EVENING)
    tickets(3)
    first = jobs.run_due()
    assert {run.job for run in first} == set(jobs.JOBS)
    assert all(run.status == 'done' for run in first), [r.error for r in first]
    before = counts()
    reports = {r.id: (bytes(r.workbook), r.generated_at)
               for r in models.MonthlyReport.select()}
    assert jobs.run_due() == []  # nothing left due
    for name in jobs.JOBS:  # and run by hand: done again, nothing changed
        [again] = jobs.run_now(name)
        assert again.status == 'done', again.error
    assert counts() == before
    assert {r.id: (bytes(r.workbook), r.generated_at)
            for r in models.MonthlyReport.select()} == reports
    closed = [run for run in models.JobRun.select().where(
        models.JobRun.job == 'day_close').order_by(models.JobRun.id)]
    assert closed[0].facts['tickets'] and closed[-1].facts['tickets'] == {}


# --- Monthly 附件8 ---------------------------------------------------------------

def test_monthly_report_for_every_unit_on_the_citys_report_day(
        demo_app, clock, archives):
    city = hall('QL')
    clock.set('2026-12-24T02:00:00Z')  # the 24th: November is not due yet
    assert jobs.JOBS['monthly_report'].periods(models.now()) == ['2026-10 QL']
    clock.set('2026-12-25T02:00:00Z')
    [run] = jobs.run_due(['monthly_report'])
    assert run.period == '2026-11 QL'
    units = city.subtree_ids()
    kept = list(models.MonthlyReport.select().where(
        models.MonthlyReport.month == datetime.date(2026, 11, 1)))
    assert sorted(r.hall_id for r in kept) == sorted(units)
    county = next(r for r in kept if r.hall_id == hall('QL-YX').id)
    sheet = load_workbook(io.BytesIO(bytes(county.workbook))).active
    assert '统计' in sheet['A1'].value  # in Chinese, the official copy
    assert hall('QL-YX').name in sheet['A2'].value
    assert '2026-11-01' in sheet['C2'].value and '2026-11-30' in sheet['C2'].value
    assert jobs.run_due(['monthly_report']) == []


def test_a_city_sets_its_report_day(demo_app, clock):
    settings = models.CitySettings.of(hall('QL').id)
    with pytest.raises(models.DomainError):
        settings.change(report_day=29)
    settings.change(report_day=5)
    clock.set('2026-12-05T02:00:00Z')
    assert jobs.JOBS['monthly_report'].periods(models.now()) == ['2026-11 QL']


def test_a_second_copy_of_a_month_keeps_the_first(demo_app):
    unit, month = hall('QL-YX'), datetime.date(2026, 11, 1)
    assert models.MonthlyReport.keep(unit, month, b'first')
    assert not models.MonthlyReport.keep(unit, month, b'second')
    assert bytes(models.MonthlyReport.get(hall=unit, month=month).workbook) == b'first'


# --- Overdue and the archive -----------------------------------------------------

def test_overdue_job_counts_each_halls_overdue_cases(demo_app, clock):
    clock.set(EVENING)
    [run] = jobs.run_due(['overdue'])
    expected = models.Case.overdue_counts(
        [h.id for h in models.Hall.select()], today=DAY)
    assert run.facts['overdue'] == {str(k): v for k, v in expected.items() if v}
    assert sum(expected.values()) > 0


def test_request_counts_of_past_days_are_forgotten_by_the_job_only(
        demo_app, clock):
    """A request only counts; the daily job drops the windows that ended
    over a day ago, and keeps today's and the bookings' days to come."""
    from support import statements
    clock.set(EVENING)
    now = models.RateHit.current_window(60)
    day = 86400
    for key, start in (('old', now - 3 * day), ('yesterday', now - day // 2),
                       ('now', now), ('book-id:x', now + 5 * day)):
        models.RateHit.create(key=key, window_start=start, count=3)
    with statements(models.db.obj) as run:
        for _ in range(300):
            assert models.RateHit.allow('scan:1.2.3.4', 1000, 60)
    assert not [sql for sql, _ in run if sql.lstrip().upper().startswith('DELETE')]
    [done] = jobs.run_due(['rate_windows'])
    assert done.facts == {'forgotten': 1}
    assert 'old' not in {k for k, in models.RateHit.select(models.RateHit.key).tuples()}
    assert models.RateHit.select().count() == 4


def test_archive_job_moves_history_past_retention(demo_app, clock, archives):
    models.AuditLog.record(None, 'test', 'Database', '')
    clock.advance(days=400)
    [run] = jobs.run_due(['audit_archive'])
    assert run.status == 'done'
    assert run.facts['moved']['audit_log'] >= 1
    assert (archives / run.facts['file']).exists()
    assert not models.AuditLog.select().where(models.AuditLog.action == 'test').exists()


# --- One at a time, on every host ---------------------------------------------------

def test_a_job_runs_one_at_a_time_and_once_per_period(demo_app):
    first = models.JobRun.claim('overdue', '2026-12-04')
    assert first is not None
    assert models.JobRun.claim('overdue', '2026-12-05') is None  # running
    first.finish({})
    assert models.JobRun.claim('overdue', '2026-12-04') is None  # done
    assert models.JobRun.claim('overdue', '2026-12-05') is not None


def test_a_failed_run_is_recorded_and_its_period_runs_again(demo_app, clock):
    calls = []

    def work(period):
        calls.append(period)
        if len(calls) == 1:
            raise RuntimeError('the disk is full')
        return {'n': 1}

    job = jobs.Job('test_flaky', 'flaky', '', lambda at: ['p1'], work,
                   lambda facts, halls: '')
    jobs.JOBS[job.name] = job
    try:
        [failed] = jobs.run_due([job.name])
        assert failed.status == 'failed' and 'the disk is full' in failed.error
        [done] = jobs.run_due([job.name])
        assert done.status == 'done' and calls == ['p1', 'p1']
        assert jobs.run_due([job.name]) == []
    finally:
        del jobs.JOBS[job.name]


def test_a_run_abandoned_by_a_dead_host_frees_the_job(demo_app, clock):
    stale = models.JobRun.claim('overdue', '2026-12-04')
    clock.advance(hours=7)
    assert models.JobRun.claim('overdue', '2026-12-05') is not None
    assert models.JobRun.get_by_id(stale.id).status == 'failed'


def _runner(name, at):
    moment = datetime.datetime.fromisoformat(at)

    def action():
        made = jobs.run_due([name], at=moment)
        return ','.join(run.status for run in made) or 'skipped'
    return action


@pytest.mark.parametrize('name', ['day_close', 'monthly_report'])
def test_two_runners_at_once_run_a_job_once(demo_app, name):
    tickets(5)
    at = '2026-12-25T18:00:00'
    outcomes = race(demo_app.config['DATABASE_URL'], _runner,
                    [(name, at), (name, at)])
    assert outcomes == ['done', 'skipped'], outcomes
    runs = list(models.JobRun.select().where(models.JobRun.job == name))
    assert [r.status for r in runs] == ['done']
    if name == 'day_close':
        assert models.TicketEvent.select().where(
            models.TicketEvent.action == 'day_close').count() == 5
    else:
        assert models.MonthlyReport.select().count() == len(
            hall('QL').subtree_ids())


# --- The command ---------------------------------------------------------------------

def test_flask_jobs_run_and_list(demo_app, clock, archives):
    runner = demo_app.test_cli_runner()
    clock.set(EVENING)
    result = runner.invoke(args=['jobs', 'run', '--job', 'overdue'])
    assert result.exit_code == 0 and 'overdue 2026-12-04: done' in result.output
    again = runner.invoke(args=['jobs', 'run', '--job', 'overdue'])
    assert 'nothing due' in again.output
    unknown = runner.invoke(args=['jobs', 'run', '--job', 'nope'])
    assert unknown.exit_code != 0 and 'unknown job' in unknown.output
    listed = runner.invoke(args=['jobs', 'list'])
    assert 'overdue' in listed.output and 'never run' in listed.output


# --- The portal page ---------------------------------------------------------------

def login(client, username):
    response = client.post('/portal/login', data={
        'username': username, 'password': 'bangban-demo'})
    assert response.status_code == 302


@pytest.mark.parametrize('username', ['demo-manager', 'demo-supervisor', 'demo-city'])
def test_managers_supervisors_and_the_city_read_the_jobs(
        demo_client, clock, username):
    clock.set('2026-12-25T02:00:00Z')
    jobs.run_due(['overdue', 'monthly_report'])
    login(demo_client, username)
    page = demo_client.get('/portal/jobs/')
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-job="overdue" data-status="done"' in html
    assert 'data-job="day_close" data-status="never"' in html
    assert ('立即运行' in html) == (username == 'demo-city')
    assert '件超期办件' in html
    assert demo_client.post('/portal/jobs/run', data={'job': 'overdue'}).status_code == (
        302 if username == 'demo-city' else 403)


@pytest.mark.parametrize('username', ['demo-agent', 'demo-helper'])
def test_agents_and_helpers_get_no_jobs_page(demo_client, username):
    login(demo_client, username)
    assert demo_client.get('/portal/jobs/').status_code == 403
    assert demo_client.post('/portal/jobs/run', data={'job': 'overdue'}).status_code == 403


def test_monthly_copies_are_downloaded_within_the_halls_in_scope(demo_client, clock):
    clock.set('2026-12-25T02:00:00Z')
    jobs.run_due(['monthly_report'])
    month = datetime.date(2026, 11, 1)
    mine = models.MonthlyReport.get(hall=hall('QL-YX'), month=month)
    theirs = models.MonthlyReport.get(hall=hall('QL-SM'), month=month)
    login(demo_client, 'demo-manager')
    html = demo_client.get('/portal/jobs/').get_data(as_text=True)
    assert '/portal/jobs/reports/%d' % mine.id in html
    assert '/portal/jobs/reports/%d"' % theirs.id not in html
    download = demo_client.get('/portal/jobs/reports/%d' % mine.id)
    assert download.status_code == 200
    assert download.data == bytes(mine.workbook)
    assert 'annex8-QL-YX-2026-11.xlsx' in download.headers['Content-Disposition']
    assert demo_client.get('/portal/jobs/reports/%d' % theirs.id).status_code == 404
    assert demo_client.get('/portal/jobs/reports/999999').status_code == 404


def test_the_city_runs_a_job_now_and_sets_the_report_day(demo_client, clock):
    clock.set(EVENING)
    tickets(2)
    login(demo_client, 'demo-city')
    response = demo_client.post('/portal/jobs/run', data={'job': 'day_close'},
                                follow_redirects=True)
    assert '已关闭2个仍在等候' in response.get_data(as_text=True)
    run = models.JobRun.get(models.JobRun.job == 'day_close')
    assert run.user.username == 'demo-city'
    assert models.AuditLog.select().where(models.AuditLog.action == 'run_job').exists()
    bad = demo_client.post('/portal/jobs/report-day', data={'report_day': '31'},
                           follow_redirects=True)
    assert '每月1日至28日' in bad.get_data(as_text=True)
    assert models.CitySettings.of(hall('QL').id).report_day == 25
    demo_client.post('/portal/jobs/report-day', data={'report_day': '20'})
    assert models.CitySettings.of(hall('QL').id).report_day == 20


def test_the_jobs_page_asks_the_same_queries_however_many_runs(
        demo_app, demo_client, clock, archives):
    from support import statements
    database = demo_app.extensions['database']
    login(demo_client, 'demo-city')
    clock.set('2026-12-25T02:00:00Z')
    jobs.run_due()
    with statements(database) as few:
        demo_client.get('/portal/jobs/')
    for days in range(1, 6):
        clock.advance(days=1)
        jobs.run_due()
    with statements(database) as many:
        demo_client.get('/portal/jobs/')
    assert len(many) == len(few)


def test_run_now_while_the_job_runs_elsewhere_starts_nothing(demo_client):
    elsewhere = models.JobRun.claim('overdue', '2000-01-01', host='other:1')
    login(demo_client, 'demo-city')
    response = demo_client.post('/portal/jobs/run', data={'job': 'overdue'},
                                follow_redirects=True)
    assert '正在运行，未重复启动' in response.get_data(as_text=True)
    assert [r.id for r in models.JobRun.select()] == [elsewhere.id]
    unknown = demo_client.post('/portal/jobs/run', data={'job': 'nope'},
                               follow_redirects=True)
    assert '请从列表中选择任务' in unknown.get_data(as_text=True)


def test_the_embedded_scheduler_starts_once_and_its_tick_runs_what_is_due(
        demo_app, archives, monkeypatch):
    asked = []

    class Scheduler:  # what APScheduler is asked to do
        def __init__(self, **options):
            asked.append(('new', options))

        def add_job(self, func, trigger, **options):
            asked.append(('job', func, trigger, options))

        def start(self):
            asked.append(('start',))

    monkeypatch.setattr('apscheduler.schedulers.background.BackgroundScheduler',
                        Scheduler)
    monkeypatch.setattr(jobs, '_scheduler', None)
    monkeypatch.setitem(demo_app.config, 'JOBS_EMBEDDED', False)
    jobs.init_app(demo_app)
    assert asked == []  # not asked for: tests, `flask` commands
    demo_app.config['JOBS_EMBEDDED'] = True
    jobs.init_app(demo_app)
    jobs.init_app(demo_app)  # a second app in the same process
    assert [a[0] for a in asked] == ['new', 'job', 'start']
    _kind, tick, trigger, options = asked[1]
    assert (trigger, options['minutes'], options['max_instances']) == (
        'interval', 5, 1)
    tick(*options['args'])
    assert {r.job for r in models.JobRun.select()} == set(jobs.JOBS)
    assert all(r.status == 'done' for r in models.JobRun.select())
