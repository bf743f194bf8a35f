"""Exactly once under concurrency, on a real deployment (gunicorn with 4 workers on the
suite's database, SQLite file or PostgreSQL): 8 clients read at the same moment when
occurrences are due; each due occurrence becomes one expense, and every client already sees
them all in its answer (they are created before the view reads)."""

import datetime
import threading

import httpx
import pytest

from tests.system.deploy import deployment, gunicorn, sign_up  # noqa: F401

pytestmark = pytest.mark.system

CLIENTS = 8


def execute(deployment, sql: str) -> None:  # noqa: F811
    """Change the deployment's database directly (committed)."""
    if deployment.vendor == "sqlite":
        import sqlite3

        with sqlite3.connect(deployment.database_url.removeprefix("sqlite:///")) as db:
            db.execute(sql)
        return
    import psycopg

    with psycopg.connect(deployment.database_url) as db:
        db.execute(sql)


def test_eight_simultaneous_reads_create_each_due_occurrence_once(deployment, gunicorn):  # noqa: F811
    token = sign_up(gunicorn.url, "renter")
    headers = {"Authorization": f"Bearer {token}"}
    today = datetime.datetime.now(datetime.UTC).date()
    with httpx.Client(base_url=gunicorn.url, headers=headers, timeout=60) as client:
        created = client.post(
            "/api/v1/schedules/",
            json={
                "description": "Cleaner",
                "amount": "40.00",
                "start_date": (today + datetime.timedelta(days=1)).isoformat(),
                "period": "weekly",
            },
        )
        assert created.status_code == 201, created.text
    # Three weeks pass: the schedule started 14 days ago, nothing was read since.
    start = (today - datetime.timedelta(days=14)).isoformat()
    execute(
        deployment,
        f"UPDATE schedules_schedule SET start_date = '{start}', next_due = '{start}' "
        f"WHERE id = {created.json()['id']}",
    )

    barrier = threading.Barrier(CLIENTS)
    answers: list[tuple[int, int]] = []
    lock = threading.Lock()

    def read() -> None:
        with httpx.Client(base_url=gunicorn.url, headers=headers, timeout=60) as client:
            barrier.wait()
            response = client.get("/api/v1/expenses/")
            count = response.json().get("count", -1) if response.status_code == 200 else -1
            with lock:
                answers.append((response.status_code, count))

    threads = [threading.Thread(target=read) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a client hung"

    assert answers == [(200, 3)] * CLIENTS
    rows = deployment.query("SELECT date FROM expenses_expense ORDER BY date")
    assert [str(row[0]) for row in rows] == [
        (today - datetime.timedelta(days=days)).isoformat() for days in (14, 7, 0)
    ]
    assert deployment.query("SELECT COUNT(*) FROM schedules_occurrence") == [(3,)]
    output = gunicorn.output()
    assert "request hook failed" not in output
    assert "database is locked" not in output
