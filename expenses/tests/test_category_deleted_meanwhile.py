"""Filing an expense under a category that another request deletes at the same moment: a
400 on `category`, never an IntegrityError (500) when the transaction commits."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connections

from categories.models import Category
from categories.services import category_delete
from categories.tests.factories import CategoryFactory
from config.exceptions import FieldErrors
from expenses import services
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

# The service's own transaction must commit: that is where the foreign key is checked.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _deleted_copy(category: Category) -> Category:
    """The category as a request validated it, after another request deleted its row."""
    Category.objects.filter(pk=category.pk).delete()
    return category


def test_create_with_a_category_deleted_meanwhile_is_400_on_category(alice):
    category = _deleted_copy(CategoryFactory(owner=alice, name="Gone"))
    with pytest.raises(FieldErrors) as raised:
        services.expense_create(
            owner=alice,
            amount=Decimal("5.00"),
            date=datetime.date(2026, 1, 2),
            description="Coffee",
            category=category,
        )
    assert list(raised.value.errors) == ["category"]
    assert not Expense.objects.exists()


def test_update_to_a_category_deleted_meanwhile_is_400_on_category(alice):
    expense = ExpenseFactory(owner=alice, date=datetime.date.today())
    category = _deleted_copy(CategoryFactory(owner=alice, name="Gone"))
    with pytest.raises(FieldErrors) as raised:
        services.expense_update(expense=expense, actor=alice, data={"category": category})
    assert list(raised.value.errors) == ["category"]
    expense.refresh_from_db()
    assert expense.category_id is None


def test_api_create_while_the_category_is_deleted_answers_400(alice_client, alice, monkeypatch):
    category = CategoryFactory(owner=alice, name="Gone")
    real_create = services.expense_create

    def delete_then_create(**kwargs):
        # Another request deletes the category after this one validated it.
        Category.objects.filter(pk=category.pk).delete()
        return real_create(**kwargs)

    monkeypatch.setattr(services, "expense_create", delete_then_create)
    response = alice_client.post(
        "/api/v1/expenses/",
        {"amount": "5.00", "date": "2026-01-02", "description": "Coffee", "category": category.id},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "category" in response.json()
    assert not Expense.objects.exists()


def test_create_and_delete_racing_never_crash(alice):
    """Many rounds of one thread creating an expense under a category while another deletes
    it: every create either lands before the delete (which then answers 409) or is a 400."""
    outcomes: list[str] = []
    for round_ in range(10):
        category = CategoryFactory(owner=alice, name=f"Race {round_}")
        barrier = threading.Barrier(2)

        def create(category: Category = category, barrier: threading.Barrier = barrier) -> None:
            try:
                barrier.wait()
                services.expense_create(
                    owner=alice,
                    amount=Decimal("5.00"),
                    date=datetime.date(2026, 1, 2),
                    description="Coffee",
                    category=category,
                )
                outcomes.append("created")
            except FieldErrors:
                outcomes.append("create refused")
            finally:
                connections.close_all()

        def delete(category: Category = category, barrier: threading.Barrier = barrier) -> None:
            from categories.errors import CategoryInUse

            try:
                barrier.wait()
                category_delete(category=category)
                outcomes.append("deleted")
            except CategoryInUse:
                outcomes.append("delete refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=create), threading.Thread(target=delete)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        expense_count = Expense.objects.filter(category_id=category.id).count()
        category_exists = Category.objects.filter(pk=category.pk).exists()
        assert expense_count == 0 or category_exists
    assert len(outcomes) == 20
    assert all(o in {"created", "create refused", "deleted", "delete refused"} for o in outcomes)
