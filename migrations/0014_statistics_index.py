# Written by hand on 2026-12-07.
# The monthly statistics (附件8) of a whole city for a year read a quarter of
# a million cases: a hall's cases by registration, carrying every column the
# form counts (closed, due, status, item, bundle), so that the database
# answers from the index without reading a case row. It serves the ledger as
# (hall, registered_at) did, so that one goes. Ratings are read with their
# case in the same way.
from peewee import *
from playhouse.migrate import SqliteMigrator

STATISTICS = ('hall_id', 'registered_at', 'closed_at', 'due_date', 'status',
              'item_id', 'bundle_id')


def analyze(migrator, db):
    if isinstance(migrator, SqliteMigrator):
        db.execute_sql('ANALYZE')
    else:
        db.execute_sql('ANALYZE "case"')
        db.execute_sql('ANALYZE evaluation')


def up(migrator, db):
    migrator.migrate(migrator.add_index('case', STATISTICS,
                                        name='case_statistics'))
    migrator.migrate(migrator.drop_index('case', 'case_hall_id_registered_at'))
    migrator.migrate(migrator.add_index('evaluation', ('case_id', 'rating'),
                                        name='evaluation_case_rating'))
    analyze(migrator, db)


def down(migrator, db):
    migrator.migrate(migrator.drop_index('evaluation', 'evaluation_case_rating'))
    migrator.migrate(migrator.add_index('case', ('hall_id', 'registered_at')))
    migrator.migrate(migrator.drop_index('case', 'case_statistics'))
