# Written by hand on 2026-12-08.
# The dashboard's 12-month trend reads the months that are over from the
# appraisal sums: agent_month gains the cases registered in the month
# (received) and a row per hall for the cases without an agent (agent_id
# may be empty). The sums written before hold neither, so they are
# forgotten: the appraisal_months job sums every month again when it next
# runs (or at once from the scheduled jobs' page).
from peewee import *


def forget_the_sums(db):
    db.execute_sql('DELETE FROM agent_month')
    db.execute_sql('DELETE FROM appraisal_month')


def up(migrator, db):
    forget_the_sums(db)
    migrator.migrate(
        migrator.add_column('agent_month', 'received',
                            IntegerField(default=0)),
        migrator.drop_not_null('agent_month', 'agent_id'),
    )


def down(migrator, db):
    forget_the_sums(db)
    migrator.migrate(
        migrator.drop_column('agent_month', 'received'),
        migrator.add_not_null('agent_month', 'agent_id'),
    )
