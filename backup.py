"""Backups of the whole database, taken while the product keeps serving.

SQLite: the online backup API copies a consistent snapshot page by page
while other connections go on writing. PostgreSQL: `pg_dump` in its custom
format, restored with `pg_restore`, as PostgreSQL documents. Backups hold ID
numbers and phones: every file is created readable by its owner only.
"""
import os
import shutil
import sqlite3
import subprocess

import models

SQLITE = 'sqlite:///'


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def default_name(url, folder):
    """A new backup file name in `folder`, stamped with the time."""
    stamp = models.now().strftime('%Y%m%d-%H%M%S')
    suffix = '.db' if url.startswith(SQLITE) else '.dump'
    return os.path.join(folder, 'bangban-%s%s' % (stamp, suffix))


def _private(path):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if os.path.exists(path):
        raise BackupError('%s exists already; choose a new file.' % path)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sqlite_copy(source, target):
    """Copy one SQLite database into another with the online backup API."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        with dst:
            src.backup(dst, pages=1024)
    finally:
        dst.close()
        src.close()


def _postgres_tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError('%s is not installed; install Debian\'s '
                          'postgresql-client.' % name)
    return path


def backup(url, target):
    """Write a consistent copy of the database at `url` to `target`."""
    _private(target)
    if url.startswith(SQLITE):
        source = url[len(SQLITE):]
        if not os.path.exists(source):
            os.remove(target)
            raise BackupError('there is no database at %s' % source)
        _sqlite_copy(source, target)
        return target
    try:
        subprocess.run([_postgres_tool('pg_dump'), '--format=custom',
                        '--no-owner', '--file', target, url],
                       check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as error:
        os.remove(target)
        raise BackupError('pg_dump failed: %s' % error.stderr.strip())
    except BackupError:
        os.remove(target)
        raise
    return target


def restore(url, source):
    """Replace the database at `url` with the backup in `source`. Stop the
    service first: connections open during a restore see it half done."""
    if not os.path.exists(source):
        raise BackupError('there is no backup at %s' % source)
    if url.startswith(SQLITE):
        check = sqlite3.connect('file:%s?mode=ro' % source, uri=True)
        try:
            if check.execute('PRAGMA integrity_check').fetchone()[0] != 'ok':
                raise BackupError('%s is damaged; it was not restored.' % source)
        except sqlite3.DatabaseError:
            raise BackupError('%s is not a SQLite backup.' % source)
        finally:
            check.close()
        _sqlite_copy(source, url[len(SQLITE):])
        return
    try:
        subprocess.run([_postgres_tool('pg_restore'), '--clean', '--if-exists',
                        '--no-owner', '--single-transaction', '--dbname', url,
                        source], check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as error:
        raise BackupError('pg_restore failed: %s' % error.stderr.strip())
