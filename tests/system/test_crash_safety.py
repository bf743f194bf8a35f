"""Crash safety: SIGKILL in the middle of a 100,000-row import (through the API, and from the
command line). After a restart the database holds none of that import's rows and is
consistent."""

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.system.deploy import ROOT, Gunicorn, sign_up

pytestmark = pytest.mark.system

ROWS = 100_000


def big_csv() -> bytes:
    lines = ["date,amount,description"]
    lines += [f"2026-01-{n % 28 + 1:02d},{n % 900 + 1}.25,crash row {n}" for n in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def wait_until_writing(deployment, seconds: float = 60) -> None:
    """Return once the import is writing its rows (uncommitted), so the kill lands mid-write:
    PostgreSQL shows the INSERT in pg_stat_activity; SQLite's write-ahead log grows."""
    deadline = time.monotonic() + seconds
    wal = Path(deployment.database_url.removeprefix("sqlite:///") + "-wal")
    while time.monotonic() < deadline:
        if deployment.vendor == "sqlite":
            if wal.exists() and wal.stat().st_size > 2_000_000:
                return
        elif deployment.query(
            "SELECT COUNT(*) FROM pg_stat_activity "
            "WHERE state = 'active' AND query LIKE 'INSERT INTO \"expenses_expense\"%'"
        )[0][0]:
            return
        time.sleep(0.02)
    raise AssertionError("the import never started writing")


def check_consistent(deployment) -> None:
    if deployment.vendor == "sqlite":
        assert deployment.query("PRAGMA integrity_check") == [("ok",)]
        assert deployment.query("PRAGMA foreign_key_check") == []
    # Every tag link points at an expense and a tag that exist.
    orphans = deployment.query(
        "SELECT COUNT(*) FROM expenses_expense_tags link "
        "LEFT JOIN expenses_expense e ON e.id = link.expense_id WHERE e.id IS NULL"
    )
    assert orphans == [(0,)]


def crash_rows(deployment) -> int:
    return deployment.query(
        "SELECT COUNT(*) FROM expenses_expense WHERE description LIKE 'crash row %'"
    )[0][0]


def test_a_server_killed_mid_import_keeps_none_of_its_rows(deployment):
    server = Gunicorn(deployment, workers=2)
    token = sign_up(server.url, "crasher")
    answer: dict[str, object] = {}

    def send() -> None:
        try:
            answer["response"] = httpx.post(
                f"{server.url}/api/v1/import/expenses.csv",
                headers={"Authorization": f"Bearer {token}"},
                files={"file": ("big.csv", big_csv())},
                timeout=120,
            )
        except httpx.TransportError as exc:
            answer["error"] = exc

    sender = threading.Thread(target=send)
    sender.start()
    wait_until_writing(deployment)
    server.kill()
    sender.join(timeout=60)
    assert "response" not in answer, "the import finished before the kill; make it bigger"

    restarted = Gunicorn(deployment, workers=2)
    try:
        assert crash_rows(deployment) == 0
        check_consistent(deployment)
        # The restarted server works on the same data.
        listed = httpx.get(
            f"{restarted.url}/api/v1/expenses/",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert listed.status_code == 200
        assert listed.json()["count"] == 0
    finally:
        restarted.stop()


def test_a_command_line_import_killed_midway_keeps_none_of_its_rows(deployment, tmp_path):
    server = Gunicorn(deployment, workers=1)
    sign_up(server.url, "cli")
    server.stop()
    statement = tmp_path / "big.csv"
    statement.write_bytes(big_csv())
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "import_expenses",
            "--user",
            "cli",
            str(statement),
        ],
        env=deployment.env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_writing(deployment)
    assert process.poll() is None, "the import finished before the kill; make it bigger"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert crash_rows(deployment) == 0
    check_consistent(deployment)
