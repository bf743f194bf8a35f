"""`GET expenses/totals/`: the count and per-currency sums of what the list's filters match
(all pages), and the list's `category_id=none` filter for expenses without a category."""

import datetime
from decimal import Decimal

import pytest

from categories.models import Category
from categories.tests.factories import TagFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/expenses/"
TOTALS = "/api/v1/expenses/totals/"

# auth user + the one aggregate query
TOTALS_QUERIES = 2


@pytest.fixture
def expenses(alice, bob):
    food = Category.objects.get(owner=None, name="Food")
    trip = TagFactory(owner=alice, name="Trip")
    rows = {
        "lunch": ExpenseFactory(
            owner=alice,
            date=datetime.date(2026, 1, 5),
            amount=Decimal("10.10"),
            currency="INR",
            description="Lunch",
            category=food,
            payment_method="cash",
        ),
        "dinner": ExpenseFactory(
            owner=alice,
            date=datetime.date(2026, 1, 6),
            amount=Decimal("20.20"),
            currency="INR",
            description="Dinner",
            payment_method="card",
            tags=[trip],
        ),
        "flight": ExpenseFactory(
            owner=alice,
            date=datetime.date(2026, 1, 20),
            amount=Decimal("300.05"),
            currency="USD",
            description="Flight",
            payment_method="card",
            tags=[trip],
        ),
        "taxi": ExpenseFactory(
            owner=alice,
            date=datetime.date(2026, 2, 1),
            amount=Decimal("0.10"),
            currency="INR",
            description="Taxi",
            category=food,
        ),
    }
    # Bob's expenses are never counted in Alice's totals, whatever the filter.
    ExpenseFactory(owner=bob, amount=Decimal("999.00"), currency="INR", description="Bob lunch")
    ExpenseFactory(owner=bob, amount=Decimal("5.00"), currency="USD", description="Bob taxi")
    return rows


def totals(client, params=None) -> dict:
    response = client.get(TOTALS, params or {})
    assert response.status_code == 200, response.content
    return response.json()


def test_totals_of_every_expense_per_currency_most_expenses_first(alice_client, expenses):
    assert totals(alice_client) == {
        "count": 4,
        "totals": [
            {"currency": "INR", "total": "30.40", "count": 3},
            {"currency": "USD", "total": "300.05", "count": 1},
        ],
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tag": "trip"}, {"dinner", "flight"}),
        ({"payment_method": "card"}, {"dinner", "flight"}),
        ({"start_date": "2026-01-06", "end_date": "2026-01-31"}, {"dinner", "flight"}),
        ({"search": "taxi"}, {"taxi"}),
        ({"min_amount": "20"}, {"dinner", "flight"}),
        ({"currency": "usd"}, {"flight"}),
        ({"category_id": "none"}, {"dinner", "flight"}),
        ({"tag": "trip", "currency": "INR"}, {"dinner"}),
        ({"search": "nothing like this"}, set()),
    ],
)
def test_totals_match_the_rows_the_list_shows_for_the_same_filters(
    alice_client, expenses, params, expected
):
    """The same FilterSet as the list: what it lists (all pages) is what the totals add up."""
    listed = alice_client.get(URL, {**params, "page_size": 500}).json()["results"]
    assert {row["id"] for row in listed} == {expenses[name].id for name in expected}
    sums: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    for row in listed:
        sums[row["currency"]] = sums.get(row["currency"], Decimal("0")) + Decimal(row["amount"])
        counts[row["currency"]] = counts.get(row["currency"], 0) + 1

    body = totals(alice_client, params)

    assert body["count"] == len(listed)
    assert {row["currency"]: row["total"] for row in body["totals"]} == {
        currency: f"{total:.2f}" for currency, total in sums.items()
    }
    assert {row["currency"]: row["count"] for row in body["totals"]} == counts


def test_no_match_is_a_zero_count_and_no_currencies(alice_client, expenses):
    assert totals(alice_client, {"start_date": "2030-01-01"}) == {"count": 0, "totals": []}


def test_bob_gets_only_his_own_totals(bob_client, expenses):
    assert totals(bob_client) == {
        "count": 2,
        "totals": [
            {"currency": "INR", "total": "999.00", "count": 1},
            {"currency": "USD", "total": "5.00", "count": 1},
        ],
    }
    assert totals(bob_client, {"tag": "trip"}) == {"count": 0, "totals": []}


def test_totals_need_a_signed_in_user(api_client, expenses):
    assert api_client.get(TOTALS).status_code == 401


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "yesterday"},
        {"min_amount": "ten"},
        {"category_id": "food"},
        {"category_id": "0"},
        {"payment_method": "cheque"},
        {"currency": "EURO"},
        {"ordering": "owner"},
    ],
)
def test_a_bad_filter_is_400_naming_it(alice_client, params):
    response = alice_client.get(TOTALS, params)
    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_sums_are_exact_decimals_over_many_rows(alice_client, alice):
    """0.10 a thousand times is 100.00, not 99.99999 (SQLite sums in floating point)."""
    Expense.objects.bulk_create(
        Expense(
            owner=alice,
            amount=Decimal("0.10"),
            currency="INR",
            date=datetime.date(2026, 1, 1),
            description=f"Row {i}",
        )
        for i in range(1000)
    )
    assert totals(alice_client) == {
        "count": 1000,
        "totals": [{"currency": "INR", "total": "100.00", "count": 1000}],
    }


@pytest.mark.parametrize("rows", [10, 1000])
def test_totals_cost_the_same_queries_at_any_size(
    alice_client, alice, django_assert_max_num_queries, rows
):
    food = Category.objects.get(owner=None, name="Food")
    trip = TagFactory(owner=alice, name="Trip")
    created = Expense.objects.bulk_create(
        Expense(
            owner=alice,
            amount=Decimal("1.00") + i,
            currency="INR" if i % 3 else "USD",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
            description=f"Row {i}",
            category=food if i % 2 else None,
        )
        for i in range(rows)
    )
    Through = Expense.tags.through
    Through.objects.bulk_create(Through(expense_id=row.id, tag_id=trip.id) for row in created)

    for params in ({}, {"tag": "trip", "category_id": "none", "search": "Row", "ordering": "date"}):
        with django_assert_max_num_queries(TOTALS_QUERIES):
            body = totals(alice_client, params)
        assert body["count"] == (rows if not params else rows - rows // 2)


# The list's "no category" filter ----------------------------------------------------------


def test_category_id_none_lists_only_expenses_without_a_category(alice_client, expenses):
    response = alice_client.get(URL, {"category_id": "none"})
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {
        expenses["dinner"].id,
        expenses["flight"].id,
    }
    assert all(row["category"] is None for row in response.json()["results"])


def test_category_id_none_is_case_blind_and_a_number_still_works(alice_client, expenses):
    food = Category.objects.get(owner=None, name="Food")
    none_rows = alice_client.get(URL, {"category_id": "None"}).json()["results"]
    food_rows = alice_client.get(URL, {"category_id": str(food.id)}).json()["results"]
    assert {row["id"] for row in none_rows} == {expenses["dinner"].id, expenses["flight"].id}
    assert {row["id"] for row in food_rows} == {expenses["lunch"].id, expenses["taxi"].id}


def test_category_id_none_never_shows_another_users_expenses(bob_client, expenses):
    rows = bob_client.get(URL, {"category_id": "none"}).json()["results"]
    assert {row["description"] for row in rows} == {"Bob lunch", "Bob taxi"}


def test_a_bad_category_id_says_what_it_takes(alice_client):
    response = alice_client.get(URL, {"category_id": "nothing"})
    assert response.status_code == 400
    assert response.json()["category_id"] == ["Enter a category id (a whole number) or none."]


def test_bulk_changes_take_category_id_none_as_a_filter(alice_client, expenses):
    response = alice_client.post(
        "/api/v1/expenses/bulk/",
        {"filter": {"category_id": "none"}, "add_tags": ["unsorted"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    tagged = Expense.objects.filter(tags__name="unsorted")
    assert set(tagged.values_list("id", flat=True)) == {
        expenses["dinner"].id,
        expenses["flight"].id,
    }
