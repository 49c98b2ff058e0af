# Written by hand on 2026-12-07.
# Items are found by their everyday names (aliases: 社保, 医保, 营业执照 …,
# with their pinyin in alias_keys for search) and may require a minimum age
# (高龄津贴: 80) checked from the identity document. A ticket records how it
# came to be (walk-in, appointment, transferred from another window).
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('item', 'aliases', CharField(max_length=200, default='')),
        migrator.add_column('item', 'alias_keys', TextField(default='')),
        migrator.add_column('item', 'min_age', IntegerField(null=True)),
        migrator.add_column('ticket', 'kind', CharField(max_length=12, default='walk_in')),
    )
    # Tickets issued before carried only the appointment priority (transfers
    # had it too, and cannot be told apart now): they keep the label they had.
    db.execute_sql("UPDATE ticket SET kind = 'appointment' WHERE priority = 1")


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('ticket', 'kind'),
        migrator.drop_column('item', 'min_age'),
        migrator.drop_column('item', 'alias_keys'),
        migrator.drop_column('item', 'aliases'),
    )
