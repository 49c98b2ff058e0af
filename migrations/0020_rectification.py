# Written by hand on 2026-12-07.
# 差评整改: a bad rating's follow-up becomes a rectification task with a
# deadline in working days (set per city, 15 by default), and its steps
# (phone call-back, rectification, verification) are kept as facts with who
# and when. The rating reminders read a hall's delivered cases by when they
# were delivered (a partial index: delivered cases only).
#
# Existing tasks: each gets the deadline counted from when it was opened in
# its hall's working days (the city's calendar). A task already closed
# keeps what was written; its closing counts as the rectification (no
# call-back was recorded for it, and none is made up).
import datetime

from peewee import *
from playhouse.migrate import SqliteMigrator

import models  # the city calendar, read as the product reads it

DEFAULT_DAYS = 15


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class FollowUp(Model):
        hall_id = IntegerField()
        created_at = DateTimeField()
        closed_at = DateTimeField(null=True)
        due_date = DateField(null=True)
        rectified_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'follow_up'

    class FollowUpStep(Model):
        task = ForeignKeyField(FollowUp, on_delete='RESTRICT')
        kind = CharField(max_length=15)
        outcome = CharField(max_length=15, default='')
        caller = CharField(max_length=60, default='')
        called_at = DateTimeField(null=True)
        note = TextField(default='')
        recorded_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        recorded_at = DateTimeField()

        class Meta:
            database = db
            table_name = 'follow_up_step'

    migrator.migrate(
        migrator.add_column('city_settings', 'rectification_days',
                            IntegerField(default=DEFAULT_DAYS)),
        migrator.add_column('follow_up', 'due_date', DateField(null=True)),
        migrator.add_column('follow_up', 'called_back_at',
                            DateTimeField(null=True)),
        migrator.add_column('follow_up', 'rectified_at',
                            DateTimeField(null=True)),
    )
    db.create_tables([FollowUpStep])
    migrator.migrate(
        migrator.drop_index('follow_up', 'followup_hall_id'),
        migrator.add_index('follow_up', ('hall_id', 'created_at')),
    )
    db.execute_sql('CREATE INDEX case_delivered_unrated ON "case" '
                   "(hall_id, closed_at) WHERE status = 'delivered'")
    calendars = {}
    for task in FollowUp.select().order_by(FollowUp.id):
        city = models.Hall.city_of(task.hall_id)
        if city not in calendars:
            calendars[city] = models.CityCalendar.load(city)
        opened = task.created_at
        if isinstance(opened, str):  # SQLite without the model's parsing
            opened = datetime.datetime.fromisoformat(opened)
        due = calendars[city].add_working_days(task.hall_id, opened.date(),
                                               DEFAULT_DAYS)
        FollowUp.update(due_date=due, rectified_at=task.closed_at).where(
            FollowUp.id == task.id).execute()
    if isinstance(migrator, SqliteMigrator):
        db.execute_sql('ANALYZE')
    else:
        db.execute_sql('ANALYZE "case"')


def down(migrator, db):
    db.execute_sql('DROP INDEX case_delivered_unrated')
    migrator.migrate(
        migrator.drop_index('follow_up', 'follow_up_hall_id_created_at'),
        migrator.drop_table('follow_up_step'),
        migrator.drop_column('follow_up', 'rectified_at'),
        migrator.drop_column('follow_up', 'called_back_at'),
        migrator.drop_column('follow_up', 'due_date'),
        migrator.drop_column('city_settings', 'rectification_days'),
    )
    db.execute_sql('CREATE INDEX followup_hall_id ON follow_up (hall_id)')
