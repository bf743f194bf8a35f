"""The queries behind the expense list are answered from the index declared for them on
Expense: each filter names the one index it must use, on SQLite and on PostgreSQL."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection

from categories.models import Category
from expenses.filters import ExpenseFilter
from expenses.models import Expense
from expenses.selectors import expense_list

pytestmark = pytest.mark.django_db

EXPENSE_INDEXES = {index.name for index in Expense._meta.indexes}


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Tiny test tables are cheaper to scan; forbid that to see what the planner can do.
            cursor.execute("ANALYZE expenses_expense")
            cursor.execute("SET LOCAL enable_seqscan = off")
            # And sorting a few dozen rows beats reading them in order; forbid that too, to
            # see whether an index can give the page in its order (it falls back to a sort
            # when none can).
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())


def expense_indexes_in(query_plan: str) -> set[str]:
    """The Expense indexes a plan uses. SQLite says `USING INDEX <name>`; PostgreSQL says
    `Index Scan using <name>` or `Bitmap Index Scan on <name>`."""
    return set(re.findall(r"\w+", query_plan)) & EXPENSE_INDEXES


@pytest.fixture
def rows(alice):
    """400 expenses over 200 days, half of them Food, one in ten in USD (so that filtering
    by currency is selective enough for PostgreSQL to prefer the currency index)."""
    food = Category.objects.get(owner=None, name="Food")
    Expense.objects.bulk_create(
        Expense(
            owner=alice,
            amount=Decimal(i + 1),
            currency="USD" if i % 10 == 0 else "INR",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 200),
            description=f"r{i}",
            category=food if i % 2 else None,
        )
        for i in range(400)
    )
    return food


# Each filter of the expense list and the one index that must answer it.
FILTER_INDEXES = [
    ({}, "expense_owner_date_idx"),
    ({"start_date": "2026-02-01", "end_date": "2026-03-01"}, "expense_owner_date_idx"),
    ({"category_id": "CATEGORY"}, "expense_owner_cat_date_idx"),
    ({"currency": "USD"}, "expense_owner_cur_date_idx"),
    ({"currency": "USD", "start_date": "2026-02-01"}, "expense_owner_cur_date_idx"),
    ({"ordering": "amount"}, "expense_owner_amount_idx"),
    ({"ordering": "-amount"}, "expense_owner_amount_idx"),
    ({"min_amount": "100", "ordering": "amount"}, "expense_owner_amount_idx"),
    ({"ordering": "date"}, "expense_owner_date_idx"),
    ({"ordering": "created_at"}, "expense_owner_created_idx"),
    ({"ordering": "-created_at"}, "expense_owner_created_idx"),
]


def test_every_index_declared_on_expense_is_checked_against_a_filter():
    assert {index for _, index in FILTER_INDEXES} == EXPENSE_INDEXES


@pytest.mark.parametrize(("params", "index"), FILTER_INDEXES)
def test_each_list_filter_uses_its_own_index(alice, rows, params, index):
    params = {k: (str(rows.id) if v == "CATEGORY" else v) for k, v in params.items()}
    filters = ExpenseFilter(data=params, queryset=expense_list(owner=alice))
    assert filters.is_valid(), filters.errors
    query_plan = plan(filters.qs[:50])
    assert expense_indexes_in(query_plan) == {index}, query_plan
    # The page comes in index order: no sort of the matching rows (PostgreSQL's `Sort`,
    # SQLite's `USE TEMP B-TREE FOR ORDER BY`), whichever ordering was asked for.
    assert "Sort" not in query_plan and "TEMP B-TREE" not in query_plan, query_plan
