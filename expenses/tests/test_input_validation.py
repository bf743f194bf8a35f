"""What the expense API accepts and refuses: amounts, currencies, category ids, names in
any alphabet, nested JSON, filter values, ordering, page size, and what a PUT resets."""

from decimal import Decimal

import pytest

from categories.models import Category, Tag
from categories.tests.factories import CategoryFactory, TagFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/expenses/"


def body(**overrides) -> dict:
    return {"amount": "5.00", "date": "2026-01-01", "description": "x", **overrides}


@pytest.mark.parametrize(
    ("first", "second"),
    [("Еда", "ЕДА"), ("Übernachtung", "übernachtung"), ("ΟΔΟΣ", "οδος"), ("ÉTÉ", "été")],
)
def test_tags_in_any_alphabet_match_case_insensitively(alice_client, alice, first, second):
    one = alice_client.post(URL, body(tags=[first]))
    assert one.status_code == 201, one.content
    two = alice_client.post(URL, body(tags=[second]))
    assert two.status_code == 201, two.content
    assert two.json()["tags"] == [first]
    assert Tag.objects.filter(owner=alice).count() == 1
    assert alice_client.get(URL, {"tag": second}).json()["count"] == 2


def test_category_names_in_any_alphabet_are_unique_case_insensitively(alice_client):
    assert alice_client.post("/api/v1/categories/", {"name": "ÉCOLE"}).status_code == 201
    response = alice_client.post("/api/v1/categories/", {"name": "école"})
    assert response.status_code == 400
    assert "name" in response.json()


def test_deeply_nested_json_is_400(api_client):
    response = api_client.post(
        "/api/v1/auth/token/", data="[" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize("ordering", ["date,", ",date", ",,,"])
def test_ordering_with_empty_items_is_not_an_error(alice_client, alice, ordering):
    ExpenseFactory(owner=alice)
    response = alice_client.get(URL, {"ordering": ordering})
    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category_id": "99999999999999999999999"}, "category_id"),
        ({"category_id": "9223372036854775808"}, "category_id"),
        ({"category_id": "1.5"}, "category_id"),
        ({"search": "a" * 60_000}, "search"),
        ({"currency": "dollars"}, "currency"),
        ({"currency": "ZZZ"}, "currency"),
    ],
)
def test_filter_values_out_of_range_are_400(alice_client, alice, params, field):
    ExpenseFactory(owner=alice)
    response = alice_client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_reassign_to_with_unicode_digits_is_400(alice_client, alice):
    category = CategoryFactory(owner=alice)
    ExpenseFactory(owner=alice, category=category)
    response = alice_client.delete(f"/api/v1/categories/{category.id}/?reassign_to=²")
    assert response.status_code == 400
    assert "reassign_to" in response.json()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1000000000.00", "Must be at most 999999999.99."),
        ("1000000000", "Must be at most 999999999.99."),
        (0.1 + 0.2, "Use at most 2 decimal places."),
        ("1e400", "Must be at most 999999999.99."),
        ("0", "Must be greater than 0."),
        ("twelve", "Enter an amount such as 12.50."),
        ([1], "Enter an amount such as 12.50."),
    ],
)
def test_amount_errors_say_what_is_wrong(alice_client, amount, message):
    response = alice_client.post(URL, body(amount=amount))
    assert response.status_code == 400
    assert response.json()["amount"] == [message]


@pytest.mark.parametrize("value", [1.9, "1.0", True, [1], {"id": 1}])
def test_category_must_be_a_whole_number_id(alice_client, value):
    response = alice_client.post(URL, body(category=value))
    assert response.status_code == 400
    assert "category" in response.json()


@pytest.mark.parametrize("code", ["XXX", "XAU", "XTS"])
def test_non_spendable_currency_codes_are_refused(alice_client, code):
    response = alice_client.post(URL, body(currency=code))
    assert response.status_code == 400
    assert "currency" in response.json()


def test_put_resets_optional_fields_that_are_left_out(alice_client, alice):
    food = Category.objects.get(owner=None, name="Food")
    expense = ExpenseFactory(
        owner=alice,
        category=food,
        payment_method="card",
        notes="old",
        merchant="Shop",
        currency="USD",
        tags=[TagFactory(owner=alice)],
    )
    response = alice_client.put(f"{URL}{expense.id}/", body(description="New"))
    assert response.status_code == 200
    expense.refresh_from_db()
    assert (expense.category, expense.payment_method, expense.notes, expense.merchant) == (
        None,
        None,
        "",
        "",
    )
    assert expense.currency == "INR"
    assert not expense.tags.exists()


def test_page_size_is_capped_at_500(alice_client, alice):
    Expense.objects.bulk_create(
        Expense(owner=alice, amount=Decimal("1.00"), date="2026-01-01", description=f"r{i}")
        for i in range(501)
    )
    body_ = alice_client.get(URL, {"page_size": 100_000}).json()
    assert body_["count"] == 501
    assert len(body_["results"]) == 500
    assert body_["next"] is not None
