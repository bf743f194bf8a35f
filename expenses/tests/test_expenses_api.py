import datetime
from decimal import Decimal

import pytest

from categories.models import Category, Tag
from categories.tests.factories import CategoryFactory, TagFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/expenses/"


def food() -> Category:
    return Category.objects.get(owner=None, name="Food")


def valid_body(**overrides) -> dict:
    body = {"amount": "12.50", "date": "2026-01-15", "description": "Lunch"}
    body.update(overrides)
    return body


def test_create_expense_with_every_field(alice_client, alice):
    response = alice_client.post(
        URL,
        valid_body(
            amount=42.5,
            currency="usd",
            description="  Dinner with friends  ",
            category=food().id,
            payment_method="card",
            merchant="Bistro",
            notes="birthday",
            tags=["Friends", "dining", "friends"],
        ),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount"] == "42.50"
    assert body["currency"] == "USD"
    assert body["description"] == "Dinner with friends"
    assert body["category"] == food().id
    assert body["category_name"] == "Food"
    assert body["payment_method"] == "card"
    assert sorted(body["tags"]) == ["Friends", "dining"]
    assert body["receipt"] is None
    expense = Expense.objects.get(id=body["id"])
    assert expense.owner == alice
    assert expense.amount == Decimal("42.50")
    assert set(Tag.objects.filter(owner=alice).values_list("name", flat=True)) == {
        "Friends",
        "dining",
    }


def test_currency_defaults_to_the_owners(alice_client, alice):
    alice.default_currency = "EUR"
    alice.save()
    response = alice_client.post(URL, valid_body())
    assert response.json()["currency"] == "EUR"
    assert response.json()["category"] is None
    assert response.json()["payment_method"] is None


def test_editable_until_is_created_at_plus_the_window(alice_client, settings):
    settings.EXPENSE_EDIT_WINDOW_HOURS = 10
    body = alice_client.post(URL, valid_body()).json()
    created = datetime.datetime.fromisoformat(body["created_at"].replace("Z", "+00:00"))
    until = datetime.datetime.fromisoformat(body["editable_until"].replace("Z", "+00:00"))
    assert until.tzinfo is not None
    assert until - created == datetime.timedelta(hours=10)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "0"),
        ("amount", "-5"),
        ("amount", "1.234"),
        ("amount", "1000000000.00"),
        ("amount", "abc"),
        ("amount", "NaN"),
        ("amount", True),
        ("description", "   "),
        ("description", ""),
        ("date", "2026-02-30"),
        ("date", "15/01/2026"),
        ("payment_method", "cheque"),
        ("currency", "XXQ"),
        ("currency", "dollars"),
        ("category", 999999),
        ("tags", "not-a-list"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_writes_nothing(alice_client, field, value):
    response = alice_client.post(URL, valid_body(**{field: value}))
    assert response.status_code == 400
    assert field in response.json()
    assert Expense.objects.count() == 0


@pytest.mark.parametrize("field", ["amount", "date", "description"])
def test_required_fields(alice_client, field):
    body = valid_body()
    del body[field]
    response = alice_client.post(URL, body)
    assert response.status_code == 400
    assert field in response.json()


def test_largest_amount_is_accepted(alice_client):
    response = alice_client.post(URL, valid_body(amount="999999999.99"))
    assert response.status_code == 201
    assert response.json()["amount"] == "999999999.99"


def test_another_users_category_is_400(alice_client, bob):
    bobs = CategoryFactory(owner=bob, name="Bob's")
    response = alice_client.post(URL, valid_body(category=bobs.id))
    assert response.status_code == 400
    assert "category" in response.json()


def test_own_custom_category_is_accepted(alice_client, alice):
    mine = CategoryFactory(owner=alice, name="Pets")
    response = alice_client.post(URL, valid_body(category=mine.id))
    assert response.status_code == 201
    assert response.json()["category_name"] == "Pets"


def test_patch_changes_fields_and_tags(alice_client, alice):
    expense = ExpenseFactory(owner=alice, tags=[TagFactory(owner=alice, name="old")])
    response = alice_client.patch(
        f"{URL}{expense.id}/", {"amount": "99.99", "tags": ["new"], "category": None}
    )
    assert response.status_code == 200
    assert response.json()["amount"] == "99.99"
    assert response.json()["tags"] == ["new"]
    expense.refresh_from_db()
    assert expense.amount == Decimal("99.99")
    assert list(expense.tags.values_list("name", flat=True)) == ["new"]


def test_put_replaces_the_expense(alice_client, alice):
    expense = ExpenseFactory(owner=alice, merchant="Old shop")
    response = alice_client.put(
        f"{URL}{expense.id}/", valid_body(description="Replaced", merchant="")
    )
    assert response.status_code == 200
    expense.refresh_from_db()
    assert (expense.description, expense.merchant) == ("Replaced", "")


def test_patch_with_bad_amount_changes_nothing(alice_client, alice):
    expense = ExpenseFactory(owner=alice)
    response = alice_client.patch(f"{URL}{expense.id}/", {"amount": "0"})
    assert response.status_code == 400
    assert "amount" in response.json()
    expense.refresh_from_db()
    assert expense.amount == Decimal("12.50")


def test_delete_removes_the_expense(alice_client, alice):
    expense = ExpenseFactory(owner=alice)
    assert alice_client.delete(f"{URL}{expense.id}/").status_code == 204
    assert not Expense.objects.filter(id=expense.id).exists()


def test_list_is_paginated_newest_first(alice_client, alice):
    for day in (3, 1, 2):
        ExpenseFactory(owner=alice, date=datetime.date(2026, 1, day))
    response = alice_client.get(URL, {"page_size": 2})
    body = response.json()
    assert body["count"] == 3
    assert [row["date"] for row in body["results"]] == ["2026-01-03", "2026-01-02"]
    assert body["next"] is not None
    page2 = alice_client.get(URL, {"page_size": 2, "page": 2}).json()
    assert [row["date"] for row in page2["results"]] == ["2026-01-01"]


def test_unauthenticated_list_is_401(api_client):
    assert api_client.get(URL).status_code == 401
