# Written by hand on 2026-12-08.
# The Mongolian voice call of bilingual halls: recorded clips of the pieces a
# call is made of (phrases, the characters of ticket and window numbers,
# window names), and whether a hall's screens play them after the Mandarin
# voice or instead of it.
import datetime

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('hall', 'mongolian_call',
                            CharField(max_length=10, default='after')),
    )

    def table(name):
        class Stub(Model):
            class Meta:
                database = db
                table_name = name
        return Stub

    Hall, Window, User = (table(n) for n in ('hall', 'window', 'user'))

    class CallClip(Model):
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        key = CharField(max_length=40)
        window = ForeignKeyField(Window, null=True, on_delete='CASCADE')
        filename = CharField(max_length=200)
        content_type = CharField(max_length=40)
        size = IntegerField(default=0)
        digest = CharField(max_length=64)
        data = BlobField()
        uploaded_at = DateTimeField(default=datetime.datetime.now)
        uploaded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')

        class Meta:
            database = db
            table_name = 'call_clip'
            indexes = ((('hall', 'key'), True),)

    db.create_tables([CallClip])


def down(migrator, db):
    db.execute_sql('DROP TABLE call_clip')
    migrator.migrate(migrator.drop_column('hall', 'mongolian_call'))
