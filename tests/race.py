"""One action raced from real processes, each with its own connection.

`race(url, prepare, calls, done)` starts a process per call; each connects
to the database at `url`, runs `prepare(*call)` (loading what it needs) and
waits at a shared barrier, then runs the action `prepare` returned. Each
reports `done`, 'refused' (a DomainError) or the repr of any other error
(a lock error would be a failure: say which). `prepare` is a module-level
function, so that the spawned processes can import it.
"""
import multiprocessing

import models


def _run(url, identity_key, prepare, call, barrier, results, done):
    from app import connect_database

    if identity_key:
        models.set_identity_key(identity_key)
    database = connect_database(url)
    models.db.initialize(database)
    database.connect()
    try:
        action = prepare(*call)
        barrier.wait(timeout=60)
        action()
        results.put(done)
    except models.DomainError:
        results.put('refused')
    except Exception as error:
        results.put(repr(error))
    finally:
        database.close()


def race(url, prepare, calls, done, identity_key=None):
    """Run the calls at once; their outcomes, sorted."""
    models.db.close()  # the children open their own connections
    context = multiprocessing.get_context('spawn')
    barrier = context.Barrier(len(calls))
    results = context.Queue()
    workers = [context.Process(target=_run, args=(
        url, identity_key, prepare, call, barrier, results, done))
        for call in calls]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    models.db.connect(reuse_if_open=True)
    return sorted(outcomes)
