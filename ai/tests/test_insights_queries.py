"""The insights cost the same number of queries for a handful of expenses as for thousands."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from budgets.models import Budget
from budgets.tests.factories import BudgetFactory
from categories.models import Category
from expenses.models import Expense

pytestmark = pytest.mark.django_db

# auth user; categories; the expenses of the look-back window; month-by-category totals;
# schedules: the expenses they created (recurring bills) and their occurrences still to come
# (not read for a month that is over); budget status: the month's budgets, their rollover
# history, the spending they cover
INSIGHTS_QUERIES = 9
TODAY = datetime.datetime(2026, 4, 10, 12, tzinfo=datetime.UTC)


def add_history(owner, count: int) -> None:
    """`count` expenses over the two years before today, in every system category, two
    currencies, with recurring bills among them."""
    categories = [None, *Category.objects.filter(owner=None)]
    start = datetime.date(2024, 4, 1)
    merchants = ["BigBasket", "Uber", "", "Airtel", "Zomato"]
    Expense.objects.bulk_create(
        Expense(
            owner=owner,
            amount=Decimal("20.25") + (i * 37) % 900,
            date=start + datetime.timedelta(days=(i * 11) % 740),
            description=f"Row {i}",
            merchant=merchants[i % len(merchants)],
            category=categories[i % len(categories)],
            currency="USD" if i % 7 == 0 else "INR",
        )
        for i in range(count)
    )
    Expense.objects.bulk_create(
        Expense(
            owner=owner,
            amount=Decimal("649"),
            date=datetime.date(2024 + (month + 3) // 12, (month + 3) % 12 + 1, 5),
            description="Netflix",
            merchant="Netflix",
            currency="INR",
        )
        for month in range(24)
    )
    for month in (datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)):
        BudgetFactory(owner=owner, month=month, amount=Decimal("5000"), rollover_enabled=True)
        BudgetFactory(
            owner=owner,
            month=month,
            scope=Budget.Scope.CATEGORY,
            category=categories[1],
            amount=Decimal("300"),
        )


@pytest.mark.parametrize("rows", [10, 3000])
def test_insights_cost_the_same_queries_at_any_size(
    api_client_for, alice, bob, django_assert_num_queries, rows
):
    add_history(alice, rows)
    add_history(bob, rows)
    with time_machine.travel(TODAY, tick=False):
        client = api_client_for(alice)
        with django_assert_num_queries(INSIGHTS_QUERIES):
            response = client.get("/api/v1/ai/insights/")

    assert response.status_code == 200
    body = response.json()
    assert body["month"] == "2026-04-01"
    assert [s["merchant"] for s in body["subscriptions"]] == ["Netflix"]
    assert body["tips"]


def test_a_past_month_costs_no_more(api_client_for, alice, django_assert_max_num_queries):
    add_history(alice, 500)
    with time_machine.travel(TODAY, tick=False):
        client = api_client_for(alice)
        with django_assert_max_num_queries(INSIGHTS_QUERIES):
            response = client.get("/api/v1/ai/insights/", {"month": "2025-07"})

    assert response.status_code == 200
