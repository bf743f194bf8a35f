"""The expense list's count and `expenses/totals/` come from the per-day rollups when the
filters are ones the rollups answer (dates, category, currency), so the first page at a
million rows does not `COUNT(*)` them (issue 15); any other filter falls back to the rows.
Both give the same answer."""

import datetime
from decimal import Decimal

import pytest

from categories.models import Category
from categories.tests.factories import TagFactory
from expenses.models import DayTotal, Expense

pytestmark = pytest.mark.django_db

LIST = "/api/v1/expenses/"
TOTALS = "/api/v1/expenses/totals/"


@pytest.fixture
def food(alice):
    """60 expenses of alice over 30 days: every other one Food, one in three in USD; one
    tagged; and bob's, which no count of alice's may include."""
    food = Category.objects.get(owner=None, name="Food")
    rows = Expense.objects.bulk_create(
        Expense(
            owner=alice,
            amount=Decimal("1.25") * (i + 1),
            currency="USD" if i % 3 == 0 else "INR",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 30),
            description=f"row {i}",
            category=food if i % 2 else None,
        )
        for i in range(60)
    )
    rows[0].tags.add(TagFactory(owner=alice, name="trip"))
    return food


FILTERS = [
    {},
    {"start_date": "2026-01-10"},
    {"end_date": "2026-01-10"},
    {"start_date": "2026-01-05", "end_date": "2026-01-20", "ordering": "amount"},
    {"category_id": "FOOD"},
    {"category_id": "none"},
    {"currency": "usd"},
    {"currency": "INR", "category_id": "FOOD", "start_date": "2026-01-15"},
    {"start_date": "2026-02-01"},  # nothing
]
ROWS_ONLY = [{"search": "row 1"}, {"tag": "trip"}, {"min_amount": "10"}, {"payment_method": "card"}]


def _params(params: dict, food: Category) -> dict:
    return {k: str(food.id) if v == "FOOD" else v for k, v in params.items()}


@pytest.mark.parametrize("params", FILTERS + ROWS_ONLY)
def test_the_count_and_totals_equal_the_rows(alice_client, alice, bob, food, params):
    params = _params(params, food)
    Expense.objects.create(owner=bob, amount=5, date=datetime.date(2026, 1, 10), description="b")
    listed = alice_client.get(LIST, {**params, "page_size": 500}).json()
    assert listed["count"] == len(listed["results"])
    totals = alice_client.get(TOTALS, params).json()
    assert totals["count"] == listed["count"]
    by_currency = {}
    for row in listed["results"]:
        by_currency[row["currency"]] = by_currency.get(row["currency"], 0) + Decimal(row["amount"])
    assert {row["currency"]: Decimal(row["total"]) for row in totals["totals"]} == by_currency


@pytest.mark.parametrize("params", FILTERS)
def test_the_common_filters_are_counted_from_the_rollups(alice_client, alice, food, params):
    """Ten more expenses added to every rollup behind the triggers' back show in the count
    and totals: they are read from `DayTotal`, not counted over the rows."""
    params = _params(params, food)
    before = alice_client.get(TOTALS, params).json()
    DayTotal.objects.filter(owner_id=alice.id).update(count=10_000, total_cents=1)
    listed = alice_client.get(LIST, params).json()
    totals = alice_client.get(TOTALS, params).json()
    if before["count"] == 0:
        assert (listed["count"], totals["count"]) == (0, 0)
    else:
        assert listed["count"] == totals["count"] > before["count"]
        assert listed["count"] % 10_000 == 0


@pytest.mark.parametrize("params", ROWS_ONLY)
def test_search_tag_amount_and_payment_method_count_the_rows(alice_client, alice, food, params):
    before = alice_client.get(TOTALS, params).json()
    DayTotal.objects.filter(owner_id=alice.id).update(count=10_000, total_cents=1)
    assert alice_client.get(LIST, params).json()["count"] == before["count"]
    assert alice_client.get(TOTALS, params).json() == before
