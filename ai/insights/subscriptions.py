"""Subscriptions and recurring bills, found in the expenses of the look-back window.

A charge recurs when the same payee (the merchant, or the description when there is none,
compared case-insensitively with spaces folded) is paid a similar amount (within 15 %) at a
regular interval: about a week, a month, a quarter or a year. The most recent regular run
counts, so a bill that moved its day or paused once is still found. A later charge at the
same rhythm but a new price (up to twice or half the usual) extends the run: that is a price
change, not a new subscription. A run whose next charge is long overdue has lapsed.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ai.insights.common import Row, category_name, median, payee, payee_key
from config.money import to_cents
from config.months import add_months, month_end, month_start

SIMILAR_AMOUNT = Decimal("1.15")
"""Amounts of one subscription lie within 15 % of each other."""
PRICE_CHANGE_RANGE = (Decimal("0.5"), Decimal("2"))
"""A charge at the rhythm but outside SIMILAR_AMOUNT is a new price if within this ratio."""
PRICE_CHANGE_MIN = Decimal("0.01")
"""The latest amount is a price change when it differs from the usual by more than 1 %."""
REPEAT_DAYS = 3
"""The same amount again within this many days is a repeated charge, not the next one."""


@dataclass(frozen=True)
class Period:
    name: str
    min_days: int
    max_days: int
    min_count: int
    step_days: int
    step_months: int
    grace_days: int
    """How long after the expected date the run still counts as active."""
    per_month: Decimal
    """Charges per month, to state a monthly cost."""

    def fits(self, days: int) -> bool:
        return self.min_days <= days <= self.max_days

    def after(self, day: datetime.date, count: int = 1) -> datetime.date:
        """The `count`-th charge after `day`: calendar months keep the day of the month
        (the 31st becomes the month's last day). Past the calendar's end: its last day."""
        try:
            if self.step_days:
                return day + datetime.timedelta(days=self.step_days * count)
            month = add_months(month_start(day), self.step_months * count)
        except (OverflowError, ValueError):
            return datetime.date.max
        return month.replace(day=min(day.day, month_end(month).day))


PERIODS = (
    Period("weekly", 6, 8, 3, 7, 0, 4, Decimal(52) / Decimal(12)),
    Period("monthly", 27, 33, 3, 0, 1, 10, Decimal(1)),
    Period("quarterly", 85, 98, 3, 0, 3, 30, Decimal(1) / Decimal(3)),
    Period("yearly", 355, 376, 2, 0, 12, 60, Decimal(1) / Decimal(12)),
)


@dataclass(frozen=True)
class Subscription:
    merchant: str
    category: int | None
    category_name: str | None
    period: str
    usual_amount: Decimal
    currency: str
    last_date: datetime.date
    next_expected: datetime.date
    price_change: Decimal | None
    latest_amount: Decimal
    cadence: Period
    occurrences: tuple[Row, ...]

    @property
    def monthly_cost(self) -> Decimal:
        """The latest price as a cost per month (a yearly bill counts a twelfth)."""
        return self.latest_amount * self.cadence.per_month

    def expected_between(self, after: datetime.date, until: datetime.date) -> int:
        """How many charges are expected after `after` up to `until` (included)."""
        count, step = 0, 1
        while (day := self.cadence.after(self.last_date, step)) <= until:
            if day > after:
                count += 1
            if day == datetime.date.max:
                break
            step += 1
        return count


def detect_subscriptions(
    rows: Iterable[Row], *, reference: datetime.date, currency: str, names: dict[int, str]
) -> list[Subscription]:
    """The subscriptions still active on `reference`, soonest next charge first. `rows` in
    date order."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[payee_key(row)].append(row)
    found = [
        subscription
        for group in groups.values()
        if len(group) >= 2
        for subscription in _group_subscriptions(group, currency=currency, names=names)
        if (reference - subscription.next_expected).days <= subscription.cadence.grace_days
    ]
    return sorted(found, key=lambda s: (s.next_expected, s.merchant.casefold()))


def _group_subscriptions(
    group: list[Row], *, currency: str, names: dict[int, str]
) -> list[Subscription]:
    charges = _without_repeats(group)
    runs = [run for cluster in _amount_clusters(charges) if (run := _regular_run(cluster))]
    used = {row.id for _, members in runs for row in members}
    subscriptions = []
    for cadence, members in runs:
        later = [row for row in charges if row.id not in used and row.date > members[-1].date]
        members = _with_price_changes(members, cadence, later)
        subscriptions.append(_subscription(members, cadence, currency=currency, names=names))
    return subscriptions


def _without_repeats(group: list[Row]) -> list[Row]:
    """The group without a charge of the same amount a few days after another (charged
    twice: the duplicate check reports it)."""
    kept: list[Row] = []
    last_seen: dict[Decimal, datetime.date] = {}
    for row in group:
        seen = last_seen.get(row.amount)
        if seen is None or (row.date - seen).days > REPEAT_DAYS:
            kept.append(row)
        last_seen[row.amount] = row.date
    return kept


def _amount_clusters(charges: list[Row]) -> list[list[Row]]:
    """Charges split into runs of similar amounts (each within 15 % of its smallest), each
    in date order."""
    clusters: list[list[Row]] = []
    for row in sorted(charges, key=lambda r: (r.amount, r.date, r.id)):
        if clusters and row.amount <= clusters[-1][0].amount * SIMILAR_AMOUNT:
            clusters[-1].append(row)
        else:
            clusters.append([row])
    return [sorted(cluster, key=lambda r: (r.date, r.id)) for cluster in clusters]


def _regular_run(cluster: Sequence[Row]) -> tuple[Period, list[Row]] | None:
    """The latest run of charges at one regular interval, when long enough."""
    for cadence in PERIODS:
        run = [cluster[-1]]
        for row in reversed(cluster[:-1]):
            if not cadence.fits((run[0].date - row.date).days):
                break
            run.insert(0, row)
        if len(run) >= cadence.min_count:
            return cadence, run
    return None


def _with_price_changes(members: list[Row], cadence: Period, later: list[Row]) -> list[Row]:
    """`members` and the later charges that keep its rhythm at a new price."""
    usual = median([row.amount for row in members])
    low, high = (usual * ratio for ratio in PRICE_CHANGE_RANGE)
    extended = list(members)
    for row in later:
        if cadence.fits((row.date - extended[-1].date).days) and low <= row.amount <= high:
            extended.append(row)
    return extended


def _subscription(
    members: list[Row], cadence: Period, *, currency: str, names: dict[int, str]
) -> Subscription:
    latest = members[-1]
    usual = to_cents(median([row.amount for row in members]))
    change = latest.amount - usual
    return Subscription(
        merchant=payee(latest),
        category=latest.category_id,
        category_name=category_name(latest.category_id, names),
        period=cadence.name,
        usual_amount=usual,
        currency=currency,
        last_date=latest.date,
        next_expected=cadence.after(latest.date),
        price_change=to_cents(change) if abs(change) > usual * PRICE_CHANGE_MIN else None,
        latest_amount=latest.amount,
        cadence=cadence,
        occurrences=tuple(members),
    )
