# Written by hand on 2026-12-07.
# Halls moving off paper bring their historic ledger (附件4) in: a case
# imported from a ledger row is marked as such; its history says who
# imported it and when (a CaseEvent 'import'), its dates are the ledger's.
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('case', 'is_imported', BooleanField(default=False)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('case', 'is_imported'),
    )
