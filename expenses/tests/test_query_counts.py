import datetime
from decimal import Decimal

import pytest

from categories.models import Category
from expenses.models import Expense
from expenses.tests.factories import TagFactory

pytestmark = pytest.mark.django_db

# auth user + count + page of expenses (category joined) + tags of the page
LIST_QUERIES = 4


def add_expenses(owner, count: int) -> None:
    food = Category.objects.get(owner=None, name="Food")
    tags = [TagFactory(owner=owner, name=f"t{i}") for i in range(3)]
    rows = Expense.objects.bulk_create(
        Expense(
            owner=owner,
            amount=Decimal("1.00") + i,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
            description=f"Row {i}",
            category=food if i % 2 else None,
            currency="INR",
        )
        for i in range(count)
    )
    Through = Expense.tags.through
    Through.objects.bulk_create(
        Through(expense_id=row.id, tag_id=tags[j].id) for row in rows for j in range(row.id % 3 + 1)
    )


@pytest.mark.parametrize("rows", [5, 500])
def test_a_page_of_expenses_costs_the_same_queries_at_any_size(
    alice_client, alice, django_assert_num_queries, rows
):
    add_expenses(alice, rows)
    with django_assert_num_queries(LIST_QUERIES):
        response = alice_client.get("/api/v1/expenses/", {"page_size": 500})
    body = response.json()
    assert body["count"] == rows
    assert len(body["results"]) == rows
    assert all(row["tags"] for row in body["results"])


@pytest.mark.parametrize("rows", [5, 500])
def test_filtered_list_costs_the_same_queries(alice_client, alice, django_assert_num_queries, rows):
    add_expenses(alice, rows)
    with django_assert_num_queries(LIST_QUERIES):
        response = alice_client.get(
            "/api/v1/expenses/",
            {"tag": "t0", "start_date": "2026-01-01", "search": "row", "ordering": "-amount"},
        )
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [5, 200])
def test_tag_list_counts_in_the_database(alice_client, alice, django_assert_num_queries, rows):
    add_expenses(alice, rows)
    with django_assert_num_queries(3):
        response = alice_client.get("/api/v1/tags/")
    counts = {row["name"]: row["expense_count"] for row in response.json()["results"]}
    assert counts["t0"] == rows
