"""`manage.py sweep_orphan_files` deletes receipt files no expense references, older than
the grace period; `--dry-run` deletes nothing (issue 12, finding 7)."""

import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

HOURS_AGO_2 = time.time() - 2 * 3600


@pytest.fixture
def files(settings, alice, bob) -> dict[str, Path]:
    folder = Path(settings.MEDIA_ROOT, "receipts")
    folder.mkdir(parents=True)
    made = {}
    for key in ("orphan", "orphan2", "young_orphan", "alices", "bobs"):
        path = folder / f"{key}.png"
        path.write_bytes(b"x" * 10)
        if key != "young_orphan":
            os.utime(path, (HOURS_AGO_2, HOURS_AGO_2))
        made[key] = path
    ExpenseFactory(owner=alice, receipt="receipts/alices.png")
    ExpenseFactory(owner=bob, receipt="receipts/bobs.png")
    return made


def sweep(*args: str) -> str:
    out = io.StringIO()
    call_command("sweep_orphan_files", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def remaining(files: dict[str, Path]) -> set[str]:
    return {key for key, path in files.items() if path.exists()}


def test_the_sweep_deletes_only_old_unreferenced_files(files):
    output = sweep()
    assert remaining(files) == {"young_orphan", "alices", "bobs"}
    assert "Deleted 2 orphan files (20 bytes) of 5" in output


def test_a_dry_run_deletes_nothing(files):
    output = sweep("--dry-run")
    assert remaining(files) == set(files)
    assert "would delete receipts/orphan.png" in output
    assert "Would delete 2 orphan files" in output


def test_a_grace_period_of_zero_sweeps_young_orphans_too(files):
    sweep("--min-age-minutes", "0")
    assert remaining(files) == {"alices", "bobs"}


def test_the_sweep_without_a_receipts_folder_does_nothing(settings):
    assert "nothing to sweep" in sweep()
