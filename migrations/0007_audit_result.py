# Generated from a schema diff on 2026-12-02 04:37, then completed by hand:
# every record that names the user who acted keeps them (ON DELETE RESTRICT
# instead of SET NULL), and the sign-ins refused so far are marked refused.
import re

from peewee import *

# (table, column): references to "user" that name who acted.
ACTORS = [
    ('audit_log', 'user_id'), ('case_event', 'actor_id'),
    ('case_material', 'recorded_by_id'), ('handover', 'recorded_by_id'),
    ('evaluation', 'recorded_by_id'), ('follow_up', 'closed_by_id'),
    ('ticket', 'called_by_id'), ('ticket_event', 'user_id'),
    ('case', 'created_by_id'), ('holiday_notice', 'entered_by_id'),
]


def _sqlite_on_delete(db, action):
    """SQLite cannot alter a constraint; its documented way for a change
    that leaves the stored rows as they are (a foreign key's action) is to
    rewrite the table's CREATE statement in place, without copying rows."""
    version = db.execute_sql('PRAGMA schema_version').fetchone()[0]
    db.execute_sql('PRAGMA writable_schema = ON')
    try:
        for table, column in ACTORS:
            (sql,) = db.execute_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                (table,)).fetchone()
            pattern = (r'(FOREIGN KEY \("%s"\) REFERENCES "user" \("id"\) '
                       r'ON DELETE )(SET NULL|RESTRICT)' % column)
            new, found = re.subn(pattern, r'\g<1>' + action, sql)
            if not found:
                raise RuntimeError('no foreign key %s.%s' % (table, column))
            db.execute_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' "
                           "AND name = ?", (new, table))
        db.execute_sql('PRAGMA schema_version = %d' % (version + 1))
    finally:
        db.execute_sql('PRAGMA writable_schema = OFF')


def _postgres_on_delete(db, action):
    for table, column in ACTORS:
        (name,) = db.execute_sql(
            "SELECT con.conname FROM pg_constraint con "
            "JOIN pg_class rel ON rel.oid = con.conrelid "
            "JOIN pg_attribute att ON att.attrelid = con.conrelid "
            "AND att.attnum = ANY (con.conkey) "
            "WHERE con.contype = 'f' AND rel.relname = %s AND att.attname = %s "
            "AND rel.relnamespace = current_schema()::regnamespace",
            (table, column)).fetchone()
        db.execute_sql('ALTER TABLE "%s" DROP CONSTRAINT "%s"' % (table, name))
        # NOT VALID: the rows already satisfy it; no scan of large tables.
        db.execute_sql('ALTER TABLE "%s" ADD CONSTRAINT "%s" FOREIGN KEY ("%s") '
                       'REFERENCES "user" ("id") ON DELETE %s NOT VALID'
                       % (table, name, column, action))


def _on_delete(db, action):
    if isinstance(db, SqliteDatabase):
        _sqlite_on_delete(db, action)
    else:
        _postgres_on_delete(db, action)


def up(migrator, db):
    migrator.migrate(migrator.add_column('audit_log', 'result', CharField(max_length=10, default='success')))
    migrator.migrate(migrator.add_column('audit_log', 'reason', TextField(default='')))
    db.execute_sql("UPDATE audit_log SET result = 'refused' "
                   "WHERE action IN ('login_failed', 'kiosk_signin_fail')")
    _on_delete(db, 'RESTRICT')


def down(migrator, db):
    _on_delete(db, 'SET NULL')
    migrator.migrate(migrator.drop_column('audit_log', 'reason'))
    migrator.migrate(migrator.drop_column('audit_log', 'result'))
