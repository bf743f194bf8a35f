import datetime
from decimal import Decimal

import pytest

from config.functions import MonthStart, WeekStart, YearStart
from expenses.models import Expense

pytestmark = pytest.mark.django_db


def test_period_starts_are_computed_by_the_database(alice):
    # 2025-12-29 is a Monday; the days run through Sunday 2026-01-04 and on to Monday the 5th.
    days = [datetime.date(2025, 12, 29) + datetime.timedelta(days=n) for n in range(8)]
    Expense.objects.bulk_create(
        Expense(owner=alice, amount=Decimal("1"), date=day, description=str(day)) for day in days
    )
    rows = (
        Expense.objects.filter(owner=alice)
        .annotate(week=WeekStart("date"), month=MonthStart("date"), year=YearStart("date"))
        .order_by("date")
        .values_list("date", "week", "month", "year")
    )
    monday, next_monday = datetime.date(2025, 12, 29), datetime.date(2026, 1, 5)
    assert [row[1] for row in rows] == [monday] * 7 + [next_monday]
    assert [row[2] for row in rows] == [datetime.date(2025, 12, 1)] * 3 + [
        datetime.date(2026, 1, 1)
    ] * 5
    assert [row[3] for row in rows] == [datetime.date(2025, 1, 1)] * 3 + [
        datetime.date(2026, 1, 1)
    ] * 5
