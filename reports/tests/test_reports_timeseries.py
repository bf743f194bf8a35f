"""Timeseries: every bucket present, zeros included, weeks from Monday."""

import datetime
from decimal import Decimal

import pytest

from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

TIMESERIES = "/api/v1/reports/timeseries/"


def spend(owner, amount: str, day: str) -> None:
    ExpenseFactory(owner=owner, amount=Decimal(amount), date=datetime.date.fromisoformat(day))


def series(client, start: str, end: str, bucket: str | None = None) -> list[dict]:
    params = {"start": start, "end": end, **({"bucket": bucket} if bucket else {})}
    response = client.get(TIMESERIES, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_daily_buckets_are_zero_filled(alice_client, alice):
    spend(alice, "10.00", "2026-01-02")
    spend(alice, "5.00", "2026-01-02")
    spend(alice, "2.50", "2026-01-05")
    spend(alice, "99.00", "2026-01-06")  # after the range
    assert series(alice_client, "2026-01-01", "2026-01-05", "daily") == [
        {"period": "2026-01-01", "total": "0.00", "count": 0},
        {"period": "2026-01-02", "total": "15.00", "count": 2},
        {"period": "2026-01-03", "total": "0.00", "count": 0},
        {"period": "2026-01-04", "total": "0.00", "count": 0},
        {"period": "2026-01-05", "total": "2.50", "count": 1},
    ]


def test_the_bucket_defaults_to_daily(alice_client, alice):
    spend(alice, "3.00", "2026-01-02")
    assert series(alice_client, "2026-01-02", "2026-01-03") == [
        {"period": "2026-01-02", "total": "3.00", "count": 1},
        {"period": "2026-01-03", "total": "0.00", "count": 0},
    ]


def test_weekly_buckets_start_on_monday_across_a_year_boundary(alice_client, alice):
    spend(alice, "1000.00", "2025-12-22")  # Monday of the first week, but before the range
    spend(alice, "10.00", "2025-12-29")  # Monday
    spend(alice, "20.00", "2026-01-02")  # Friday of the same week, in the new year
    spend(alice, "5.00", "2026-01-04")  # Sunday: still that week
    spend(alice, "7.00", "2026-01-14")  # Wednesday, the range's last day
    spend(alice, "100.00", "2026-01-15")  # after the range
    # 2025-12-24 is a Wednesday: its week is labelled by Monday 2025-12-22
    assert series(alice_client, "2025-12-24", "2026-01-14", "weekly") == [
        {"period": "2025-12-22", "total": "0.00", "count": 0},
        {"period": "2025-12-29", "total": "35.00", "count": 3},
        {"period": "2026-01-05", "total": "0.00", "count": 0},
        {"period": "2026-01-12", "total": "7.00", "count": 1},
    ]


def test_monthly_buckets_are_zero_filled(alice_client, alice):
    spend(alice, "20.00", "2025-12-31")
    spend(alice, "40.00", "2026-02-10")
    spend(alice, "1.00", "2026-02-11")  # after the range
    spend(alice, "1.00", "2025-11-14")  # before the range
    assert series(alice_client, "2025-11-15", "2026-02-10", "monthly") == [
        {"period": "2025-11-01", "total": "0.00", "count": 0},
        {"period": "2025-12-01", "total": "20.00", "count": 1},
        {"period": "2026-01-01", "total": "0.00", "count": 0},
        {"period": "2026-02-01", "total": "40.00", "count": 1},
    ]


@pytest.mark.parametrize(
    ("bucket", "periods"),
    [
        ("daily", ["2026-03-01", "2026-03-02", "2026-03-03"]),
        ("weekly", ["2026-02-23", "2026-03-02"]),  # 2026-03-01 is a Sunday
        ("monthly", ["2026-03-01"]),
    ],
)
def test_an_empty_range_has_every_bucket_at_zero(alice_client, alice, bucket, periods):
    spend(alice, "9.00", "2026-02-28")
    assert series(alice_client, "2026-03-01", "2026-03-03", bucket) == [
        {"period": period, "total": "0.00", "count": 0} for period in periods
    ]


def test_a_ten_year_daily_series_has_every_day(alice_client, alice):
    spend(alice, "4.00", "2020-02-29")
    body = series(alice_client, "2016-01-01", "2026-01-01", "daily")
    assert len(body) == 3654
    assert (body[0]["period"], body[-1]["period"]) == ("2016-01-01", "2026-01-01")
    assert [row for row in body if row["count"]] == [
        {"period": "2020-02-29", "total": "4.00", "count": 1}
    ]
