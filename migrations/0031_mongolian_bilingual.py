# Written by hand on 2026-12-07.
# Mongolian–Chinese bilingual halls (Inner Mongolia): a hall may sign in
# traditional Mongolian beside Chinese; halls, departments, windows and items
# get a Mongolian name; a hall may word a fixed Mongolian string its own way.
import datetime

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('hall', 'bilingual_mongolian', BooleanField(default=False)),
        migrator.add_column('hall', 'name_mn', CharField(max_length=200, default='')),
        migrator.add_column('department', 'name_mn', CharField(max_length=200, default='')),
        migrator.add_column('window', 'name_mn', CharField(max_length=120, default='')),
        migrator.add_column('item', 'name_mn', CharField(max_length=200, default='')),
    )

    class Hall(Model):
        class Meta:
            database = db
            table_name = 'hall'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class MongolianPhrase(Model):
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        msgid = CharField(max_length=400)
        text = CharField(max_length=400)
        changed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        changed_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = 'mongolian_phrase'
            indexes = ((('hall', 'msgid'), True),)

    db.create_tables([MongolianPhrase])


def down(migrator, db):
    db.execute_sql('DROP TABLE mongolian_phrase')
    migrator.migrate(
        migrator.drop_column('item', 'name_mn'),
        migrator.drop_column('window', 'name_mn'),
        migrator.drop_column('department', 'name_mn'),
        migrator.drop_column('hall', 'name_mn'),
        migrator.drop_column('hall', 'bilingual_mongolian'),
    )
