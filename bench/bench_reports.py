"""Time the reports' ORM queries against hand-written SQL computing the same sums.

Run from the repository root (see bench/README.md):

    DEBUG=1 .venv/bin/python bench/bench_reports.py --rows 100000

It uses whatever DATABASE_URL says, creates a throwaway user with N demo expenses, checks
that both sides give the same figures, prints median timings and deletes the user again.
"""

import argparse
import datetime
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import bench_user, fetch, print_table
from django.db import connection

from accounts.models import User
from categories.models import Category
from expenses.models import Expense
from reports.selectors import report_summary, report_timeseries, report_trends

CENT = Decimal("0.01")
END = datetime.date(2026, 6, 30)
START = END - datetime.timedelta(days=729)  # the demo data's two years
TREND_MONTH = datetime.date(2026, 3, 1)

EXPENSE = Expense._meta.db_table
CATEGORY = Category._meta.db_table
# The first day of a period, per database: `%%` is a literal `%` once parameters are bound.
PERIODS = {
    "sqlite": {
        "day": "e.date",
        "week": "date(e.date, 'weekday 0', '-6 days')",
        "month": "strftime('%%Y-%%m-01', e.date)",
        "year": "strftime('%%Y-01-01', e.date)",
    },
    "postgresql": {
        "day": "e.date",
        "week": "date_trunc('week', e.date)::date",
        "month": "date_trunc('month', e.date)::date",
        "year": "date_trunc('year', e.date)::date",
    },
}
FROM = f"FROM {EXPENSE} e LEFT JOIN {CATEGORY} c ON c.id = e.category_id"
WHERE = "WHERE e.owner_id = %s AND e.currency = %s AND e.date BETWEEN %s AND %s"


def money(value) -> Decimal:
    """SQLite hands sums back as floats; both sides are compared to the cent."""
    return Decimal(str(value)).quantize(CENT)


def day(value) -> str:
    return value if isinstance(value, str) else value.isoformat()


def raw_summary(owner: User, currency: str) -> dict:
    params = [owner.id, currency, START, END]
    periods = PERIODS[connection.vendor]
    [(total, count)] = fetch(
        f"SELECT COALESCE(SUM(e.amount), 0), COUNT(*) FROM {EXPENSE} e {WHERE}", params
    )
    by_category = fetch(
        f"SELECT e.category_id, c.name, SUM(e.amount), COUNT(*) {FROM} {WHERE} "
        "GROUP BY e.category_id, c.name ORDER BY 3 DESC, 2",
        params,
    )
    totals = {
        kind: fetch(
            f"SELECT {periods[kind]} AS p, SUM(e.amount) FROM {EXPENSE} e {WHERE} "
            "GROUP BY p ORDER BY p",
            params,
        )
        for kind in ("day", "week", "month", "year")
    }
    return {"total": total, "count": count, "by_category": by_category, "totals": totals}


def raw_timeseries(owner: User, currency: str, kind: str) -> list[tuple]:
    return fetch(
        f"SELECT {PERIODS[connection.vendor][kind]} AS p, SUM(e.amount), COUNT(*) "
        f"FROM {EXPENSE} e {WHERE} GROUP BY p ORDER BY p",
        [owner.id, currency, START, END],
    )


def raw_trends(owner: User, currency: str) -> list[tuple]:
    """The overall row first, then one row per category."""
    previous = datetime.date(TREND_MONTH.year, TREND_MONTH.month - 1, 1)
    last = datetime.date(TREND_MONTH.year, TREND_MONTH.month + 1, 1) - datetime.timedelta(days=1)
    sums = (
        "COALESCE(SUM(CASE WHEN e.date >= %s THEN e.amount END), 0), "
        "COALESCE(SUM(CASE WHEN e.date < %s THEN e.amount END), 0)"
    )
    params = [TREND_MONTH, TREND_MONTH, owner.id, currency, previous, last]
    overall = fetch(f"SELECT {sums} FROM {EXPENSE} e {WHERE}", params)
    by_category = fetch(
        f"SELECT e.category_id, c.name, {sums} {FROM} {WHERE} "
        "GROUP BY e.category_id, c.name ORDER BY 3 DESC, 4 DESC, 2",
        params,
    )
    return overall + by_category


def check_same_figures(owner: User, currency: str) -> None:
    """The benchmark is only fair if both sides compute the same thing."""
    orm = report_summary(owner=owner, start=START, end=END, currency=currency)
    raw = raw_summary(owner, currency)
    assert (orm.total, orm.count) == (money(raw["total"]), raw["count"])
    assert [(row.category, row.total, row.count) for row in orm.by_category] == [
        (row[0], money(row[2]), row[3]) for row in raw["by_category"]
    ]
    for kind, rows in zip(("day", "week", "month", "year"), vars(orm.totals).values(), strict=True):
        assert [(row.period.isoformat(), row.total) for row in rows] == [
            (day(period), money(total)) for period, total in raw["totals"][kind]
        ], kind
    for bucket, kind in (("daily", "day"), ("weekly", "week"), ("monthly", "month")):
        series = report_timeseries(
            owner=owner, start=START, end=END, bucket=bucket, currency=currency
        )
        assert [(row.period.isoformat(), row.total, row.count) for row in series if row.count] == [
            (day(period), money(total), count)
            for period, total, count in raw_timeseries(owner, currency, kind)
        ], bucket
    trends = report_trends(owner=owner, month=TREND_MONTH, currency=currency)
    raw_overall = raw_trends(owner, currency)[0]
    assert (trends.current_total, trends.previous_total) == tuple(map(money, raw_overall))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="expenses to create")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per case")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with bench_user(rows=args.rows, seed=args.seed, end=END) as owner:
        currency = owner.default_currency
        in_range = Expense.objects.filter(owner=owner, date__range=(START, END)).count()
        print(f"{in_range} expenses from {START} to {END}")
        check_same_figures(owner, currency)
        print("ORM and raw SQL give the same figures.")
        cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
            (
                "summary (6 queries)",
                lambda: report_summary(owner=owner, start=START, end=END, currency=currency),
                lambda: raw_summary(owner, currency),
            ),
            *(
                (
                    f"timeseries {bucket}",
                    lambda bucket=bucket: report_timeseries(
                        owner=owner, start=START, end=END, bucket=bucket, currency=currency
                    ),
                    lambda kind=kind: raw_timeseries(owner, currency, kind),
                )
                for bucket, kind in (("daily", "day"), ("weekly", "week"), ("monthly", "month"))
            ),
            (
                "trends (3 queries)",
                lambda: report_trends(owner=owner, month=TREND_MONTH, currency=currency),
                lambda: raw_trends(owner, currency),
            ),
        ]
        print_table("reports", cases, args.repeat)


if __name__ == "__main__":
    main()
