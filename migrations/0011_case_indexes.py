# Written by hand on 2026-12-07.
# The case lists at a million cases: a hall's cases by creation and by
# registration, the cases moved away from a hall, and a hall's open cases by
# status and due date. The single-column indexes on hall and origin hall are
# the first column of these, so they go. Then the planner's
# statistics are gathered, as SQLite advises after adding indexes.
from peewee import *
from playhouse.migrate import SqliteMigrator

INDEXES = (
    ('case_hall_id_created_at', ('hall_id', 'created_at')),
    ('case_origin_hall_id_created_at', ('origin_hall_id', 'created_at')),
    ('case_hall_id_registered_at', ('hall_id', 'registered_at')),
    ('case_hall_id_status_due_date', ('hall_id', 'status', 'due_date')),
)
REPLACED = (
    ('case_hall_id', ('hall_id',)),
    ('case_origin_hall_id', ('origin_hall_id',)),
)


def analyze(migrator, db):
    if isinstance(migrator, SqliteMigrator):
        db.execute_sql('ANALYZE')
    else:
        db.execute_sql('ANALYZE "case"')


def up(migrator, db):
    for name, columns in INDEXES:
        migrator.migrate(migrator.add_index('case', columns))
    for name, columns in REPLACED:
        migrator.migrate(migrator.drop_index('case', name))
    analyze(migrator, db)


def down(migrator, db):
    for name, columns in REPLACED:
        migrator.migrate(migrator.add_index('case', columns))
    for name, columns in INDEXES:
        migrator.migrate(migrator.drop_index('case', name))
