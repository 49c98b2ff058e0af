"""Stored times are the hall's local time (config TIMEZONE). Data only.

Nothing is converted. Until this release, times were stored in the local time
of whichever server wrote them. This migration ASSUMES that every row written
so far is already in the hall's zone: TIMEZONE when it runs, Asia/Shanghai by
default. That holds when those servers' clocks ran in that zone.

When the database already has rows, the migration records the assumption and
the moment of the upgrade in the audit log (action "time_zone"). If the old
servers ran in another zone, `flask shift-times --from-zone ZONE` then moves
the times they stored, those stored before that moment, to the hall's zone.
"""
import json

from peewee import SQL, Table

import models

AUDIT_COLUMNS = ('id', 'at', 'user_id', 'hall_id', 'action', 'model',
                 'record_id', 'before', 'after')


def _has_rows(db, name):
    return Table(name).bind(db).select(SQL('1')).limit(1).exists()


def up(migrator, db):
    if not any(_has_rows(db, name) for name in ('hall', 'user', 'audit_log')):
        return  # a new database: nothing was written before this release
    moment = models.instant()
    zone = models.HALL_ZONE.key
    audit = Table('audit_log', AUDIT_COLUMNS).bind(db)
    audit.insert({
        audit.at: str(models.hall_time(moment)), audit.user_id: None,
        audit.hall_id: None, audit.action: 'time_zone',
        audit.model: 'Database', audit.record_id: '', audit.before: '',
        audit.after: json.dumps({
            'assumed_zone': zone, 'hall_zone': zone,
            'since_utc': moment.replace(microsecond=0).isoformat(),
        }, sort_keys=True),
    }).execute()
