# Generated from a schema diff on 2026-12-02 04:25; the partial index by hand.
# Forms' one-time action keys, and at most one open ticket per case.
import datetime

from peewee import *


def up(migrator, db):
    class Kiosk(Model):
        class Meta:
            database = db
            table_name = 'kiosk'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class ActionKey(Model):
        key = CharField(unique=True, max_length=64)
        action = CharField(max_length=200)
        user = ForeignKeyField(User, null=True, on_delete='CASCADE')
        kiosk = ForeignKeyField(Kiosk, null=True, on_delete='CASCADE')
        result = TextField(default='')
        created_at = DateTimeField(index=True, default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'action_key'
    db.create_tables([ActionKey])
    migrator.migrate(migrator.add_index(
        'ticket', ['case_id'], unique=True, name='ticket_one_open_per_case',
        where=SQL("case_id IS NOT NULL AND status IN "
                  "('waiting', 'called', 'serving')")))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('ticket', 'ticket_one_open_per_case'))
    migrator.migrate(migrator.drop_table('action_key'))
