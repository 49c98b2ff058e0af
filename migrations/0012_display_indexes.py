# The hall screen's queries: today's tickets of a hall by status, counted
# per window (waiting) or read (called, serving) from the index alone.
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_index(
        'ticket', ('hall_id', 'day', 'status', 'window_id'), unique=False))


def down(migrator, db):
    migrator.migrate(migrator.drop_index(
        'ticket', 'ticket_hall_id_day_status_window_id'))
