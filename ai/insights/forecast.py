"""The month's spending forecast, per category and in total.

predicted = spent so far + usual daily rate times days left + recurring bills still expected.
The usual daily rate is the average spending per day of the three months before (only the
months since spending began), without the recurring bills, which are added by their own
dates instead. A user with no earlier months gets this month's rate so far. A month that
is over is predicted as what was spent.

The recurring bills still expected are the detected subscriptions' next charges and the
user's scheduled recurring expenses (`schedules`) not created yet this month. A subscription
that a schedule already covers (same payee, amount within 5 %) counts once, as the schedule.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ai.insights.common import ZERO, Row, category_name, folded
from ai.insights.subscriptions import Subscription
from config.money import to_cents
from config.months import add_months, month_end, month_start

RATE_MONTHS = 3
SAME_BILL = Decimal("0.05")
"""A schedule covers a subscription whose latest amount is within 5 % of its own."""
ONE_DAY = datetime.timedelta(days=1)

METHOD_ACTUAL = "actual spending: the month is over"
METHOD_USUAL = (
    "month-to-date + usual daily rate (average of the previous {months} months, recurring "
    "bills left out) times days left + expected recurring bills"
)
METHOD_SO_FAR = (
    "month-to-date + this month's daily rate so far (no earlier months to learn from, "
    "recurring bills left out) times days left + expected recurring bills"
)
METHOD_SCHEDULED = " (scheduled recurring expenses still to come included)"


@dataclass(frozen=True)
class ScheduledBill:
    """An occurrence of a scheduled recurring expense still to come this month."""

    date: datetime.date
    amount: Decimal
    category: int | None
    payees: tuple[str, ...]
    """The schedule's merchant and description: what a detected subscription is named by."""


def _covered(subscription: Subscription, bills: Iterable[ScheduledBill]) -> bool:
    name = folded(subscription.merchant)
    return any(
        name in {folded(payee) for payee in bill.payees if payee}
        and abs(bill.amount - subscription.latest_amount) <= SAME_BILL * subscription.latest_amount
        for bill in bills
    )


@dataclass(frozen=True)
class CategoryForecast:
    category: int | None
    category_name: str | None
    spent_to_date: Decimal
    predicted_total: Decimal


@dataclass(frozen=True)
class Forecast:
    predicted_total: Decimal
    predicted_by_category: list[CategoryForecast]
    method: str
    spent_to_date: Decimal
    daily_rate: Decimal
    days_left: int
    expected_recurring: Decimal

    def predicted_for(self, category: int | None) -> Decimal:
        for row in self.predicted_by_category:
            if row.category == category:
                return row.predicted_total
        return ZERO


Totals = dict[tuple[datetime.date, int | None], Decimal]


def _recurring_between(
    subscriptions: Iterable[Subscription],
    start: datetime.date,
    end: datetime.date,
    scheduled: Iterable[Row] = (),
) -> dict[int | None, Decimal]:
    """What the recurring charges (detected, or created by a schedule) cost per category
    between two dates, both included; each expense once."""
    rows = {row.id: row for row in scheduled}
    for subscription in subscriptions:
        rows.update((row.id, row) for row in subscription.occurrences)
    spent: dict[int | None, Decimal] = defaultdict(Decimal)
    for row in rows.values():
        if start <= row.date <= end:
            spent[row.category_id] += row.amount
    return spent


def forecast_month(
    totals: Totals,
    *,
    month: datetime.date,
    today: datetime.date,
    subscriptions: list[Subscription],
    names: dict[int, str],
    bills: list[ScheduledBill] | None = None,
    scheduled: Iterable[Row] = (),
) -> Forecast:
    """The forecast of `month` seen from `today`. `totals` are the spending per (month,
    category), covering this month and at least the three before it; `bills` the scheduled
    occurrences still to come in the month; `scheduled` the expenses schedules created
    (recurring bills: left out of the daily rate, like the detected ones)."""
    bills = bills or []
    last_day = month_end(month)
    spent = {category: total for (period, category), total in totals.items() if period == month}
    if last_day < today:
        return _forecast(spent, spent, names, METHOD_ACTUAL, ZERO, 0, ZERO)

    # The rate comes from the complete months before this one (and before today's).
    rate_end = min(month, month_start(today)) - ONE_DAY
    active = sorted(
        period
        for (period, _), total in totals.items()
        if add_months(month_start(rate_end), 1 - RATE_MONTHS) <= period <= rate_end and total
    )
    if active:
        rate_start, method = active[0], METHOD_USUAL.format(months=RATE_MONTHS)
        history = {category: ZERO for (period, category) in totals if period in active}
        for (period, category), total in totals.items():
            if period in active:
                history[category] += total
    else:  # nothing before: this month's pace so far
        rate_start, rate_end, method = month, today, METHOD_SO_FAR
        history = dict(spent) if month <= today else {}
    days = (rate_end - rate_start).days + 1
    recurring = _recurring_between(subscriptions, rate_start, rate_end, scheduled)
    rate = {
        category: max(ZERO, total - recurring.get(category, ZERO)) / days
        for category, total in history.items()
        if days > 0
    }

    after = max(today, month - ONE_DAY)
    days_left = (last_day - after).days
    expected: dict[int | None, Decimal] = defaultdict(Decimal)
    for subscription in subscriptions:
        count = subscription.expected_between(after, last_day)
        if count and not _covered(subscription, bills):
            expected[subscription.category] += subscription.latest_amount * count
    for bill in bills:
        if after < bill.date <= last_day:
            expected[bill.category] += bill.amount
    if bills:
        method += METHOD_SCHEDULED

    predicted = {
        category: spent.get(category, ZERO)
        + rate.get(category, ZERO) * days_left
        + expected.get(category, ZERO)
        for category in {*spent, *rate, *expected}
    }
    return _forecast(
        spent,
        predicted,
        names,
        method,
        sum(rate.values(), ZERO),
        days_left,
        sum(expected.values(), ZERO),
    )


def _forecast(
    spent: dict[int | None, Decimal],
    predicted: dict[int | None, Decimal],
    names: dict[int, str],
    method: str,
    daily_rate: Decimal,
    days_left: int,
    expected: Decimal,
) -> Forecast:
    rows = sorted(
        (
            CategoryForecast(
                category=category,
                category_name=category_name(category, names),
                spent_to_date=to_cents(spent.get(category, ZERO)),
                predicted_total=to_cents(total),
            )
            for category, total in predicted.items()
            if to_cents(total) > 0
        ),
        key=lambda row: (-row.predicted_total, row.category_name is None, row.category or 0),
    )
    return Forecast(
        predicted_total=sum((row.predicted_total for row in rows), ZERO),
        predicted_by_category=rows,
        method=method,
        spent_to_date=to_cents(sum(spent.values(), ZERO)),
        daily_rate=to_cents(daily_rate),
        days_left=days_left,
        expected_recurring=to_cents(expected),
    )
