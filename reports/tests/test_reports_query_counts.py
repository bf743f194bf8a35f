"""Each report costs the same number of queries for 5 expenses as for 500."""

import datetime
from decimal import Decimal

import pytest

from categories.models import Category
from expenses.models import Expense

pytestmark = pytest.mark.django_db

# Over the per-day rollups: auth user, one group by category (the total is its sum: one
# snapshot), the categories' names, one group by day (weeks, months, years add up the days)
SUMMARY_QUERIES = 4
# auth user, one aggregate over both months, one group by category over both months, names
TRENDS_QUERIES = 4
# auth user, one group by bucket
TIMESERIES_QUERIES = 2


def add_expenses(owner, count: int) -> None:
    """`count` expenses over about a year, in three categories and two currencies."""
    categories = [None, *Category.objects.filter(owner=None, name__in=["Food", "Travel"])]
    Expense.objects.bulk_create(
        Expense(
            owner=owner,
            amount=Decimal("1.25") + i,
            date=datetime.date(2025, 3, 1) + datetime.timedelta(days=i * 7 % 365),
            description=f"Row {i}",
            category=categories[i % 3],
            currency="USD" if i % 5 == 0 else "INR",
        )
        for i in range(count)
    )


@pytest.mark.parametrize("rows", [5, 500])
def test_summary_costs_the_same_queries_at_any_size(
    alice_client, alice, django_assert_num_queries, rows
):
    add_expenses(alice, rows)
    with django_assert_num_queries(SUMMARY_QUERIES):
        response = alice_client.get(
            "/api/v1/reports/summary/", {"start": "2025-01-01", "end": "2026-12-31"}
        )
    assert response.status_code == 200
    assert response.json()["count"] == rows - len(range(0, rows, 5))


@pytest.mark.parametrize("rows", [5, 500])
def test_trends_cost_the_same_queries_at_any_size(
    alice_client, alice, django_assert_num_queries, rows
):
    add_expenses(alice, rows)
    with django_assert_num_queries(TRENDS_QUERIES):
        response = alice_client.get("/api/v1/reports/trends/", {"month": "2025-03"})
    assert response.status_code == 200
    assert response.json()["current_total"] != "0.00"


@pytest.mark.parametrize("bucket", ["daily", "weekly", "monthly"])
@pytest.mark.parametrize("rows", [5, 500])
def test_timeseries_costs_the_same_queries_at_any_size(
    alice_client, alice, django_assert_num_queries, rows, bucket
):
    add_expenses(alice, rows)
    with django_assert_num_queries(TIMESERIES_QUERIES):
        response = alice_client.get(
            "/api/v1/reports/timeseries/",
            {"start": "2025-01-01", "end": "2026-12-31", "bucket": bucket},
        )
    assert response.status_code == 200
    assert sum(row["count"] for row in response.json()) == rows - len(range(0, rows, 5))
