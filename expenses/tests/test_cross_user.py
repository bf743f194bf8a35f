import pytest

from accounts.models import User
from categories.models import Category
from categories.tests.factories import CategoryFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_expense(alice):
    return ExpenseFactory(owner=alice, description="Alice's secret")


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("patch", "", {"notes": "mine now"}),
        ("put", "", {"amount": "1.00", "date": "2026-01-01", "description": "x"}),
        ("delete", "", None),
        ("get", "receipt/", None),
        ("delete", "receipt/", None),
        ("put", "receipt/", None),
    ],
)
def test_bob_gets_404_on_alices_expense(bob_client, alices_expense, method, suffix, body):
    url = f"/api/v1/expenses/{alices_expense.id}/{suffix}"
    kwargs = {"format": "multipart"} if suffix else {}
    response = getattr(bob_client, method)(url, body or {}, **kwargs)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    alices_expense.refresh_from_db()
    assert alices_expense.description == "Alice's secret"
    assert alices_expense.notes == ""


@pytest.mark.parametrize(
    ("method", "body"), [("get", None), ("patch", {"name": "Taken"}), ("delete", None)]
)
def test_bob_gets_404_on_alices_category(bob_client, alice, method, body):
    category = CategoryFactory(owner=alice, name="Alice only")
    response = getattr(bob_client, method)(f"/api/v1/categories/{category.id}/", body or {})
    assert response.status_code == 404
    category.refresh_from_db()
    assert category.name == "Alice only"


def test_bob_lists_show_none_of_alices_rows(bob_client, alice, alices_expense):
    CategoryFactory(owner=alice, name="Alice only")
    assert bob_client.get("/api/v1/expenses/").json()["count"] == 0
    names = [row["name"] for row in bob_client.get("/api/v1/categories/").json()["results"]]
    assert "Alice only" not in names
    assert bob_client.get("/api/v1/tags/").json()["count"] == 0


def test_bob_cannot_move_his_expense_into_alices_category(bob_client, alice, bob):
    category = CategoryFactory(owner=alice, name="Alice only")
    mine = ExpenseFactory(owner=bob)
    response = bob_client.patch(f"/api/v1/expenses/{mine.id}/", {"category": category.id})
    assert response.status_code == 400
    assert "category" in response.json()
    assert Expense.objects.get(id=mine.id).category is None


def test_deleting_a_user_removes_their_categories_and_expenses(alice, bob):
    category = CategoryFactory(owner=alice)
    ExpenseFactory(owner=alice, category=category)
    bobs = ExpenseFactory(owner=bob)
    User.objects.get(id=alice.id).delete()
    assert list(Expense.objects.all()) == [bobs]
    assert not Category.objects.filter(id=category.id).exists()
