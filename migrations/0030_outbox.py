# Written by hand on 2026-12-07.
# Notifications through an outbox: each message (an SMS to an applicant, an
# event posted to an integration's webhook) written with the event that
# causes it, then delivered by a worker; the clients' webhook address and
# signing key; the city's own SMS texts. Numbered after 0030_api_clients
# (same number, later name): the outbox refers to its api_client table.
import datetime

from peewee import *


def up(migrator, db):
    class Hall(Model):
        class Meta:
            database = db
            table_name = 'hall'

    class Case(Model):
        class Meta:
            database = db
            table_name = 'case'

    class Ticket(Model):
        class Meta:
            database = db
            table_name = 'ticket'

    class ApiClient(Model):
        class Meta:
            database = db
            table_name = 'api_client'

    class OutboxMessage(Model):
        kind = CharField(max_length=40)
        channel = CharField(max_length=10)
        recipient = CharField(max_length=30, default='')
        client = ForeignKeyField(ApiClient, null=True, on_delete='CASCADE',
                                 index=False)
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        case = ForeignKeyField(Case, null=True, on_delete='RESTRICT')
        ticket = ForeignKeyField(Ticket, null=True, on_delete='SET NULL')
        stream = CharField(max_length=60)
        payload = TextField(default='{}')
        key = CharField(max_length=120, unique=True)
        status = CharField(max_length=10, default='pending')
        attempts = IntegerField(default=0)
        next_attempt_at = DateTimeField(default=datetime.datetime.now)
        claimed_by = CharField(max_length=60, default='')
        claimed_at = DateTimeField(null=True)
        last_error = CharField(max_length=300, default='')
        created_at = DateTimeField(default=datetime.datetime.now)
        delivered_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'outbox_message'
            indexes = (
                (('status', 'next_attempt_at'), False),
                (('stream', 'id'), False),
                (('client', 'id'), False),
            )

    db.create_tables([OutboxMessage])
    migrator.migrate(
        migrator.add_column('api_client', 'webhook_url',
                            CharField(max_length=300, default='')),
        migrator.add_column('api_client', 'webhook_secret',
                            CharField(max_length=64, default='')),
        migrator.add_column('city_settings', 'sms_templates',
                            TextField(default='')),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('city_settings', 'sms_templates'),
        migrator.drop_column('api_client', 'webhook_secret'),
        migrator.drop_column('api_client', 'webhook_url'),
        migrator.drop_table('outbox_message'),
    )
