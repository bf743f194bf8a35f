import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.tests.factories import BudgetFactory
from categories.models import Category
from categories.tests.factories import CategoryFactory, TagFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/expenses/"

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


JAN = datetime.date(2026, 1, 1)
DEC = datetime.date(2025, 12, 1)
NEW_EXPENSE = {"amount": "5.00", "date": "2026-01-10", "description": "Lunch"}


def add_overspent_budgets(owner, *, overall: bool = False, categories: int = 0) -> None:
    """January budgets that are all alerts (already overspent), each with a December budget
    rolling into it, so that every part of `budget_alerts` has work to do."""
    targets = [None] if overall else []
    targets += [CategoryFactory(owner=owner) for _ in range(categories)]
    for category in targets:
        scope = "category" if category else "overall"
        for month in (DEC, JAN):
            BudgetFactory(
                owner=owner,
                month=month,
                scope=scope,
                category=category,
                amount=Decimal("1.00"),
                rollover_enabled=True,
            )
        ExpenseFactory(owner=owner, date=JAN, category=category, amount=Decimal("5.00"))


def queries_and_response(request):
    with CaptureQueriesContext(connection) as captured:
        response = request()
    return len(captured), response


def test_creating_an_expense_costs_no_more_queries_with_ten_budget_alerts_than_with_one(
    alice_client, alice, django_assert_max_num_queries
):
    add_overspent_budgets(alice, overall=True)
    with_one, response = queries_and_response(lambda: alice_client.post(URL, NEW_EXPENSE))
    assert response.status_code == 201, response.content
    assert len(response.json()["budget_alerts"]) == 1

    add_overspent_budgets(alice, categories=9)
    with django_assert_max_num_queries(with_one):
        response = alice_client.post(URL, NEW_EXPENSE)
    assert response.status_code == 201, response.content
    assert len(response.json()["budget_alerts"]) == 10


def test_updating_an_expense_costs_no_more_queries_with_ten_budget_alerts_than_with_one(
    alice_client, alice, django_assert_max_num_queries
):
    add_overspent_budgets(alice, overall=True)
    expense = ExpenseFactory(owner=alice, date=JAN)
    url = f"{URL}{expense.id}/"
    with_one, response = queries_and_response(lambda: alice_client.patch(url, {"amount": "6"}))
    assert response.status_code == 200, response.content
    assert len(response.json()["budget_alerts"]) == 1

    add_overspent_budgets(alice, categories=9)
    with django_assert_max_num_queries(with_one):
        response = alice_client.patch(url, {"amount": "7"})
    assert response.status_code == 200, response.content
    assert len(response.json()["budget_alerts"]) == 10
