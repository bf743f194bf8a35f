"""Spending reports: sums and counts by the database, one currency at a time, read from the
per-day rollups (`expenses.models.DayTotal`, kept exact by triggers) rather than the rows: a
two-year report sums a few thousand pre-summed days, not every expense in them.

Every report costs a fixed number of queries whatever the number of expenses: the database
groups and sums, Python only fills empty periods and turns sums into shares and averages.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Func, Q, Sum
from django.db.models.functions import Coalesce

from accounts.models import User
from config.functions import MonthStart, WeekStart
from config.money import from_cents, to_cents
from config.months import add_months, month_end, month_start
from expenses.selectors import category_names, spending_rollups

ZERO = Decimal("0.00")
DAYS_PER_MONTH = Decimal("30.4375")  # 365.25 / 12
MAX_RANGE_DAYS = 3653  # ten years, leap days included

BUCKETS = ("daily", "weekly", "monthly")


@dataclass(frozen=True)
class CategoryShare:
    category: int | None
    category_name: str | None
    total: Decimal
    count: int
    percent: Decimal


@dataclass(frozen=True)
class PeriodTotal:
    period: datetime.date
    total: Decimal


@dataclass(frozen=True)
class PeriodBucket:
    period: datetime.date
    total: Decimal
    count: int


@dataclass(frozen=True)
class Averages:
    per_day: Decimal
    per_week: Decimal
    per_month: Decimal


@dataclass(frozen=True)
class PeriodTotals:
    daily: list[PeriodTotal]
    weekly: list[PeriodTotal]
    monthly: list[PeriodTotal]
    yearly: list[PeriodTotal]


@dataclass(frozen=True)
class Summary:
    currency: str
    start: datetime.date
    end: datetime.date
    total: Decimal
    count: int
    by_category: list[CategoryShare]
    averages: Averages
    totals: PeriodTotals


class _Change:
    """`delta` and `percent_change` of anything with a current and a previous total."""

    current_total: Decimal
    previous_total: Decimal

    @property
    def delta(self) -> Decimal:
        return self.current_total - self.previous_total

    @property
    def percent_change(self) -> Decimal | None:
        return percent_change(current=self.current_total, previous=self.previous_total)


@dataclass(frozen=True)
class CategoryTrend(_Change):
    category: int | None
    category_name: str | None
    current_total: Decimal
    previous_total: Decimal


@dataclass(frozen=True)
class Trends(_Change):
    currency: str
    month: datetime.date
    previous_month: datetime.date
    current_total: Decimal
    previous_total: Decimal
    by_category: list[CategoryTrend]


def percent_change(*, current: Decimal, previous: Decimal) -> Decimal | None:
    """The change as a percentage of `previous`; None when there is nothing to compare with."""
    if not previous:
        return None
    return to_cents((current - previous) * 100 / previous)


def _cents_sum(**extra) -> Coalesce:
    return Coalesce(Sum("total_cents", **extra), 0)


def _category(key: int) -> int | None:
    return key or None  # the rollups' key 0 is uncategorised


def _name_order(row: CategoryShare | CategoryTrend) -> tuple:
    """Ties broken by name, case-insensitively, the uncategorised row last. Sorted here rather
    than in SQL: SQLite's float sums could split a tie, and collations differ per database."""
    name = row.category_name
    return (name is None, (name or "").casefold(), row.category or 0)


def _rolled_up(
    days: list[tuple[datetime.date, int]], period_of: Callable[[datetime.date], datetime.date]
) -> list[PeriodTotal]:
    """Day sums (in date order, exact cents) added up per period (the first day of each)."""
    cents: dict[datetime.date, int] = {}
    for day, total in days:
        period = period_of(day)
        cents[period] = cents.get(period, 0) + total
    return [PeriodTotal(period=period, total=from_cents(total)) for period, total in cents.items()]


def _category_share(row: Mapping[str, Any], names: dict, total: Decimal) -> CategoryShare:
    spent = from_cents(row["total"])
    return CategoryShare(
        category=_category(row["category_key"]),
        category_name=names.get(row["category_key"]),
        total=spent,
        count=row["count"],
        percent=to_cents(spent * 100 / total),
    )


def report_summary(
    *, owner: User, start: datetime.date, end: datetime.date, currency: str
) -> Summary:
    """Total, count, spending by category (largest first) with shares, averages over the
    range's length and totals per day, week (from Monday), month and year that had spending.
    Three queries over the rollups at most: one group by category, the categories' names
    (none when no row has a category), and one group by day; the weeks, months and years add
    up those day sums (at most 3,653 whole numbers of cents, not rows). The total and the
    count are the sums of the category rows (a handful), so they and the shares come from one
    snapshot: a separate aggregate could see other rows than the group by when expenses are
    written meanwhile (PostgreSQL reads each statement at its own snapshot), and a share of a
    total of zero was a division by zero."""
    rollups = spending_rollups(owner=owner, currency=currency, start=start, end=end)
    categories = list(
        rollups.values("category_key").annotate(total=Sum("total_cents"), count=Sum("count"))
    )
    names = category_names(row["category_key"] for row in categories)
    total = from_cents(sum(row["total"] for row in categories))
    count = sum(row["count"] for row in categories)
    by_category = sorted(
        (_category_share(row, names, total) for row in categories),
        key=lambda share: (-share.total, *_name_order(share)),
    )
    days = Decimal((end - start).days + 1)
    averages = Averages(
        per_day=to_cents(total / days),
        per_week=to_cents(total * 7 / days),
        per_month=to_cents(total * DAYS_PER_MONTH / days),
    )
    days_summed = list(
        rollups.values_list("date").annotate(cents=Sum("total_cents")).order_by("date")
    )
    totals = PeriodTotals(
        daily=_rolled_up(days_summed, lambda day: day),
        weekly=_rolled_up(days_summed, _week_start),
        monthly=_rolled_up(days_summed, month_start),
        yearly=_rolled_up(days_summed, lambda day: day.replace(month=1, day=1)),
    )
    return Summary(
        currency=currency,
        start=start,
        end=end,
        total=total,
        count=count,
        by_category=by_category,
        averages=averages,
        totals=totals,
    )


def _week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _bucket_periods(*, bucket: str, start: datetime.date, end: datetime.date) -> list:
    """The first day of every bucket from the one holding `start` to the one holding `end`.
    Counted rather than stepped past `end`, so 9999-12 does not overflow."""
    if bucket == "daily":
        return [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    if bucket == "weekly":
        first = _week_start(start)
        weeks = (_week_start(end) - first).days // 7 + 1
        return [first + datetime.timedelta(weeks=i) for i in range(weeks)]
    first = month_start(start)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return [add_months(first, i) for i in range(months)]


def _bucket_of(bucket: str) -> Func | F:
    if bucket == "daily":
        return F("date")
    return WeekStart("date") if bucket == "weekly" else MonthStart("date")


def report_timeseries(
    *, owner: User, start: datetime.date, end: datetime.date, bucket: str, currency: str
) -> list[PeriodBucket]:
    """Total and count per day, week (from Monday) or month, every bucket present: the
    database sums the buckets that have spending in one query, the others are zeros."""
    rows = (
        spending_rollups(owner=owner, currency=currency, start=start, end=end)
        .annotate(period=_bucket_of(bucket))
        .values("period")
        .annotate(total=Sum("total_cents"), count=Sum("count"))
    )
    found = {row["period"]: row for row in rows}
    buckets = []
    for period in _bucket_periods(bucket=bucket, start=start, end=end):
        row = found.get(period)
        buckets.append(
            PeriodBucket(
                period=period,
                total=from_cents(row["total"]) if row else ZERO,
                count=row["count"] if row else 0,
            )
        )
    return buckets


def report_trends(*, owner: User, month: datetime.date, currency: str) -> Trends:
    """`month` against the calendar month before it, overall and for every category with
    spending in either (largest current total first, then largest previous total). At most
    three queries over the rollups: both months summed side by side, overall and per
    category, and the categories' names (none when no row has a category)."""
    previous = add_months(month, -1)
    days = spending_rollups(owner=owner, currency=currency, start=previous, end=month_end(month))
    current_sum = _cents_sum(filter=Q(date__gte=month))
    previous_sum = _cents_sum(filter=Q(date__lt=month))
    overall = days.aggregate(current=current_sum, previous=previous_sum)
    categories = list(
        days.values("category_key").annotate(current=current_sum, previous=previous_sum)
    )
    names = category_names(row["category_key"] for row in categories)
    by_category = (
        CategoryTrend(
            category=_category(row["category_key"]),
            category_name=names.get(row["category_key"]),
            current_total=from_cents(row["current"]),
            previous_total=from_cents(row["previous"]),
        )
        for row in categories
    )
    return Trends(
        currency=currency,
        month=month,
        previous_month=previous,
        current_total=from_cents(overall["current"]),
        previous_total=from_cents(overall["previous"]),
        by_category=sorted(
            by_category,
            key=lambda row: (-row.current_total, -row.previous_total, *_name_order(row)),
        ),
    )
