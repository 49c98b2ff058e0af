# Generated from a schema diff on 2026-12-07 13:40.
# 中止 / 续办: a case may be suspended while it waits on something outside
# the hall; it keeps where it returns to, since when and why, and the
# working days of its suspensions so far (added to its due date).
from peewee import *

def up(migrator, db):
    migrator.migrate(
        migrator.add_column('case', 'suspended_from', CharField(max_length=20, default='')),
        migrator.add_column('case', 'suspended_at', DateTimeField(null=True)),
        migrator.add_column('case', 'suspension_reason', CharField(max_length=20, default='')),
        migrator.add_column('case', 'suspended_days', IntegerField(default=0)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('case', 'suspended_days'),
        migrator.drop_column('case', 'suspension_reason'),
        migrator.drop_column('case', 'suspended_at'),
        migrator.drop_column('case', 'suspended_from'),
    )
