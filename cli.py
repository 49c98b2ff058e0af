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
    app.cli.add_command(recount_command)
    app.cli.add_command(translate)


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
