"""Rows written before the hall's clock: migration 0002 assumes they are in the
hall's zone and records when it ran; `flask shift-times` moves the times that
servers in another zone stored, once, audited."""
import datetime
import json

import pytest
from peewee import Table
from playhouse.migrations import Runner

import models
from app import connect_database
from cli import MIGRATIONS, run_migrations
from seeds import factories as make

# As a UTC server stored them: 20:29 on 30 November is 04:29 on 1 December
# in the hall. The upgrade went live at midnight UTC.
OLD = datetime.datetime(2026, 11, 30, 20, 29)
OLD_IN_HALL = datetime.datetime(2026, 12, 1, 4, 29)
UPGRADE = '2026-12-01T00:00:00Z'
NEW = datetime.datetime(2026, 12, 1, 9, 15)  # stored by the new release


def zone_markers():
    return list(models.AuditLog.select().where(models.AuditLog.action == 'time_zone'))


def test_a_new_database_assumes_nothing(app):
    assert zone_markers() == []


def test_migration_0002_records_its_assumption_on_a_database_with_rows(tmp_path, clock):
    clock.set(UPGRADE)
    database = connect_database('sqlite:///%s' % (tmp_path / 'old.db'))
    models.db.initialize(database)
    Runner(database, MIGRATIONS).up(target='0001_initial')
    Table('audit_log').bind(database).insert(
        at='2026-11-30 20:00:00', action='create', model='Hall', record_id='1',
        before='', after='').execute()
    assert '0002_hall_time_zone' in run_migrations(database)
    (marker,) = zone_markers()
    assert marker.at == datetime.datetime(2026, 12, 1, 8, 0)  # the hall's time
    assert (marker.model, marker.user_id) == ('Database', None)
    assert json.loads(marker.after) == {
        'assumed_zone': 'Asia/Shanghai', 'hall_zone': 'Asia/Shanghai',
        'since_utc': '2026-12-01T00:00:00+00:00'}
    database.close()


@pytest.fixture
def old_rows(app):
    """A case, its ticket and a roster shift stored by a UTC server, and a case
    stored after the upgrade."""
    hall = make.new_hall()
    item = make.new_item(make.department())
    user = make.user('manager', 'hall_manager', hall)
    old, _ = make.new_case(hall, item, make.applicant(1), user=user, at=OLD)
    old.register(user, at=OLD)
    window = models.Window.create(hall=hall, number=1, name='窗口', prefix='A',
                                  kind='assisted')
    ticket = models.Ticket.create(hall=hall, window=window, case=old, day=OLD.date(),
                                  prefix='A', number=1, issued_at=OLD)
    kiosk = models.Kiosk.create(hall=hall, name='自助区')
    helper = models.Agent.create(hall=hall, name='值班甲', employment='full_time')
    shift = models.Shift.create(kiosk=kiosk, helper=helper,
                                starts_at=datetime.datetime(2026, 11, 30, 9),
                                ends_at=datetime.datetime(2026, 11, 30, 12))
    new, _ = make.new_case(hall, item, make.applicant(2), user=user, at=NEW)
    return dict(old=old, ticket=ticket, shift=shift, new=new)


def fresh(record):
    return type(record).get_by_id(record.id)


def test_shift_times_moves_what_a_utc_server_stored_once(old_rows, runner, client):
    result = runner.invoke(args=['shift-times', '--from-zone', 'UTC',
                                 '--before', '2026-12-01 00:00', '--dry-run'])
    assert result.exit_code == 0, result.output
    assert 'nothing changed' in result.output and 'case.created_at: 1' in result.output
    assert fresh(old_rows['old']).created_at == OLD

    result = runner.invoke(args=['shift-times', '--from-zone', 'UTC',
                                 '--before', '2026-12-01 00:00'])
    assert result.exit_code == 0, result.output
    old = fresh(old_rows['old'])
    assert old.created_at == old.registered_at == OLD_IN_HALL
    assert old.events.first().at == OLD_IN_HALL  # opened; later events were stamped now
    assert fresh(old_rows['ticket']).issued_at == OLD_IN_HALL
    # Given out already, kept as they were: the number, the ticket day, the due date.
    assert old.number.split('-')[1] == '20261130'
    assert fresh(old_rows['ticket']).day == OLD.date()
    assert old.due_date == old_rows['old'].due_date
    # Typed by people in the hall's time, and stored after the upgrade: unmoved.
    shift = fresh(old_rows['shift'])
    assert (shift.starts_at, shift.ends_at) == (old_rows['shift'].starts_at,
                                                old_rows['shift'].ends_at)
    assert fresh(old_rows['new']).created_at == NEW

    entry = models.AuditLog.get(models.AuditLog.action == 'shift_times')
    assert json.loads(entry.before) == {'zone': 'UTC',
                                        'stored_before': '2026-12-01 00:00:00'}
    after = json.loads(entry.after)
    assert after['zone'] == 'Asia/Shanghai'
    assert after['rows']['case.created_at'] == 1
    assert 'shift.starts_at' not in after['rows']

    admin = make.user('city-admin', 'city_admin', old_rows['old'].hall)
    client.post('/portal/login', data={'username': admin.username,
                                       'password': make.PASSWORD})
    assert '已将存储时间换算为大厅时区' in client.get('/portal/audit/').get_data(as_text=True)

    again = runner.invoke(args=['shift-times', '--from-zone', 'UTC',
                                '--before', '2026-12-01 00:00'])
    assert again.exit_code != 0 and 'already shifted' in again.output
    assert fresh(old_rows['old']).created_at == OLD_IN_HALL
    assert models.AuditLog.select().where(
        models.AuditLog.action == 'shift_times').count() == 1


def test_daylight_saving_time_of_the_old_zone_is_kept(app, runner):
    hall = make.new_hall()
    summer = make.user('summer', 'hall_manager', hall)
    winter = make.user('winter', 'hall_manager', hall)
    models.User.update(created_at=datetime.datetime(2026, 7, 1, 10)).where(
        models.User.id == summer.id).execute()
    models.User.update(created_at=datetime.datetime(2026, 11, 20, 10)).where(
        models.User.id == winter.id).execute()
    result = runner.invoke(args=['shift-times', '--from-zone', 'America/New_York',
                                 '--before', '2026-11-30T12:00:00-05:00'])
    assert result.exit_code == 0, result.output
    assert fresh(summer).created_at == datetime.datetime(2026, 7, 1, 22)   # EDT, -4
    assert fresh(winter).created_at == datetime.datetime(2026, 11, 20, 23)  # EST, -5
    assert json.loads(models.AuditLog.get(
        models.AuditLog.action == 'shift_times').before)['stored_before'] == \
        '2026-11-30 12:00:00'


def test_the_upgrade_moment_is_the_default_boundary(old_rows, runner):
    refused = runner.invoke(args=['shift-times', '--from-zone', 'UTC'])
    assert refused.exit_code != 0 and 'give --before' in refused.output
    models.AuditLog.create(action='time_zone', model='Database', after=json.dumps(
        {'assumed_zone': 'Asia/Shanghai', 'hall_zone': 'Asia/Shanghai',
         'since_utc': '2026-12-01T00:00:00+00:00'}))
    result = runner.invoke(args=['shift-times', '--from-zone', 'UTC'])
    assert result.exit_code == 0, result.output
    assert fresh(old_rows['old']).created_at == OLD_IN_HALL
    assert fresh(old_rows['new']).created_at == NEW


@pytest.mark.parametrize('args, message', [
    (['--from-zone', 'Mars/Olympus', '--before', '2026-12-01'], 'unknown time zone'),
    (['--from-zone', '../../etc/passwd', '--before', '2026-12-01'], 'unknown time zone'),
    (['--from-zone', 'UTC', '--before', 'yesterday'], '2026-12-01 00:00'),
    (['--from-zone', 'UTC', '--before', '\x00' * 3], '2026-12-01 00:00'),
    (['--before', '2026-12-01'], 'from-zone'),
])
def test_bad_arguments_change_nothing(old_rows, runner, args, message):
    result = runner.invoke(args=['shift-times'] + args)
    assert result.exit_code != 0 and message in result.output
    assert fresh(old_rows['old']).created_at == OLD
    assert not models.AuditLog.select().where(
        models.AuditLog.action == 'shift_times').exists()


def test_the_halls_own_zone_needs_no_shift(old_rows, runner):
    result = runner.invoke(args=['shift-times', '--from-zone', 'Asia/Shanghai',
                                 '--before', '2026-12-01'])
    assert result.exit_code == 0 and 'nothing to shift' in result.output
    assert fresh(old_rows['old']).created_at == OLD


def test_nothing_to_move_is_not_recorded_and_does_not_block(old_rows, runner):
    result = runner.invoke(args=['shift-times', '--from-zone', 'UTC',
                                 '--before', '2026-01-01'])
    assert result.exit_code == 0 and '0 times' in result.output
    assert not models.AuditLog.select().where(
        models.AuditLog.action == 'shift_times').exists()
    result = runner.invoke(args=['shift-times', '--from-zone', 'UTC',
                                 '--before', '2026-12-01'])
    assert result.exit_code == 0 and fresh(old_rows['old']).created_at == OLD_IN_HALL
