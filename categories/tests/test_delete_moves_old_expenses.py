"""Deleting a category moves (or clears) the category of expenses however old they are.

Decided, per the API contract ("Classification is not the record", shared/design/API.md):
category, tags and notes stay the owner's to change at any time, "and a category delete that
reassigns (or clears) the category of old expenses" is allowed. The edit window guards the
record (amount, currency, date, description, ...), which a category delete never touches, so
no `edit_window_expired` and no audit row."""

import datetime
from decimal import Decimal

import pytest

from categories.models import Category
from categories.tests.factories import CategoryFactory
from expenses.models import Expense, ExpenseAudit
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2020, 1, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def old_expense(alice, settings):
    settings.EXPENSE_EDIT_WINDOW_HOURS = 1
    category = CategoryFactory(owner=alice, name="Old habits")
    expense = ExpenseFactory(
        owner=alice,
        category=category,
        created_at=LONG_AGO,
        amount=Decimal("42.00"),
        date=datetime.date(2020, 1, 1),
        description="Gym",
    )
    assert expense.editable_until < datetime.datetime.now(datetime.UTC)
    return expense


def record(expense: Expense) -> tuple:
    return (expense.amount, expense.currency, expense.date, expense.description, expense.notes)


def test_delete_with_reassign_none_clears_an_old_expenses_category(alice_client, old_expense):
    before = record(old_expense)
    category_id = old_expense.category_id
    response = alice_client.delete(f"/api/v1/categories/{category_id}/?reassign_to=none")
    assert response.status_code == 204, response.content
    old_expense.refresh_from_db()
    assert old_expense.category_id is None
    assert record(old_expense) == before  # the record itself is untouched
    assert not Category.objects.filter(pk=category_id).exists()
    assert not ExpenseAudit.objects.exists()  # not an override: nothing to audit


def test_delete_with_reassign_moves_an_old_expense(alice_client, alice, old_expense):
    target = CategoryFactory(owner=alice, name="Fitness")
    before = record(old_expense)
    response = alice_client.delete(
        f"/api/v1/categories/{old_expense.category_id}/?reassign_to={target.id}"
    )
    assert response.status_code == 204, response.content
    old_expense.refresh_from_db()
    assert old_expense.category_id == target.id
    assert record(old_expense) == before
    assert not ExpenseAudit.objects.exists()


def test_delete_without_reassign_still_refuses_with_the_count(alice_client, old_expense):
    response = alice_client.delete(f"/api/v1/categories/{old_expense.category_id}/")
    assert response.status_code == 409
    assert response.json()["code"] == "category_in_use"
    assert response.json()["code"] != "edit_window_expired"
    assert response.json()["expense_count"] == 1
