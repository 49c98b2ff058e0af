"""`flask` commands: migrate, seed the demo city, create the first admin, translate."""
import os
import subprocess

import click
from flask import current_app
from playhouse.migrations import Runner

import models

HERE = os.path.dirname(os.path.abspath(__file__))
MIGRATIONS = os.path.join(HERE, 'migrations')


def run_migrations(database):
    """Apply every pending numbered migration; returns their names."""
    return Runner(database, MIGRATIONS).up()


def init_app(app):
    app.cli.add_command(migrate_command)
    app.cli.add_command(seed_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(setup_command)
    app.cli.add_command(translate)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def _database():
    database = current_app.extensions['database']
    models.db.initialize(database)
    return database


@click.command('migrate')
def migrate_command():
    """Bring the database schema up to date."""
    applied = run_migrations(_database())
    click.echo('applied: %s' % (', '.join(applied) or 'nothing'))


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
