# Written by hand on 2026-12-07.
# Online and hotline requests (线上帮办): a request sent to a hall through the
# API or the request page, and its append-only steps (RequestStep).
# Requests name the API client that sent them (0030).
import datetime

from peewee import *


def up(migrator, db):

    def table(name):
        class Stub(Model):
            class Meta:
                database = db
                table_name = name
        return Stub

    Hall, User, Item, Bundle = (table(n) for n in ('hall', 'user', 'item', 'bundle'))
    Case, Appointment, ApiClient = (table(n) for n in ('case', 'appointment', 'api_client'))

    class ServiceRequest(Model):
        hall = ForeignKeyField(Hall, on_delete='RESTRICT', index=False)
        channel = CharField(max_length=10)
        client = ForeignKeyField(ApiClient, null=True, on_delete='RESTRICT')
        name = CharField(max_length=60)
        id_type = CharField(max_length=20, default='resident_id')
        id_number = CharField(max_length=18)
        nationality = CharField(max_length=3, default='')
        phone = CharField(max_length=30)
        item = ForeignKeyField(Item, null=True, on_delete='RESTRICT')
        bundle = ForeignKeyField(Bundle, null=True, on_delete='RESTRICT')
        matter = CharField(max_length=250)
        preferred_day = DateField(null=True)
        preferred_half_day = CharField(max_length=2, default='')
        notes = TextField(default='')
        status = CharField(max_length=10, default='received')
        code_hash = CharField(max_length=64, unique=True)
        received_at = DateTimeField(default=datetime.datetime.now)
        accepted_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        accepted_at = DateTimeField(null=True)
        first_contact_at = DateTimeField(null=True)
        case = ForeignKeyField(Case, null=True, on_delete='RESTRICT')
        appointment = ForeignKeyField(Appointment, null=True, on_delete='RESTRICT')
        refer_to = CharField(max_length=200, default='')
        decline_reason = TextField(default='')
        closed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        closed_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'service_request'
            indexes = ((('hall', 'received_at'), False),
                       (('hall', 'status', 'received_at'), False))

    class RequestStep(Model):
        request = ForeignKeyField(ServiceRequest, on_delete='RESTRICT')
        at = DateTimeField(default=datetime.datetime.now)
        actor = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        client = ForeignKeyField(ApiClient, null=True, on_delete='RESTRICT')
        action = CharField(max_length=20)
        note = TextField(default='')
        params = TextField(default='')

        class Meta:
            database = db
            table_name = 'request_step'

    db.create_tables([ServiceRequest, RequestStep])


def down(migrator, db):
    db.execute_sql('DROP TABLE request_step')
    db.execute_sql('DROP TABLE service_request')
