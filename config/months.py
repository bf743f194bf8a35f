"""Calendar-month arithmetic on first-of-month dates."""

import datetime


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + (month.month - 1) + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    """The last day of the month that `month` falls in."""
    if (month.year, month.month) == (datetime.MAXYEAR, 12):
        return datetime.date.max
    return add_months(month_start(month), 1) - datetime.timedelta(days=1)
