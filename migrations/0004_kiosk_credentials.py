# Generated from a schema diff on 2026-12-01 21:24.
from peewee import *

# When kiosk PINs, badges and applicant cards were given out. Existing PINs,
# badges and cards keep working; when they were given is not known, so those
# dates stay empty.

def up(migrator, db):
    migrator.migrate(migrator.add_column('user', 'pin_set_at', DateTimeField(null=True)))
    migrator.migrate(migrator.add_column('user', 'badge_issued_at', DateTimeField(null=True)))
    migrator.migrate(migrator.add_column('applicant', 'card_issued_at', DateTimeField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('applicant', 'card_issued_at'))
    migrator.migrate(migrator.drop_column('user', 'badge_issued_at'))
    migrator.migrate(migrator.drop_column('user', 'pin_set_at'))
