"""`flask` commands: migrate, analyze, seed the demo city, create the first
admin, shift stored times to the hall's zone, translate."""
import datetime
import json
import os
import subprocess

import click
from flask import current_app
from peewee import SqliteDatabase
from playhouse.migrations import Runner

import models

HERE = os.path.dirname(os.path.abspath(__file__))
MIGRATIONS = os.path.join(HERE, 'migrations')


def run_migrations(database):
    """Apply every pending numbered migration; returns their names. Then
    the planner's statistics are brought up to date, as new tables and
    indexes need them: all of them when a migration was applied (on SQLite
    a migration that rebuilds a table drops its statistics, and `PRAGMA
    optimize` would not gather them again), else `PRAGMA optimize`."""
    applied = Runner(database, MIGRATIONS).up()
    refresh_statistics(database, full=bool(applied))
    return applied


def refresh_statistics(database, full=False):
    """Let the query planner know the tables as they are now. On SQLite
    `PRAGMA optimize` (SQLite's advice after a schema change: it analyses
    only what needs it), or with `full` a whole ANALYZE, for after a bulk
    load; on PostgreSQL ANALYZE."""
    if isinstance(database, SqliteDatabase):
        if full:
            limit = database.execute_sql('PRAGMA analysis_limit').fetchone()[0]
            database.execute_sql('PRAGMA analysis_limit = 0')
            database.execute_sql('ANALYZE')
            database.execute_sql('PRAGMA analysis_limit = %d' % limit)
        database.execute_sql('PRAGMA optimize')
    else:
        database.execute_sql('ANALYZE')


def init_app(app):
    app.cli.add_command(migrate_command)
    app.cli.add_command(analyze_command)
    app.cli.add_command(seed_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(setup_command)
    app.cli.add_command(shift_times_command)
    app.cli.add_command(recount_command)
    app.cli.add_command(translate)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(audit_archive_command)
    app.cli.add_command(jobs_command)
    app.cli.add_command(outbox_command)


def _database():
    database = current_app.extensions['database']
    models.db.initialize(database)
    return database


@click.command('migrate')
def migrate_command():
    """Bring the database schema up to date."""
    applied = run_migrations(_database())
    click.echo('applied: %s' % (', '.join(applied) or 'nothing'))


@click.command('analyze')
def analyze_command():
    """Measure every table for the query planner: run after a bulk load."""
    refresh_statistics(_database(), full=True)
    click.echo('statistics refreshed')


@click.command('seed')
@click.option('--demo', is_flag=True, help='Load the fictional demo city.')
def seed_command(demo):
    """Load demo data (can be run again without making duplicates)."""
    if not demo:
        raise click.UsageError('Only --demo data exists; pass --demo.')
    import seeds
    _database()
    counts = seeds.load_demo()
    click.echo(', '.join('%s: %d' % kv for kv in counts.items()))


@click.command('setup')
def setup_command():
    """Migrate, and load the demo city when the database is empty."""
    run_migrations(_database())
    if not models.Hall.select().exists():
        import seeds
        seeds.load_demo()
        click.echo('demo data loaded')
    else:
        click.echo('database ready')


@click.command('create-admin')
@click.option('--username', prompt=True)
@click.option('--name', prompt=True)
@click.option('--hall-code', prompt=True, help='The city hall this admin runs.')
@click.password_option()
def create_admin_command(username, name, hall_code, password):
    """Create the first city administrator (and the city hall if missing)."""
    _database()
    with models.db.atomic():
        hall = models.Hall.get_or_none(models.Hall.code == hall_code)
        if hall is None:
            hall = models.Hall.create(code=hall_code, name=hall_code,
                                      level='city')
        user = models.User(username=username, name=name, role='city_admin',
                           hall=hall)
        try:
            user.set_password(password)
        except models.DomainError as error:
            raise click.BadParameter(str(error), param_hint='password')
        user.save()
        models.AuditLog.record(None, 'create', 'User', user.id,
                               after={'username': username, 'role': 'city_admin'},
                               hall=hall)
    click.echo('created %s' % username)


@click.command('backup')
@click.argument('target', required=False)
def backup_command(target):
    """Back up the whole database while the product keeps serving."""
    import backup
    url = current_app.config['DATABASE_URL']
    target = target or backup.default_name(
        url, os.path.join(current_app.instance_path, 'backups'))
    try:
        backup.backup(url, target)
    except backup.BackupError as error:
        raise click.ClickException(str(error))
    _database()
    models.AuditLog.record(None, 'backup', 'Database', '', after={'file': target})
    click.echo('backup written to %s' % target)


@click.command('restore')
@click.argument('source')
@click.option('--yes', is_flag=True, help='Do not ask for confirmation.')
def restore_command(source, yes):
    """Replace the database with a backup (stop the service first)."""
    import backup
    url = current_app.config['DATABASE_URL']
    if not yes:
        click.confirm('This replaces every record in %s with the backup %s. '
                      'Has the service been stopped?' % (url, source), abort=True)
    try:
        backup.restore(url, source)
    except backup.BackupError as error:
        raise click.ClickException(str(error))
    _database()
    models.AuditLog.record(None, 'restore', 'Database', '', after={'file': source})
    click.echo('restored %s' % source)


@click.command('audit-archive')
@click.argument('target', required=False)
@click.option('--days', type=int, default=None,
              help='Keep this many days (default AUDIT_RETENTION_DAYS).')
def audit_archive_command(target, days):
    """Move audit entries, and the history of cases closed, older than the
    retention period to a JSON lines file; the only way they ever leave."""
    try:
        target, moved = archive_audit(target, days)
    except ValueError as error:
        raise click.ClickException(str(error))
    click.echo('archived %s to %s' % (
        ', '.join('%s: %d' % pair for pair in moved.items()), target))


def archive_audit(target=None, days=None):
    """Write what is past the retention period (`days`, by default
    AUDIT_RETENTION_DAYS) to `target` (a new file; by default one in
    AUDIT_ARCHIVE_DIR, else instance/archives), then remove it; the file
    and the rows moved per table. Also the audit archive job's work (jobs.py)."""
    days = current_app.config['AUDIT_RETENTION_DAYS'] if days is None else days
    if days < models.MIN_RETENTION_DAYS:
        raise ValueError(
            'The audit trail is kept at least %d days (Cybersecurity Law, '
            'Art. 21); %d is too short.' % (models.MIN_RETENTION_DAYS, days))
    before = models.now() - datetime.timedelta(days=days)
    folder = (current_app.config.get('AUDIT_ARCHIVE_DIR')
              or os.path.join(current_app.instance_path, 'archives'))
    if target is None:  # a new file, whatever was archived before
        name = os.path.join(folder, 'audit-%s' % before.strftime('%Y%m%d-%H%M%S'))
        target, copy = name + '.jsonl', 1
        while os.path.exists(target):
            copy += 1
            target = '%s-%d.jsonl' % (name, copy)
    if os.path.exists(target):
        raise ValueError('%s exists already; choose another file.' % target)
    os.makedirs(os.path.dirname(os.path.abspath(target)), mode=0o700, exist_ok=True)
    _database()
    with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600),
              'w', encoding='utf-8') as out:
        def write(table, rows):
            for row in rows:
                out.write(json.dumps(dict(row, table=table), ensure_ascii=False,
                                     default=str, sort_keys=True) + '\n')
            out.flush()
            os.fsync(out.fileno())  # on disk before the rows are removed
        moved = models.archive_history(before, write)
    models.AuditLog.record(None, 'audit_archive', 'Database', '', after=dict(
        file=target, before=before, **moved))
    return target, moved


@click.group('jobs')
def jobs_command():
    """The scheduled jobs: list them, run what is due (for cron or a
    systemd timer: `flask --app app jobs run` every few minutes)."""


@jobs_command.command('run')
@click.option('--job', 'names', multiple=True,
              help='Run only this job (repeat for several); default all.')
def jobs_run_command(names):
    """Run every job whose period is due and not done yet. Safe to start on
    several hosts at once: a job runs once per period, one run at a time."""
    import jobs
    _database()
    try:
        made = jobs.run_due(names)
    except KeyError as error:
        raise click.BadParameter('unknown job: %s (see `flask jobs list`)'
                                 % error.args[0], param_hint='--job')
    for run in made:
        click.echo('%s %s: %s%s' % (run.job, run.period, run.status,
                                    ' (%s)' % run.error if run.error else ''))
    if not made:
        click.echo('nothing due')
    if any(run.status == 'failed' for run in made):
        raise SystemExit(1)


@jobs_command.command('list')
def jobs_list_command():
    """Each job, what it does, and its last run."""
    import jobs
    _database()
    latest = models.JobRun.latest(jobs.JOBS)
    for name, job in jobs.JOBS.items():
        run = latest.get(name)
        last = ('never run' if run is None else '%s %s %s%s' % (
            run.period, run.status, run.finished_at or run.started_at,
            ': %s' % run.result if run.result else ''))
        click.echo('%-16s %s\n%-16s last: %s' % (name, job.schedule, '', last))


@click.group('outbox')
def outbox_command():
    """The outbox: SMS to applicants and webhook posts, sent by workers."""


@outbox_command.command('run')
@click.option('--loop', is_flag=True,
              help='Keep running, a round every --interval seconds.')
@click.option('--interval', type=float, default=5.0)
def outbox_run_command(loop, interval):
    """Send every message due now. Safe on several hosts at once: each
    message is claimed by one worker."""
    import time

    import outbox
    _database()
    while True:
        counts = outbox.deliver_due()
        click.echo('delivered %(delivered)d, to retry %(retry)d, given up '
                   '%(failed)d' % counts)
        if not loop:
            return
        if not models.db.is_closed():
            models.db.close()
        time.sleep(interval)


def upgrade_moment():
    """When migration 0002 took this database to hall-zone times (aware,
    UTC), or None if it had no rows then."""
    marker = (models.AuditLog.select()
              .where(models.AuditLog.action == 'time_zone',
                     models.AuditLog.model == 'Database')
              .order_by(models.AuditLog.id)
              .first())
    if marker is None:
        return None
    return datetime.datetime.fromisoformat(json.loads(marker.after)['since_utc'])


def shift_times(source, before, write=True):
    """Move every stamped time stored before `before` (naive, read in the
    zone `source`) to the hall's zone. Returns {"table.column": rows}.

    Times people typed (models.TYPED_TIMES) are left as typed. So are dates
    and numbers already given out: ticket days, case numbers, due dates.
    History rows are corrected in place too: this changes how a moment is
    written, not what happened.
    """
    counts = {}
    for field in models.stamped_times():
        model, key = field.model, field.model._meta.primary_key
        rows = list(model.select(key, field)
                    .where(field.is_null(False), field < before)
                    .tuples())
        counts['%s.%s' % (model._meta.table_name, field.column_name)] = len(rows)
        for pk, value in rows if write else ():
            moved = (value.replace(tzinfo=source)
                     .astimezone(models.HALL_ZONE).replace(tzinfo=None))
            model.update({field: moved}).where(key == pk).execute()
    return counts


@click.command('shift-times')
@click.option('--from-zone', required=True,
              help='The zone the old servers\' clocks ran in, e.g. UTC.')
@click.option('--before', help='Shift times stored before this moment, as '
              'they were stored (in --from-zone): "2026-12-01 00:00". '
              'Default: when migration 0002 ran.')
@click.option('--dry-run', is_flag=True, help='Count, change nothing.')
@click.option('--again', is_flag=True,
              help='Shift although a shift was already recorded.')
def shift_times_command(from_zone, before, dry_run, again):
    """Move times stored by servers that ran in another zone to the hall's.

    Migration 0002 assumed rows written before it were in the hall's zone
    (TIMEZONE). Run this once if they were not.
    """
    _database()
    try:
        source = models.time_zone(from_zone)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint='--from-zone')
    hall = models.HALL_ZONE
    if source.key == hall.key:
        click.echo('stored times are already in %s: nothing to shift' % hall.key)
        return
    if before:
        try:
            moment = datetime.datetime.fromisoformat(before.strip())
        except ValueError:
            raise click.BadParameter('give a moment such as "2026-12-01 00:00"',
                                     param_hint='--before')
        if moment.tzinfo is not None:
            moment = moment.astimezone(source).replace(tzinfo=None)
    else:
        upgraded = upgrade_moment()
        if upgraded is None:
            raise click.UsageError(
                'No upgrade moment is recorded (the database had no rows when '
                'migration 0002 ran): give --before.')
        moment = upgraded.astimezone(source).replace(tzinfo=None)
    boundary = moment.replace(tzinfo=source)
    if boundary.utcoffset() > boundary.astimezone(hall).utcoffset():
        # Old times run up to `moment`, new ones start earlier on the wall.
        click.echo('warning: %s is ahead of %s: times stored in the first hours '
                   'after the upgrade cannot be told from old ones and are '
                   'shifted too. Check them.' % (source.key, hall.key), err=True)
    done = (models.AuditLog.select()
            .where(models.AuditLog.action == 'shift_times')
            .order_by(models.AuditLog.id.desc())
            .first())
    if done is not None and not again and not dry_run:
        raise click.UsageError(
            'Stored times were already shifted at %s (%s). Shifting again would '
            'move them a second time; pass --again only if that is what you '
            'mean.' % (done.at, done.after))
    with models.db.atomic():
        counts = shift_times(source, moment, write=not dry_run)
        total = sum(counts.values())
        for column, rows in sorted(counts.items()):
            if rows:
                click.echo('%s: %d' % (column, rows))
        if dry_run or not total:
            click.echo('%s%d times stored before %s %s from %s to %s; nothing '
                       'changed' % ('dry run: ' if dry_run else '', total, moment,
                                    'would move' if dry_run else 'to move',
                                    source.key, hall.key))
            return
        models.AuditLog.record(
            None, 'shift_times', 'Database', '',
            before={'zone': source.key, 'stored_before': str(moment)},
            after={'zone': hall.key,
                   'rows': {k: v for k, v in counts.items() if v}})
    click.echo('moved %d times stored before %s from %s to %s'
               % (total, moment, source.key, hall.key))
@click.command('recount-due-dates')
def recount_command():
    """Count the due dates of every city's open cases again (after the
    calendar library was upgraded); each moved case gets a history event."""
    _database()
    cities = models.Hall.select().where(models.Hall.parent.is_null())
    for city in cities.order_by(models.Hall.code):
        moved = models.Case.reckon_due_dates(city.id)
        click.echo('%s: %d due dates moved' % (city.code, moved))


@click.group()
def translate():
    """Extract, update and compile the translation catalogues."""


def _babel(*args):
    subprocess.run(['pybabel', *args], check=True, cwd=HERE)


@translate.command()
def update():
    """Extract strings and merge them into every catalogue."""
    _babel('extract', '-F', 'babel.cfg', '-k', '_l', '--ignore-dirs=.* ._ tests instance',
           '-o', 'messages.pot', '.')
    _babel('update', '-i', 'messages.pot', '-d', 'translations')
    os.remove(os.path.join(HERE, 'messages.pot'))


@translate.command()
def compile():
    """Compile the catalogues for use."""
    _babel('compile', '-d', 'translations')
