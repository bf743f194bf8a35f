"""Restoring a backup never writes what it should not: no future dates, no receipt under a
name or size it was not checked for, no half-written files when the restore fails."""

import json
from pathlib import Path

import pytest

from budgets.models import Budget
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import attach_png, png
from reports.tests.backups import restore_zip, zip_bytes

pytestmark = pytest.mark.django_db


def backup_of(client) -> dict:
    return json.loads(b"".join(client.get("/api/v1/export/backup.json").streaming_content))


@pytest.mark.parametrize("when", ["9999-12-31T23:00:00+00:00", "2999-01-01T00:00:00+00:00"])
def test_a_backup_cannot_date_an_expense_in_the_future(alice_client, alice, bob_client, when):
    ExpenseFactory(owner=alice)
    document = backup_of(alice_client)
    document["expenses"][0]["created_at"] = when
    response = bob_client.post("/api/v1/import/backup.json", document)
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "expenses[0].created_at"
    assert bob_client.get("/api/v1/expenses/").status_code == 200


def test_restored_receipt_takes_the_extension_of_what_it_decodes_as(
    alice_client, alice, bob_client, bob
):
    expense = ExpenseFactory(owner=alice)
    document = backup_of(alice_client)
    document["expenses"][0]["receipt"] = "receipts/x.html"
    response = restore_zip(
        bob_client,
        zip_bytes({"backup.json": json.dumps(document).encode(), "receipts/x.html": png()}),
    )
    assert response.status_code == 201, response.content
    restored = Expense.objects.get(owner=bob, uid=expense.uid)
    assert restored.receipt.name.endswith(".png")


def test_an_oversized_receipt_in_a_zip_is_refused_before_it_is_read(
    alice_client, alice, bob_client, settings
):
    ExpenseFactory(owner=alice)
    document = backup_of(alice_client)
    document["expenses"][0]["receipt"] = "receipts/big.png"
    settings.RECEIPT_MAX_BYTES = 100
    response = restore_zip(
        bob_client,
        zip_bytes({"backup.json": json.dumps(document).encode(), "receipts/big.png": b"0" * 500}),
    )
    assert response.status_code == 400
    assert "limit" in response.json()["errors"][0]["message"]


def test_a_zip_with_an_unknown_compression_method_is_400(bob_client):
    content = bytearray(zip_bytes({"backup.json": b"{}"}))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = content.find(signature) + offset
        content[at : at + 2] = (99).to_bytes(2, "little")
    response = restore_zip(bob_client, bytes(content))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_backup"


def test_a_failed_restore_leaves_no_receipt_files(
    alice_client, alice, bob_client, bob, settings, monkeypatch
):
    expense = ExpenseFactory(owner=alice)
    attach_png(alice_client, expense)
    content = b"".join(alice_client.get("/api/v1/export/backup.zip").streaming_content)
    before = set(Path(settings.MEDIA_ROOT).rglob("*"))
    assert len([path for path in before if path.is_file()]) == 1  # Alice's receipt

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    # Budgets are the last rows a restore writes, after the receipt files.
    monkeypatch.setattr(Budget.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        restore_zip(bob_client, content)
    assert set(Path(settings.MEDIA_ROOT).rglob("*")) == before
    assert not Expense.objects.filter(owner=bob).exists()


def test_a_json_body_over_the_upload_limit_is_413(alice_client):
    body = json.dumps({"format": "x", "pad": "a" * (11 * 1024 * 1024)})
    response = alice_client.post(
        "/api/v1/import/backup.json", data=body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
