"""Spending that stands out: one expense far above its category's usual, a charge made
twice, a category's month far above its usual months.

Robust statistics (median and median absolute deviation) judge an expense against the
category's other expenses of the month and of the months before, so a single huge
purchase does not hide itself by raising an average, and an outlier is found even in a
user's first month.
"""

import datetime
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ai.insights.common import (
    Row,
    category_label,
    category_name,
    mad,
    median,
    money,
    payee,
    payee_key,
)
from config.money import to_cents
from config.months import add_months

LARGE_MIN_OTHERS = 4
"""An expense is judged only against at least this many other expenses of its category."""
MAD_TO_SIGMA = Decimal("1.4826")
"""Scales a median absolute deviation to a standard deviation (for normal data)."""
LARGE_MAD_FACTOR = 5
LARGE_MEDIAN_FACTOR = 2
DUPLICATE_DAYS = 2
SPIKE_HISTORY_MONTHS = 6
SPIKE_MIN_MONTHS = 3
SPIKE_FACTOR = Decimal("1.5")
SPIKE_MIN_SHARE = Decimal("0.05")
"""A spike adds at least 5 % of the usual month's total spending: small categories that
double by a few coins are not news."""
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Anomaly:
    kind: str
    expense_id: int | None
    date: datetime.date
    amount: Decimal
    category: int | None
    category_name: str | None
    reason: str


def _median_without(ordered: Sequence[Decimal], index: int) -> Decimal:
    """The median of a sorted list without its element at `index`, without copying it."""
    size = len(ordered) - 1

    def at(position: int) -> Decimal:
        return ordered[position if position < index else position + 1]

    if size % 2:
        return at(size // 2)
    return (at(size // 2 - 1) + at(size // 2)) / 2


def large_expenses(
    rows: Iterable[Row],
    *,
    month: datetime.date,
    currency: str,
    names: dict[int, str],
    exempt: set[int],
) -> list[Anomaly]:
    """Expenses of `month` far above the median of their category's other expenses in
    `rows` (that month and the months before): more than median + 5 robust standard
    deviations and more than twice the median. `exempt` (recurring bills) are not judged."""
    amounts: dict[int | None, list[Decimal]] = defaultdict(list)
    in_month = []
    for row in rows:
        amounts[row.category_id].append(row.amount)
        if row.date >= month and row.id not in exempt:
            in_month.append(row)
    for values in amounts.values():
        values.sort()
    found = []
    for row in in_month:
        values = amounts[row.category_id]
        others = len(values) - 1
        if others < LARGE_MIN_OTHERS:
            continue
        index = bisect_left(values, row.amount)
        usual = _median_without(values, index)
        if row.amount <= usual * LARGE_MEDIAN_FACTOR:
            continue
        spread = mad(values[:index] + values[index + 1 :], usual) * MAD_TO_SIGMA
        if row.amount <= usual + spread * LARGE_MAD_FACTOR:
            continue
        label = category_label(row.category_id, names)
        reason = (
            f"{money(row.amount)} {currency} is {(row.amount / usual).quantize(TENTH)} "
            f"times the usual {money(usual)} {currency} for {label} "
            f"(median of {others} other expenses)."
        )
        found.append(_about(row, "large_expense", reason, names))
    return found


def _about(row: Row, kind: str, reason: str, names: dict[int, str]) -> Anomaly:
    """An anomaly about one expense."""
    return Anomaly(
        kind=kind,
        expense_id=row.id,
        date=row.date,
        amount=row.amount,
        category=row.category_id,
        category_name=category_name(row.category_id, names),
        reason=reason,
    )


def duplicates(
    rows: Iterable[Row], *, month: datetime.date, currency: str, names: dict[int, str]
) -> list[Anomaly]:
    """Expenses of `month` with the same payee and amount as one at most two days before:
    the later one is reported."""
    last: dict[tuple[str, Decimal], Row] = {}
    found = []
    for row in rows:  # in date order
        key = (payee_key(row), row.amount)
        earlier = last.get(key)
        last[key] = row
        if earlier is None or row.date < month:
            continue
        if (row.date - earlier.date).days <= DUPLICATE_DAYS:
            reason = (
                f"{money(row.amount)} {currency} to {payee(row)} again: the same amount was "
                f"paid there on {earlier.date.isoformat()}. Charged twice?"
            )
            found.append(_about(row, "duplicate", reason, names))
    return found


def category_spikes(
    totals: dict[tuple[datetime.date, int | None], Decimal],
    *,
    month: datetime.date,
    currency: str,
    names: dict[int, str],
) -> list[Anomaly]:
    """Categories whose total in `month` is above 1.5 times their usual month (the median
    of the previous six months that had spending in them, at least three) by at least 5 %
    of the usual month's total spending."""
    history = [add_months(month, -back) for back in range(1, SPIKE_HISTORY_MONTHS + 1)]
    overall: dict[datetime.date, Decimal] = defaultdict(Decimal)
    for (period, _), total in totals.items():
        overall[period] += total
    spent = [overall[period] for period in history if overall[period] > 0]
    if len(spent) < SPIKE_MIN_MONTHS:
        return []
    least_excess = median(spent) * SPIKE_MIN_SHARE
    found = []
    for (period, category), total in totals.items():
        if period != month:
            continue
        before = [totals[(m, category)] for m in history if totals.get((m, category), 0) > 0]
        if len(before) < SPIKE_MIN_MONTHS:
            continue
        usual = to_cents(median(before))
        if total <= usual * SPIKE_FACTOR or total - usual < least_excess:
            continue
        label = category_label(category, names)
        found.append(
            Anomaly(
                kind="category_spike",
                expense_id=None,
                date=month,
                amount=total,
                category=category,
                category_name=category_name(category, names),
                reason=(
                    f"{label}: {money(total)} {currency} this month, "
                    f"{(total / usual).quantize(TENTH)} times the usual {money(usual)} {currency} "
                    f"(median of the previous {len(before)} months with spending)."
                ),
            )
        )
    return found
