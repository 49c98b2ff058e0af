# Written by hand on 2026-12-07.
# Integration clients of the API (/api/v1): each with a hashed token, the
# halls it may read (ApiClientHall), who issued it and who revoked it.
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

    class ApiClient(Model):
        name = CharField(max_length=60)
        hall = ForeignKeyField(Hall, on_delete='RESTRICT')
        access = CharField(max_length=12, default='read')
        personal_data = BooleanField(default=False)
        token_hash = CharField(max_length=64, unique=True)
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField(default=datetime.datetime.now)
        revoked_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        revoked_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'api_client'

    class ApiClientHall(Model):
        client = ForeignKeyField(ApiClient, on_delete='CASCADE')
        hall = ForeignKeyField(Hall, on_delete='RESTRICT')

        class Meta:
            database = db
            table_name = 'api_client_hall'
            indexes = ((('client', 'hall'), True),)

    db.create_tables([ApiClient, ApiClientHall])


def down(migrator, db):
    db.execute_sql('DROP TABLE api_client_hall')
    db.execute_sql('DROP TABLE api_client')
