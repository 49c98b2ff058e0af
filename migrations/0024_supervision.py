# Written by hand on 2026-12-07.
# Supervision: the monthly sample of closed cases (SampleDraw, with its
# seed) and the review of each case drawn (SampleReview, with its
# corrective task); complaints (Complaint) with their deadline and answer.
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

    class Agent(Model):
        class Meta:
            database = db
            table_name = 'agent'

    class Case(Model):
        class Meta:
            database = db
            table_name = 'case'

    class SampleDraw(Model):
        hall = ForeignKeyField(Hall, on_delete='RESTRICT')
        month = DateField()
        percent = IntegerField()
        seed = CharField(max_length=64)
        population = IntegerField(default=0)
        drawn_by = ForeignKeyField(User, on_delete='RESTRICT')
        drawn_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = 'sample_draw'
            indexes = ((('hall', 'month'), True),)

    class SampleReview(Model):
        draw = ForeignKeyField(SampleDraw, on_delete='RESTRICT')
        hall = ForeignKeyField(Hall, on_delete='RESTRICT', index=False)
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        finding = CharField(max_length=12, default='')
        note = TextField(default='')
        reviewed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        reviewed_at = DateTimeField(null=True)
        task = TextField(default='')
        task_due = DateField(null=True)
        task_outcome = TextField(default='')
        task_closed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        task_closed_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'sample_review'
            indexes = ((('draw', 'case'), True), (('hall', 'draw'), False))

    class Complaint(Model):
        hall = ForeignKeyField(Hall, on_delete='RESTRICT', index=False)
        channel = CharField(max_length=10)
        case = ForeignKeyField(Case, null=True, on_delete='RESTRICT')
        agent = ForeignKeyField(Agent, null=True, on_delete='RESTRICT')
        complainant = CharField(max_length=60)
        contact = CharField(max_length=30, default='')
        content = TextField()
        received_at = DateTimeField(default=datetime.datetime.now)
        due_date = DateField()
        taken_by = ForeignKeyField(User, on_delete='RESTRICT')
        verdict = CharField(max_length=12, default='')
        answer = TextField(default='')
        answered_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        answered_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'complaint'
            indexes = ((('hall', 'received_at'), False),)

    db.create_tables([SampleDraw, SampleReview, Complaint])


def down(migrator, db):
    db.execute_sql('DROP TABLE complaint')
    db.execute_sql('DROP TABLE sample_review')
    db.execute_sql('DROP TABLE sample_draw')
