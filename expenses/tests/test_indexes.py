"""The queries behind the expense list can be answered from the indexes declared on Expense."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from categories.models import Category
from expenses.filters import ExpenseFilter
from expenses.models import Expense
from expenses.selectors import expense_list

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Tiny test tables are cheaper to scan; forbid that to see what the planner can do.
            cursor.execute("ANALYZE expenses_expense")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())


@pytest.fixture
def rows(alice):
    food = Category.objects.get(owner=None, name="Food")
    Expense.objects.bulk_create(
        Expense(
            owner=alice,
            amount=Decimal(i + 1),
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 200),
            description=f"r{i}",
            category=food if i % 2 else None,
        )
        for i in range(400)
    )
    return food


@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "expense_owner_date_idx"),
        ({"start_date": "2026-02-01", "end_date": "2026-03-01"}, "expense_owner_date_idx"),
        ({"category_id": "CATEGORY"}, "expense_owner_cat_date_idx"),
        ({"currency": "INR", "start_date": "2026-02-01"}, "expense_owner_"),
        ({"min_amount": "100", "ordering": "amount"}, "expense_owner_"),
    ],
)
def test_list_filters_use_an_index(alice, rows, params, index):
    params = {k: (str(rows.id) if v == "CATEGORY" else v) for k, v in params.items()}
    filters = ExpenseFilter(data=params, queryset=expense_list(owner=alice))
    assert filters.is_valid(), filters.errors
    query_plan = plan(filters.qs[:50])
    assert index in query_plan, query_plan
