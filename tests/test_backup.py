"""`flask backup` while cases are being written, then `flask restore`: every
case committed before the backup began comes back with its whole history."""
import os
import stat
import threading

import backup
import models
from seeds import factories as make


def _history(case_ids=None):
    """Each case's events, as (action, from, to) chains, by case id."""
    query = models.CaseEvent.select().order_by(models.CaseEvent.id)
    chains = {}
    for event in query:
        chains.setdefault(event.case_id, []).append(
            (event.action, event.from_status, event.to_status))
    return chains


class Writer(threading.Thread):
    """Registers cases one after another until told to stop."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.done = []
        self.errors = []

    def run(self):
        seed = 5000
        try:
            while not self.stop.is_set():
                seed += 1
                case = make.registered_case(seed=seed)
                self.done.append(case.id)
        except Exception as error:  # reported by the test
            self.errors.append(error)
        finally:
            if not models.db.is_closed():
                models.db.close()


def _connect(url):
    from app import connect_database
    database = connect_database(url)
    models.db.initialize(database)
    database.connect(reuse_if_open=True)
    return database


def test_backup_under_load_restores_every_case_and_its_history(
        demo_app, databases, tmp_path):
    url = demo_app.config['DATABASE_URL']
    writer = Writer()
    writer.start()
    while len(writer.done) < 3 and writer.is_alive():
        threading.Event().wait(0.05)
    before = set(writer.done)  # committed before the backup began
    target = str(tmp_path / 'backups' / 'snapshot')
    result = demo_app.test_cli_runner().invoke(args=['backup', target])
    while len(writer.done) < len(before) + 3 and writer.is_alive():
        threading.Event().wait(0.05)  # writing went on through the backup
    writer.stop.set()
    writer.join(timeout=60)
    assert not writer.errors, writer.errors
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600

    models.db.close()
    fresh = databases.fresh('empty')
    backup.restore(fresh, target)
    restored = _connect(fresh)
    try:
        chains = _history()
        cases = {case.id: case for case in models.Case.select()}
        assert before <= set(cases), 'cases committed before the backup are missing'
        for case_id, case in cases.items():
            chain = chains[case_id]
            assert chain[0][0] == 'open'
            for (_a, _f, ended), (_b, started, _t) in zip(chain, chain[1:]):
                assert started == ended
            assert chain[-1][2] == case.status
    finally:
        restored.close()


def test_backup_and_restore_are_audited_and_refuse_to_overwrite(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    target = str(tmp_path / 'one')
    assert runner.invoke(args=['backup', target]).exit_code == 0
    again = runner.invoke(args=['backup', target])
    assert again.exit_code != 0 and 'exists already' in again.output
    count = models.Case.select().count()
    restored = runner.invoke(args=['restore', target, '--yes'])
    assert restored.exit_code == 0, restored.output
    models.db.close()
    models.db.connect(reuse_if_open=True)
    assert models.Case.select().count() == count
    actions = [row.action for row in models.AuditLog.select()
               .where(models.AuditLog.model == 'Database')]
    assert 'restore' in actions


def test_restore_refuses_a_file_that_is_not_a_backup(demo_app, tmp_path):
    bogus = tmp_path / 'bogus'
    bogus.write_bytes(b'not a database at all' * 100)
    result = demo_app.test_cli_runner().invoke(args=['restore', str(bogus), '--yes'])
    assert result.exit_code != 0
    assert models.Case.select().exists()


def test_instance_folder_and_sqlite_database_are_private(tmp_path):
    from app import _private_instance, connect_database
    instance = tmp_path / 'instance'
    (instance / 'sub').mkdir(parents=True)
    (instance / 'config.py').write_text('X = 1\n')
    os.chmod(instance, 0o755)
    os.chmod(instance / 'config.py', 0o644)
    _private_instance(str(instance))
    assert stat.S_IMODE(os.stat(instance).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(instance / 'sub').st_mode) == 0o700
    assert stat.S_IMODE(os.stat(instance / 'config.py').st_mode) == 0o600

    path = instance / 'bangban.db'
    database = connect_database('sqlite:///%s' % path)
    database.connect()
    database.execute_sql('CREATE TABLE t (a)')
    database.execute_sql('INSERT INTO t VALUES (1)')
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(str(path) + suffix):
            assert stat.S_IMODE(os.stat(str(path) + suffix).st_mode) == 0o600
    database.close()
