# Written by hand on 2026-12-08.
# The dashboard's 12-month trend reads the months that are over from the
# appraisal sums: agent_month gains the cases registered in the month
# (received) and a row per hall for the cases without an agent (agent may
# be empty). The sums written before hold neither, so they are forgotten:
# the appraisal_months job sums every month again on its next run.
import datetime

from peewee import *


def _agent_month(db, trend):
    """The agent_month table with the trend's figures, or as 0036 made it."""

    def table(name):
        class Stub(Model):
            class Meta:
                database = db
                table_name = name
        return Stub

    Hall, Agent = table('hall'), table('agent')

    class AgentMonth(Model):
        month = DateField()
        hall = ForeignKeyField(Hall, on_delete='CASCADE', index=False)
        agent = ForeignKeyField(Agent, null=trend, on_delete='CASCADE')
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
        if trend:
            received = IntegerField(default=0)

        class Meta:
            database = db
            table_name = 'agent_month'
            indexes = ((('month', 'hall', 'agent'), True),)

    return AgentMonth


def up(migrator, db):
    db.execute_sql('DELETE FROM appraisal_month')
    db.execute_sql('DROP TABLE agent_month')
    db.create_tables([_agent_month(db, trend=True)])


def down(migrator, db):
    db.execute_sql('DELETE FROM appraisal_month')
    db.execute_sql('DROP TABLE agent_month')
    db.create_tables([_agent_month(db, trend=False)])
