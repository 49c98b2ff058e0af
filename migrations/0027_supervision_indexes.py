# Written by hand on 2026-12-07.
# Indexes the supervision pages ask for at a million cases:
# - the open rectification tasks of the halls, awaiting call-back or past
#   their deadline (the alert count in the menu of every page, the alert
#   list): a hall's tasks by closing, call-back and deadline, counted from
#   the index alone;
# - the rating reminders of a city, longest waiting first: the delivered
#   cases by delivery, carrying their hall, whether they were brought in
#   from a paper ledger and the status (so that SQLite reads the index
#   alone), so that the first page and the capped count read in order and
#   stop;
# - the appraisal of a year (each agent's closed cases, their due dates and
#   status): the closings index of 0022 widened with the status and the
#   agent, so that it is read from the index alone. It serves the dashboard
#   as the narrower one did, so that one goes.
# The planner's statistics are gathered afresh after migrating (cli).
from peewee import *

TASKS = ('hall_id', 'closed_at', 'called_back_at', 'due_date')
CLOSING = ('hall_id', 'closed_at', 'due_date', 'status', 'agent_id')


def up(migrator, db):
    migrator.migrate(
        migrator.add_index('follow_up', TASKS),
        migrator.add_index('case', CLOSING, name='case_closing'),
        migrator.drop_index('case', 'case_hall_id_closed_at_due_date'),
    )
    db.execute_sql('CREATE INDEX case_reminders ON "case" '
                   '(closed_at, hall_id, is_imported, status) '
                   "WHERE status = 'delivered'")


def down(migrator, db):
    db.execute_sql('DROP INDEX case_reminders')
    migrator.migrate(
        migrator.add_index('case', ('hall_id', 'closed_at', 'due_date')),
        migrator.drop_index('case', 'case_closing'),
        migrator.drop_index('follow_up',
                            'follow_up_hall_id_closed_at_called_back_at_due_date'),
    )
