"""Time a page of the expense list (the API's selector, filters and serializer) against
hand-written SQL fetching the same rows, on the same data.

Run from the repository root (see bench/README.md):

    DEBUG=1 .venv/bin/python bench/bench_expenses.py --rows 100000
"""

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import bench_user, fetch, print_table
from rest_framework.test import APIRequestFactory

from categories.models import Category
from expenses.filters import ExpenseFilter
from expenses.models import Expense
from expenses.selectors import expense_list
from expenses.serializers import ExpenseSerializer

END = datetime.date(2026, 6, 30)
PAGE = 50
EXPENSE = Expense._meta.db_table
CATEGORY = Category._meta.db_table
THROUGH = Expense.tags.through._meta.db_table
TAG = Expense.tags.field.related_model._meta.db_table


def orm_page(owner, params: dict, offset: int, serialize: bool) -> list:
    """What the list endpoint does for one page: filter, count, slice, fetch, serialize."""
    filters = ExpenseFilter(data=params, queryset=expense_list(owner=owner))
    assert filters.is_valid(), filters.errors
    queryset = filters.qs
    queryset.count()
    rows = list(queryset[offset : offset + PAGE])
    if not serialize:
        return rows
    request = APIRequestFactory().get("/api/v1/expenses/")
    request.user = owner
    return ExpenseSerializer(rows, many=True, context={"request": request}).data


def raw_page(owner, where: str, params: list, order: str, offset: int) -> list:
    base = f"FROM {EXPENSE} e WHERE e.owner_id = %s {where}"
    fetch(f"SELECT COUNT(*) {base}", [owner.id, *params])
    rows = fetch(
        f"SELECT e.id, e.date, e.amount, e.currency, e.description, e.merchant, e.notes, "
        f"e.payment_method, e.created_at, c.name FROM {EXPENSE} e "
        f"LEFT JOIN {CATEGORY} c ON c.id = e.category_id WHERE e.owner_id = %s {where} "
        f"ORDER BY {order} LIMIT {PAGE} OFFSET {offset}",
        [owner.id, *params],
    )
    ids = [row[0] for row in rows]
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        fetch(
            f"SELECT t.expense_id, g.name FROM {THROUGH} t JOIN {TAG} g ON g.id = t.tag_id "
            f"WHERE t.expense_id IN ({marks})",
            ids,
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="expenses to create")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per case")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with bench_user(rows=args.rows, seed=args.seed, end=END) as owner:
        food = Category.objects.get(owner=None, name="Food")
        deep = (args.rows // 2 // PAGE) * PAGE
        newest = "e.date DESC, e.id DESC"
        month = ["2026-03-01", "2026-03-31"]
        cases = [
            (
                "first page, newest first",
                {},
                ("", [], newest, 0),
                0,
            ),
            (
                f"page at offset {deep:,}",
                {},
                ("", [], newest, deep),
                deep,
            ),
            (
                "Food in one month",
                {"category_id": str(food.id), "start_date": month[0], "end_date": month[1]},
                (
                    "AND e.category_id = %s AND e.date BETWEEN %s AND %s",
                    [food.id, *month],
                    newest,
                    0,
                ),
                0,
            ),
            (
                "largest amounts first",
                {"ordering": "-amount"},
                ("", [], "e.amount DESC, e.id DESC", 0),
                0,
            ),
        ]
        for name, params, raw, offset in cases:
            orm_ids = [e.id for e in orm_page(owner, params, offset, serialize=False)]
            assert len(orm_ids) == PAGE, f"{name}: only {len(orm_ids)} rows"
            assert orm_ids == [row[0] for row in raw_page(owner, *raw)], f"{name}: pages differ"
        print("ORM and raw SQL return the same pages.")
        for serialize in (False, True):
            title = "page as JSON (serializer)" if serialize else "page as model rows"
            print_table(
                title,
                [
                    (
                        name,
                        lambda p=params, o=offset, s=serialize: orm_page(owner, p, o, s),
                        lambda r=raw: raw_page(owner, *r),
                    )
                    for name, params, raw, offset in cases
                ],
                args.repeat,
            )


if __name__ == "__main__":
    main()
