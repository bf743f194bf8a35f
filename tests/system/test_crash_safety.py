"""Crash safety: SIGKILL in the middle of a 100,000-row import (through the API, and from the
command line) and of a restore with receipts. After a restart the database holds none of
their rows and is consistent, and the orphan sweep leaves no file behind."""

import contextlib
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


def _backup_with_receipts(server, token: str, count: int) -> bytes:
    """A backup zip of `count` expenses, each with a receipt file of its own."""
    import io
    import json
    import uuid
    import zipfile

    headers = {"Authorization": f"Bearer {token}"}
    created = httpx.post(
        f"{server.url}/api/v1/expenses/",
        headers=headers,
        json={"amount": "5.00", "date": "2026-01-02", "description": "restore template"},
        timeout=30,
    ).json()
    png = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (8, 8), (200, 10, 10)).save(png, format="PNG")
    files = {"file": ("r.png", png.getvalue(), "image/png")}
    put = httpx.put(
        f"{server.url}/api/v1/expenses/{created['id']}/receipt/",
        headers=headers,
        files=files,
        timeout=30,
    )
    assert put.status_code == 200, put.text
    exported = httpx.get(f"{server.url}/api/v1/export/backup.zip", headers=headers, timeout=60)
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        document = json.loads(archive.read("backup.json"))
        [template] = document["expenses"]
        picture = archive.read(template["receipt"])
    rows = []
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for n in range(count):
            uid = str(uuid.uuid4())
            member = f"receipts/{uid}.png"
            rows.append(
                {**template, "uid": uid, "description": f"crash row {n}", "receipt": member}
            )
            archive.writestr(member, picture)
        archive.writestr("backup.json", json.dumps({**document, "expenses": rows}))
    return target.getvalue()


def test_a_server_killed_mid_restore_keeps_nothing_and_the_sweep_leaves_no_orphan(deployment):
    media = Path(deployment.env["MEDIA_ROOT"])
    server = Gunicorn(deployment, workers=2)
    token = sign_up(server.url, "restorer")
    content = _backup_with_receipts(server, token, 3000)
    before = {path for path in media.rglob("*") if path.is_file()}

    def send() -> None:
        with contextlib.suppress(httpx.TransportError):  # the kill cuts the answer off
            httpx.post(
                f"{server.url}/api/v1/import/backup.zip",
                headers={"Authorization": f"Bearer {token}"},
                files={"file": ("b.zip", content)},
                timeout=300,
            )

    sender = threading.Thread(target=send)
    sender.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill once the restore is writing receipt files
        if len({p for p in media.rglob("*") if p.is_file()} - before) > 50:
            break
        time.sleep(0.02)
    else:
        raise AssertionError("the restore never started writing files")
    server.kill()
    sender.join(timeout=60)

    assert crash_rows(deployment) == 0
    check_consistent(deployment)
    left = {path for path in media.rglob("*") if path.is_file()} - before
    assert left, "the kill should leave files the rollback could not delete"
    deployment.manage("sweep_orphan_files", "--min-age-minutes", "0")
    assert {path for path in media.rglob("*") if path.is_file()} == before
