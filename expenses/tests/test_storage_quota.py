"""Receipt uploads stay within the user's STORAGE_QUOTA_MB (issue 12, finding 7)."""

from pathlib import Path

import pytest

from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import png, upload

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def with_stored_receipt(owner, settings, size: int) -> Expense:
    """An expense of `owner` whose receipt is a stored file of `size` bytes."""
    Path(settings.MEDIA_ROOT, "receipts").mkdir(parents=True, exist_ok=True)
    name = f"receipts/big-{owner.username}.png"
    Path(settings.MEDIA_ROOT, name).write_bytes(b"\0" * size)
    return ExpenseFactory(owner=owner, receipt=name)


def test_an_upload_past_the_quota_is_413_storage_quota_exceeded(alice_client, alice, settings):
    settings.STORAGE_QUOTA_MB = 1
    with_stored_receipt(alice, settings, MB - 10)
    other = ExpenseFactory(owner=alice)

    response = upload(alice_client, other, "r.png", png())

    assert response.status_code == 413, response.content
    body = response.json()
    assert body["code"] == "storage_quota_exceeded"
    assert "1 MB storage quota" in body["detail"]
    assert body["used_bytes"] == MB - 10
    other.refresh_from_db()
    assert not other.receipt
    assert len(list(Path(settings.MEDIA_ROOT, "receipts").iterdir())) == 1


def test_replacing_a_receipt_counts_the_new_file_instead_of_the_old(alice_client, alice, settings):
    settings.STORAGE_QUOTA_MB = 1
    expense = with_stored_receipt(alice, settings, MB - 10)

    response = upload(alice_client, expense, "r.png", png())

    assert response.status_code == 200, response.content


def test_other_users_files_do_not_count(alice_client, alice, bob, settings):
    settings.STORAGE_QUOTA_MB = 1
    with_stored_receipt(bob, settings, MB - 10)

    assert upload(alice_client, ExpenseFactory(owner=alice), "r.png", png()).status_code == 200


def test_a_quota_of_zero_is_unlimited(alice_client, alice, settings):
    settings.STORAGE_QUOTA_MB = 0
    with_stored_receipt(alice, settings, MB)

    assert upload(alice_client, ExpenseFactory(owner=alice), "r.png", png()).status_code == 200
