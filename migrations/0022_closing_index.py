# Written by hand on 2026-12-07.
# The supervision dashboard counts a hall's cases closed per day and month
# over the last 30 days and 12 months, with their due dates (on time or
# not). The statistics index starts with the registration time, so a city's
# closings would be found by reading every one of its cases: this index
# finds them by hall and closing time, and answers from the index alone.
from peewee import *
from playhouse.migrate import SqliteMigrator

CLOSING = ('hall_id', 'closed_at', 'due_date')


def up(migrator, db):
    migrator.migrate(migrator.add_index('case', CLOSING))
    if isinstance(migrator, SqliteMigrator):
        db.execute_sql('ANALYZE')
    else:
        db.execute_sql('ANALYZE "case"')


def down(migrator, db):
    migrator.migrate(migrator.drop_index('case', 'case_hall_id_closed_at_due_date'))
