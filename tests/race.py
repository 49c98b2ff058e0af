"""One action raced from real processes (each with its own connection), or
from threads of this process: the concurrency tests' only workers.

`race(url, prepare, calls, done)` starts a process per call; each connects
to the database at `url`, runs `prepare(*call)` (loading what it needs) and
waits at a shared barrier, then runs the action `prepare` returned. Each
reports `done` (or, when `done` is None, what the action returned),
'refused' (a DomainError) or the repr of any other error (a lock error would
be a failure: say which). `prepare` is a module-level function, so that the
spawned processes can import it.

`at_once(work, count)` runs `work(i)` in `count` threads released together.
"""
import multiprocessing
import threading

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
        result = action()
        results.put(result if done is None else done)
    except models.DomainError:
        results.put('refused')
    except Exception as error:
        results.put(repr(error))
    finally:
        database.close()


def race(url, prepare, calls, done=None, identity_key=None):
    """Run the calls at once, each in its own process; their outcomes, sorted."""
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
    # Errors (text) first, then what the actions returned.
    return sorted(outcomes, key=lambda o: (not isinstance(o, str), str(o)))


def at_once(work, count):
    """Run `work(i)` in `count` threads of this process released together,
    each with its own connection; their results (any error fails)."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def runner(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # reported below, with the thread's result
            errors.append(error)
        finally:
            if not models.db.is_closed():
                models.db.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results
