"""The Django admin shows expenses but never changes them: edits go through the API."""

import pytest

from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, make_user):
    staff = make_user("staffer", is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


def test_expenses_are_listed_in_django_admin(staff_client):
    ExpenseFactory(description="Listed")
    response = staff_client.get("/admin/expenses/expense/")
    assert response.status_code == 200
    assert "Listed" in response.content.decode()


def test_expenses_are_read_only_in_django_admin(staff_client):
    expense = ExpenseFactory(description="Kept")
    response = staff_client.post(
        f"/admin/expenses/expense/{expense.id}/change/",
        {"description": "Changed", "amount": "999", "date": "2026-01-01"},
    )
    assert response.status_code == 403
    expense.refresh_from_db()
    assert expense.description == "Kept"


def test_expenses_cannot_be_deleted_in_django_admin(staff_client):
    expense = ExpenseFactory()
    assert staff_client.post(f"/admin/expenses/expense/{expense.id}/delete/").status_code == 403
    assert Expense.objects.filter(id=expense.id).exists()


def test_expenses_cannot_be_added_in_django_admin(staff_client):
    assert staff_client.get("/admin/expenses/expense/add/").status_code == 403
