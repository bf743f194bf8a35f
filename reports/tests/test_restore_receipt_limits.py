"""A restore cannot amplify a small zip into much storage: a receipt file belongs to one
expense, a restore brings at most RESTORE_MAX_RECEIPTS of them, and the new ones must fit
in the user's STORAGE_QUOTA_MB (issue 12, finding 7)."""

import json
from pathlib import Path

import pytest

from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import png
from reports.tests.backups import restore_zip, zip_bytes

pytestmark = pytest.mark.django_db


def backup_with_receipts(client, owner, receipts: list[str]) -> dict:
    """A backup of `owner` with one expense per entry of `receipts`, referencing it."""
    for _ in receipts:
        ExpenseFactory(owner=owner)
    document = json.loads(b"".join(client.get("/api/v1/export/backup.json").streaming_content))
    for row, name in zip(document["expenses"], receipts, strict=True):
        row["receipt"] = name
    return document


def stored_files(settings) -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def test_one_receipt_referenced_by_many_rows_is_refused(
    alice_client, alice, bob_client, bob, settings
):
    document = backup_with_receipts(alice_client, alice, ["receipts/one.png"] * 40)
    content = zip_bytes({"backup.json": json.dumps(document).encode(), "receipts/one.png": png()})

    response = restore_zip(bob_client, content)

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_backup"
    assert body["error_count"] == 39
    assert body["errors"][0] == {
        "path": "expenses[1].receipt",
        "message": "receipts/one.png is already the receipt of expenses[0]; "
        "a receipt file belongs to one expense.",
    }
    assert not Expense.objects.filter(owner=bob).exists()
    assert stored_files(settings) == set()


def test_distinct_receipts_are_each_stored_once(alice_client, alice, bob_client, bob, settings):
    names = [f"receipts/{n}.png" for n in range(3)]
    document = backup_with_receipts(alice_client, alice, names)
    members = {"backup.json": json.dumps(document).encode()} | {name: png() for name in names}

    response = restore_zip(bob_client, zip_bytes(members))

    assert response.status_code == 201, response.content
    restored = Expense.objects.filter(owner=bob)
    assert len({expense.receipt.name for expense in restored}) == 3
    assert len(stored_files(settings)) == 3


def test_a_restore_brings_at_most_restore_max_receipts(
    alice_client, alice, bob_client, bob, settings
):
    settings.RESTORE_MAX_RECEIPTS = 2
    names = [f"receipts/{n}.png" for n in range(3)]
    document = backup_with_receipts(alice_client, alice, names)
    members = {"backup.json": json.dumps(document).encode()} | {name: png() for name in names}

    response = restore_zip(bob_client, zip_bytes(members))

    assert response.status_code == 400, response.content
    assert response.json()["errors"] == [
        {"path": "expenses", "message": "3 receipt files; a restore takes at most 2."}
    ]
    assert not Expense.objects.filter(owner=bob).exists()
    assert stored_files(settings) == set()


def give_stored_receipt(owner, settings, size: int) -> Expense:
    """An expense of `owner` whose receipt is a stored file of `size` bytes."""
    folder = Path(settings.MEDIA_ROOT, "receipts")
    folder.mkdir(parents=True, exist_ok=True)
    name = f"receipts/big-{owner.username}-{size}.png"
    Path(settings.MEDIA_ROOT, name).write_bytes(b"\0" * size)
    return ExpenseFactory(owner=owner, receipt=name)


def test_a_restore_whose_receipts_exceed_the_quota_is_refused(
    alice_client, alice, bob_client, bob, settings
):
    settings.STORAGE_QUOTA_MB = 1
    give_stored_receipt(bob, settings, 1024 * 1024 - 10)
    before = stored_files(settings)
    document = backup_with_receipts(alice_client, alice, ["receipts/a.png"])
    content = zip_bytes({"backup.json": json.dumps(document).encode(), "receipts/a.png": png()})

    response = restore_zip(bob_client, content)

    assert response.status_code == 413, response.content
    assert response.json()["code"] == "storage_quota_exceeded"
    assert "1 MB storage quota" in response.json()["detail"]
    assert Expense.objects.filter(owner=bob).count() == 1
    assert stored_files(settings) == before


def test_without_a_quota_the_same_restore_is_taken(alice_client, alice, bob_client, bob, settings):
    settings.STORAGE_QUOTA_MB = 0
    give_stored_receipt(bob, settings, 1024 * 1024 - 10)
    document = backup_with_receipts(alice_client, alice, ["receipts/a.png"])
    content = zip_bytes({"backup.json": json.dumps(document).encode(), "receipts/a.png": png()})

    assert restore_zip(bob_client, content).status_code == 201
    assert Expense.objects.filter(owner=bob).count() == 2
