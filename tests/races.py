"""Two transactions at the same moment on PostgreSQL, in a fixed interleaving: the helpers of
the race tests (SQLite takes one writer at a time, so these races cannot happen there)."""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections, transaction

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and concurrent transactions"
)


def waiting_for_a_lock() -> bool:
    """Whether a session of this database waits for a lock (a row's, a key's or an
    advisory one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def race(
    first: Callable[[], object],
    second: Callable[[], object],
    then: Callable[[], object] = lambda: None,
) -> object:
    """`first` runs in a transaction kept open until `second`, in another thread, waits for
    a lock; then the first transaction runs `then` and commits. What `second` returned, or
    raised (what `first` or `then` raise is raised here)."""
    started, release = threading.Event(), threading.Event()
    outcome: list[object] = []
    held: list[BaseException] = []

    def holder():
        try:
            with transaction.atomic():
                first()
                started.set()
                release.wait(10)
                then()
        except BaseException as exc:  # re-raised in the test's thread
            held.append(exc)
        finally:
            started.set()
            connections.close_all()

    def racer():
        try:
            outcome.append(second())
        except Exception as exc:  # the outcome under test
            outcome.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=holder), threading.Thread(target=racer)]
    threads[0].start()
    assert started.wait(10)
    if held:
        raise held[0]
    threads[1].start()
    deadline = time.monotonic() + 10
    while not waiting_for_a_lock():
        assert time.monotonic() < deadline, "the second transaction never waited"
        time.sleep(0.02)
    release.set()
    for thread in threads:
        thread.join(15)
    assert not any(thread.is_alive() for thread in threads), "a transaction hung"
    if held:
        raise held[0]
    return outcome[0]
