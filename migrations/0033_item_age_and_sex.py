# Written by hand on 2026-12-07.
# Besides the age reached (min_age, 0026), an item may be for applicants up
# to an age (max_age) and for one sex only (sex: '' for anyone, 'male',
# 'female'), as the identity number states them; checked at screening,
# registration and booking.
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('item', 'max_age', IntegerField(null=True)),
        migrator.add_column('item', 'sex', CharField(max_length=6, default='')),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('item', 'sex'),
        migrator.drop_column('item', 'max_age'),
    )
