# Written by hand on 2026-12-07.
# Alerts: each hall's threshold for an alert rule (AlertSetting), and the
# acknowledgements of alerts, one per rule, hall, subject and day (AlertAck).
import datetime

from peewee import *


def up(migrator, db):
    class Hall(Model):
        class Meta:
            database = db
            table_name = 'hall'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class AlertSetting(Model):
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        rule = CharField(max_length=40)
        threshold = IntegerField()
        changed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        changed_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = 'alert_setting'
            indexes = ((('hall', 'rule'), True),)

    class AlertAck(Model):
        rule = CharField(max_length=40)
        hall = ForeignKeyField(Hall, on_delete='RESTRICT')
        subject = CharField(max_length=60)
        period = CharField(max_length=20)
        user = ForeignKeyField(User, on_delete='RESTRICT')
        at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = 'alert_ack'
            indexes = ((('hall', 'period', 'rule', 'subject'), True),)

    db.create_tables([AlertSetting, AlertAck])


def down(migrator, db):
    db.execute_sql('DROP TABLE alert_ack')
    db.execute_sql('DROP TABLE alert_setting')
