"""Receipt files written by a restore live and die with it: a caller's transaction that
rolls back after the restore leaves no file behind; one that commits keeps them."""

import io
from pathlib import Path

import pytest
from django.db import transaction

from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import attach_png
from reports.services.restore import backup_open_zip, backup_restore, backup_validate

pytestmark = pytest.mark.django_db


class Abort(Exception):
    pass


@pytest.fixture
def backup_zip(alice, alice_client) -> bytes:
    expense = ExpenseFactory(owner=alice)
    attach_png(alice_client, expense)
    return b"".join(alice_client.get("/api/v1/export/backup.zip").streaming_content)


def _restore(owner, content: bytes) -> None:
    with backup_open_zip(io.BytesIO(content)) as (document, receipts):
        backup_restore(owner=owner, backup=backup_validate(document, receipts=receipts))


def test_a_restore_inside_a_transaction_that_rolls_back_leaves_no_files(bob, backup_zip, settings):
    before = set(Path(settings.MEDIA_ROOT).rglob("*"))
    with pytest.raises(Abort), transaction.atomic():
        _restore(bob, backup_zip)
        restored = Expense.objects.get(owner=bob)
        assert Path(settings.MEDIA_ROOT, restored.receipt.name).exists()
        raise Abort

    assert set(Path(settings.MEDIA_ROOT).rglob("*")) == before
    assert not Expense.objects.filter(owner=bob).exists()


def test_a_committed_restore_keeps_its_files(
    bob, backup_zip, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _restore(bob, backup_zip)

    restored = Expense.objects.get(owner=bob)
    assert Path(settings.MEDIA_ROOT, restored.receipt.name).exists()
