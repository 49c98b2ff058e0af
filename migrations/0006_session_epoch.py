# Generated from a schema diff on 2026-12-01 21:27.
from peewee import *

def up(migrator, db):
    migrator.migrate(migrator.add_column('user', 'session_epoch', CharField(max_length=32, default='')))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('user', 'session_epoch'))
