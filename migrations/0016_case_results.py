# Written from a schema diff on 2026-12-07.
# 反馈材料: the result documents handed to the applicant (licences,
# certificates, documents returned), recorded on the case; a correction is
# a new record that supersedes the one it corrects.
from peewee import *


def up(migrator, db):
    class Case(Model):
        class Meta:
            database = db
            table_name = 'case'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class CaseResult(Model):
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        kind = CharField(max_length=12)
        title = CharField(max_length=100)
        number = CharField(max_length=60, default='')
        issued_by = CharField(max_length=100, default='')
        copies = IntegerField(default=1)
        note = CharField(max_length=200, default='')
        supersedes = ForeignKeyField('self', null=True, unique=True,
                                     on_delete='RESTRICT')
        recorded_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        recorded_at = DateTimeField()

        class Meta:
            database = db
            table_name = 'case_result'
    db.create_tables([CaseResult])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('case_result'))
