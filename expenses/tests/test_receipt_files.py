"""A receipt file lives and dies with the change that stored it: kept when it commits,
deleted when it, or a transaction a caller opened around it, rolls back."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from expenses.services import expense_receipt_set
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import image_bytes

pytestmark = pytest.mark.django_db


class Abort(Exception):
    pass


def png_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("r.png", image_bytes("PNG"), content_type="image/png")


def test_a_receipt_stored_in_a_callers_transaction_that_rolls_back_is_deleted(alice):
    expense = ExpenseFactory(owner=alice)
    with pytest.raises(Abort), transaction.atomic():
        expense_receipt_set(expense=expense, actor=alice, upload=png_upload())
        name = expense.receipt.name
        assert default_storage.exists(name)
        raise Abort

    assert not default_storage.exists(name)


def test_a_receipt_whose_change_fails_is_deleted(alice, monkeypatch):
    expense = ExpenseFactory(owner=alice)
    stored = []

    def fail_after_storing(*args, **kwargs):
        stored.append(expense.receipt.name)
        raise Abort

    monkeypatch.setattr(type(expense), "save", fail_after_storing)
    with pytest.raises(Abort):
        expense_receipt_set(expense=expense, actor=alice, upload=png_upload())

    assert stored
    assert not default_storage.exists(stored[0])


def test_a_committed_receipt_is_kept(alice, django_capture_on_commit_callbacks):
    expense = ExpenseFactory(owner=alice)
    with django_capture_on_commit_callbacks(execute=True):
        expense_receipt_set(expense=expense, actor=alice, upload=png_upload())

    assert default_storage.exists(expense.receipt.name)
