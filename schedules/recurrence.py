"""When a schedule falls due: pure date arithmetic, no database.

One `interval` serves every period: `weekly` with interval 2 is every two weeks, `monthly`
with interval 3 every quarter, `yearly` with interval 2 every other year, `every_n_days` and
`every_n_months` every `interval` days or months (the last two are `weekly`/`monthly` spelt
the way a user thinks of them). A monthly date is the month's `day_of_month`, or its last day
when the month is shorter (the 31st falls on 30 April and on 28 or 29 February). A yearly
date keeps the start's day and month (29 February falls on the 28th in other years). The
first occurrence is the first such date on or after the start.
"""

import datetime
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from config.months import add_months, month_end, month_start

WEEKLY = "weekly"
MONTHLY = "monthly"
YEARLY = "yearly"
EVERY_N_DAYS = "every_n_days"
EVERY_N_MONTHS = "every_n_months"
PERIODS = (WEEKLY, MONTHLY, YEARLY, EVERY_N_DAYS, EVERY_N_MONTHS)
MONTH_PERIODS = (MONTHLY, EVERY_N_MONTHS)


@dataclass(frozen=True)
class Rule:
    start: datetime.date
    period: str
    interval: int = 1
    day_of_month: int | None = None
    end_date: datetime.date | None = None

    def _months(self) -> int:
        return {MONTHLY: 1, EVERY_N_MONTHS: 1, YEARLY: 12}[self.period] * self.interval

    def occurrence(self, index: int) -> datetime.date | None:
        """The `index`-th date (0 is the first), ignoring `end_date`; None past the calendar."""
        try:
            if self.period == WEEKLY:
                return self.start + datetime.timedelta(days=7 * self.interval * index)
            if self.period == EVERY_N_DAYS:
                return self.start + datetime.timedelta(days=self.interval * index)
            day = self.start.day if self.period == YEARLY else (self.day_of_month or self.start.day)
            first = month_start(self.start)
            if self.period in MONTH_PERIODS and _on_day(first, day) < self.start:
                first = add_months(first, 1)
            return _on_day(add_months(first, self._months() * index), day)
        except (OverflowError, ValueError):
            return None

    def dates(self, *, after: datetime.date | None = None) -> Iterator[datetime.date]:
        """The dates in order (only those after `after`, when given), up to `end_date`."""
        index = 0 if after is None else self._index_near(after)
        while (day := self.occurrence(index)) is not None:
            if self.end_date is not None and day > self.end_date:
                return
            if after is None or day > after:
                yield day
            index += 1

    def next_on_or_after(self, day: datetime.date) -> datetime.date | None:
        after = day - datetime.timedelta(days=1) if day > datetime.date.min else None
        return next(self.dates(after=after), None)

    def next_after(self, day: datetime.date) -> datetime.date | None:
        return next(self.dates(after=day), None)

    def _index_near(self, day: datetime.date) -> int:
        """An index whose date is not after `day`'s first candidate (so iterating from it
        misses nothing): a jump instead of walking from the start."""
        if day <= self.start:
            return 0
        if self.period in (WEEKLY, EVERY_N_DAYS):
            step = self.interval * (7 if self.period == WEEKLY else 1)
            return max(0, (day - self.start).days // step - 1)
        months = (day.year - self.start.year) * 12 + day.month - self.start.month
        return max(0, months // self._months() - 1)


def _on_day(month: datetime.date, day: int) -> datetime.date:
    return month.replace(day=min(day, month_end(month).day))


def pending_dates(
    rule: Rule,
    *,
    next_due: datetime.date | None,
    recorded: Collection[datetime.date] = (),
    remaining: int | None = None,
) -> Iterator[datetime.date]:
    """The occurrences still to come from `next_due` on: dates already `recorded` (skipped
    ahead of time) are left out, and with a `remaining` count only that many are given."""
    day = next_due
    while day is not None and (remaining is None or remaining > 0):
        if day not in recorded:
            yield day
            if remaining is not None:
                remaining -= 1
        day = rule.next_after(day)
