# Written by hand on 2026-12-08.
# The appraisal (考核) of the months that are over, summed once per agent
# and hall (agent_month) and the months summed (appraisal_month): a year of
# a city is read from these rows instead of a million cases.
import datetime

from peewee import *


def up(migrator, db):

    def table(name):
        class Stub(Model):
            class Meta:
                database = db
                table_name = name
        return Stub

    Hall, Agent = table('hall'), table('agent')

    class AppraisalMonth(Model):
        month = DateField(unique=True)
        summed_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = 'appraisal_month'

    class AgentMonth(Model):
        month = DateField()
        hall = ForeignKeyField(Hall, on_delete='CASCADE', index=False)
        agent = ForeignKeyField(Agent, on_delete='CASCADE')
        handled = IntegerField(default=0)
        due = IntegerField(default=0)
        on_time = IntegerField(default=0)
        rated = IntegerField(default=0)
        satisfied = IntegerField(default=0)
        bad = IntegerField(default=0)
        bad_called_back = IntegerField(default=0)
        bad_closed = IntegerField(default=0)
        bad_on_time = IntegerField(default=0)
        complaints = IntegerField(default=0)
        complaints_upheld = IntegerField(default=0)

        class Meta:
            database = db
            table_name = 'agent_month'
            indexes = ((('month', 'hall', 'agent'), True),)

    db.create_tables([AppraisalMonth, AgentMonth])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS agent_month')
    db.execute_sql('DROP TABLE IF EXISTS appraisal_month')
