"""Summary and trends against figures computed by hand, and the parameters they refuse."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from categories.models import Category
from categories.tests.factories import CategoryFactory
from expenses.tests.factories import ExpenseFactory
from reports.selectors import report_summary

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/reports/summary/"
TRENDS = "/api/v1/reports/trends/"
TIMESERIES = "/api/v1/reports/timeseries/"
JAN_3 = datetime.date(2026, 1, 3)


def category(name: str) -> Category:
    return Category.objects.get(owner=None, name=name)


def spend(owner, amount: str, day: str, name: str | None = None, currency: str = "INR") -> None:
    ExpenseFactory(
        owner=owner,
        amount=Decimal(amount),
        date=datetime.date.fromisoformat(day),
        category=category(name) if name else None,
        currency=currency,
    )


def get_ok(client, url: str, params: dict) -> dict | list:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def january(alice, bob) -> None:
    """Alice's January 2026 in INR: 400.00 in 5 expenses, with noise around it."""
    spend(alice, "999.00", "2025-12-31", "Food")  # the day before the range
    spend(alice, "100.00", "2026-01-01", "Food")  # Thursday: week of Monday 2025-12-29
    spend(alice, "50.00", "2026-01-01", "Transport")
    spend(alice, "25.50", "2026-01-04")  # Sunday, same week; no category
    spend(alice, "200.00", "2026-01-05", "Food")  # Monday: a new week
    spend(alice, "24.50", "2026-01-31", "Transport")  # Saturday: week of 2026-01-26
    spend(alice, "999.00", "2026-02-01", "Food")  # the day after the range
    spend(alice, "500.00", "2026-01-10", "Food", currency="USD")
    spend(bob, "777.00", "2026-01-10", "Food")


def test_summary_matches_hand_computed_figures(alice_client, january):
    body = get_ok(alice_client, SUMMARY, {"start": "2026-01-01", "end": "2026-01-31"})

    assert body["currency"] == "INR"
    assert body["start"] == "2026-01-01"
    assert body["end"] == "2026-01-31"
    assert body["total"] == "400.00"
    assert body["count"] == 5
    assert body["by_category"] == [
        {
            "category": category("Food").id,
            "category_name": "Food",
            "total": "300.00",
            "count": 2,
            "percent": 75.0,
        },
        {
            "category": category("Transport").id,
            "category_name": "Transport",
            "total": "74.50",
            "count": 2,
            "percent": 18.63,  # 18.625 rounds half up
        },
        {"category": None, "category_name": None, "total": "25.50", "count": 1, "percent": 6.38},
    ]
    # 31 days: 400/31 = 12.903..., 400*7/31 = 90.322..., 400*30.4375/31 = 392.741...
    assert body["averages"] == {"per_day": "12.90", "per_week": "90.32", "per_month": "392.74"}
    assert body["totals"] == {
        "daily": [
            {"period": "2026-01-01", "total": "150.00"},
            {"period": "2026-01-04", "total": "25.50"},
            {"period": "2026-01-05", "total": "200.00"},
            {"period": "2026-01-31", "total": "24.50"},
        ],
        "weekly": [
            {"period": "2025-12-29", "total": "175.50"},
            {"period": "2026-01-05", "total": "200.00"},
            {"period": "2026-01-26", "total": "24.50"},
        ],
        "monthly": [{"period": "2026-01-01", "total": "400.00"}],
        "yearly": [{"period": "2026-01-01", "total": "400.00"}],
    }


def test_summary_periods_across_a_year_boundary(alice_client, alice):
    spend(alice, "10.00", "2025-11-20")  # Thursday: week of 2025-11-17
    spend(alice, "20.00", "2025-12-31")  # Wednesday: week of 2025-12-29
    spend(alice, "30.00", "2026-01-01")  # Thursday: the same week
    spend(alice, "40.00", "2026-02-10")  # Tuesday: week of 2026-02-09

    body = get_ok(alice_client, SUMMARY, {"start": "2025-11-15", "end": "2026-02-10"})

    assert body["total"] == "100.00"
    assert body["count"] == 4
    assert body["by_category"] == [
        {"category": None, "category_name": None, "total": "100.00", "count": 4, "percent": 100.0}
    ]
    # 16 + 31 + 31 + 10 = 88 days: 100/88 = 1.136..., 700/88 = 7.954..., 3043.75/88 = 34.588...
    assert body["averages"] == {"per_day": "1.14", "per_week": "7.95", "per_month": "34.59"}
    assert body["totals"]["weekly"] == [
        {"period": "2025-11-17", "total": "10.00"},
        {"period": "2025-12-29", "total": "50.00"},
        {"period": "2026-02-09", "total": "40.00"},
    ]
    assert body["totals"]["monthly"] == [
        {"period": "2025-11-01", "total": "10.00"},
        {"period": "2025-12-01", "total": "20.00"},
        {"period": "2026-01-01", "total": "30.00"},
        {"period": "2026-02-01", "total": "40.00"},
    ]
    assert body["totals"]["yearly"] == [
        {"period": "2025-01-01", "total": "30.00"},
        {"period": "2026-01-01", "total": "70.00"},
    ]


def test_summary_averages_round_half_up(alice_client, alice):
    spend(alice, "0.05", "2026-03-01")
    body = get_ok(alice_client, SUMMARY, {"start": "2026-03-01", "end": "2026-03-02"})
    # 0.05 / 2 = 0.025, 0.35 / 2 = 0.175, 1.521875 / 2 = 0.7609375
    assert body["averages"] == {"per_day": "0.03", "per_week": "0.18", "per_month": "0.76"}


def test_summary_of_an_empty_range_is_zeros(alice_client, january):
    body = get_ok(alice_client, SUMMARY, {"start": "2026-03-01", "end": "2026-03-31"})
    assert body["total"] == "0.00"
    assert body["count"] == 0
    assert body["by_category"] == []
    assert body["averages"] == {"per_day": "0.00", "per_week": "0.00", "per_month": "0.00"}
    assert body["totals"] == {"daily": [], "weekly": [], "monthly": [], "yearly": []}


def test_summary_by_category_breaks_ties_by_name(alice_client, alice):
    groceries = CategoryFactory(owner=alice, name="groceries")
    spend(alice, "10.00", "2026-01-02", "Transport")
    spend(alice, "0.10", "2026-01-02")
    spend(alice, "0.20", "2026-01-02")
    spend(alice, "9.70", "2026-01-02")
    ExpenseFactory(owner=alice, amount=Decimal("10.00"), date=JAN_3, category=groceries)
    spend(alice, "10.00", "2026-01-03", "Food")
    spend(alice, "1.00", "2026-01-04", "Shopping")
    body = get_ok(alice_client, SUMMARY, {"start": "2026-01-01", "end": "2026-01-31"})
    assert [row["category_name"] for row in body["by_category"]] == [
        "Food",
        "groceries",
        "Transport",
        None,
        "Shopping",
    ]
    # 10 / 41 = 24.390..., 1 / 41 = 2.439...
    assert [row["percent"] for row in body["by_category"]] == [24.39, 24.39, 24.39, 24.39, 2.44]


def test_sums_are_not_capped_at_one_amounts_maximum(alice_client, alice):
    spend(alice, "999999999.99", "2026-01-01")
    spend(alice, "999999999.99", "2026-01-02")
    body = get_ok(alice_client, SUMMARY, {"start": "2026-01-01", "end": "2026-01-02"})
    assert body["total"] == "1999999999.98"
    assert body["averages"]["per_day"] == "999999999.99"


def test_currencies_are_never_summed_together(alice_client, january):
    body = get_ok(
        alice_client, SUMMARY, {"start": "2026-01-01", "end": "2026-01-31", "currency": "usd"}
    )
    assert body["currency"] == "USD"
    assert body["total"] == "500.00"
    assert body["count"] == 1
    assert body["by_category"][0]["total"] == "500.00"
    assert body["totals"]["daily"] == [{"period": "2026-01-10", "total": "500.00"}]

    series = get_ok(
        alice_client,
        TIMESERIES,
        {"start": "2026-01-01", "end": "2026-01-31", "bucket": "monthly", "currency": "USD"},
    )
    assert series == [{"period": "2026-01-01", "total": "500.00", "count": 1}]


def test_reports_default_to_the_users_currency(api_client_for, make_user):
    carol = make_user("carol", default_currency="USD")
    spend(carol, "5.00", "2026-01-02", currency="USD")
    spend(carol, "7.00", "2026-01-02", currency="INR")
    client = api_client_for(carol)

    body = get_ok(client, SUMMARY, {"start": "2026-01-01", "end": "2026-01-31"})
    assert (body["currency"], body["total"], body["count"]) == ("USD", "5.00", 1)
    trends = get_ok(client, TRENDS, {"month": "2026-01"})
    assert (trends["currency"], trends["current_total"]) == ("USD", "5.00")
    series = get_ok(client, TIMESERIES, {"start": "2026-01-02", "end": "2026-01-02"})
    assert series == [{"period": "2026-01-02", "total": "5.00", "count": 1}]


def test_bob_never_sees_alices_figures(bob_client, alice_client, january):
    params = {"start": "2026-01-01", "end": "2026-01-31"}
    bob = get_ok(bob_client, SUMMARY, params)
    assert (bob["total"], bob["count"]) == ("777.00", 1)
    assert [row["total"] for row in bob["by_category"]] == ["777.00"]

    trends = get_ok(bob_client, TRENDS, {"month": "2026-02"})
    assert (trends["current_total"], trends["previous_total"]) == ("0.00", "777.00")

    series = get_ok(bob_client, TIMESERIES, {**params, "bucket": "monthly"})
    assert series == [{"period": "2026-01-01", "total": "777.00", "count": 1}]
    assert get_ok(alice_client, SUMMARY, params)["total"] == "400.00"


@pytest.mark.parametrize("url", [SUMMARY, TRENDS, TIMESERIES])
def test_reports_need_credentials(api_client, url):
    response = api_client.get(url, {"start": "2026-01-01", "end": "2026-01-31"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.fixture
def trend_months(alice) -> None:
    spend(alice, "999.00", "2025-12-31", "Food")  # before the previous month
    spend(alice, "100.00", "2026-01-01", "Food")
    spend(alice, "50.00", "2026-01-31", "Transport")
    spend(alice, "30.00", "2026-01-15")
    spend(alice, "150.00", "2026-02-01", "Food")
    spend(alice, "20.00", "2026-02-28", "Shopping")
    spend(alice, "30.00", "2026-02-10")
    spend(alice, "999.00", "2026-03-01", "Food")  # after the month
    spend(alice, "999.00", "2026-02-10", "Food", currency="USD")


@pytest.mark.parametrize("month", ["2026-02", "2026-02-01"])
def test_trends_compare_a_month_with_the_one_before(alice_client, trend_months, month):
    body = get_ok(alice_client, TRENDS, {"month": month})

    assert body["currency"] == "INR"
    assert body["month"] == "2026-02-01"
    assert body["previous_month"] == "2026-01-01"
    assert body["current_total"] == "200.00"
    assert body["previous_total"] == "180.00"
    assert body["delta"] == "20.00"
    assert body["percent_change"] == 11.11  # 20 / 180
    assert body["by_category"] == [
        {
            "category": category("Food").id,
            "category_name": "Food",
            "current_total": "150.00",
            "previous_total": "100.00",
            "delta": "50.00",
            "percent_change": 50.0,
        },
        {
            "category": None,
            "category_name": None,
            "current_total": "30.00",
            "previous_total": "30.00",
            "delta": "0.00",
            "percent_change": 0.0,
        },
        {
            "category": category("Shopping").id,
            "category_name": "Shopping",
            "current_total": "20.00",
            "previous_total": "0.00",
            "delta": "20.00",
            "percent_change": None,
        },
        {
            "category": category("Transport").id,
            "category_name": "Transport",
            "current_total": "0.00",
            "previous_total": "50.00",
            "delta": "-50.00",
            "percent_change": -100.0,
        },
    ]


def test_trends_of_a_january_look_back_to_december(alice_client, alice):
    spend(alice, "80.00", "2025-12-31")
    spend(alice, "20.00", "2026-01-01")
    body = get_ok(alice_client, TRENDS, {"month": "2026-01"})
    assert body["previous_month"] == "2025-12-01"
    assert (body["current_total"], body["previous_total"]) == ("20.00", "80.00")
    assert (body["delta"], body["percent_change"]) == ("-60.00", -75.0)


def test_trends_without_spending_have_no_percent_change(alice_client, trend_months):
    body = get_ok(alice_client, TRENDS, {"month": "2027-06"})
    assert body["current_total"] == "0.00"
    assert body["previous_total"] == "0.00"
    assert body["delta"] == "0.00"
    assert body["percent_change"] is None
    assert body["by_category"] == []


def test_trends_after_an_empty_month_have_no_percent_change(alice_client, trend_months):
    body = get_ok(alice_client, TRENDS, {"month": "2025-12"})
    assert (body["current_total"], body["previous_total"]) == ("999.00", "0.00")
    assert body["percent_change"] is None


def test_trends_default_to_the_current_month(api_client_for, alice, trend_months):
    with time_machine.travel(datetime.datetime(2026, 2, 14, 12, tzinfo=datetime.UTC), tick=False):
        body = get_ok(api_client_for(alice), TRENDS, {})
    assert body["month"] == "2026-02-01"
    assert body["current_total"] == "200.00"


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (SUMMARY, {"start": "2026-13-01", "end": "2026-01-31"}, "start"),
        (SUMMARY, {"start": "yesterday", "end": "2026-01-31"}, "start"),
        (SUMMARY, {"start": "2026-01-01", "end": "2026-02-30"}, "end"),
        (SUMMARY, {"end": "2026-01-31"}, "start"),
        (SUMMARY, {"start": "2026-01-01"}, "end"),
        (SUMMARY, {"start": "2026-01-31", "end": "2026-01-01"}, "end"),
        (SUMMARY, {"start": "2016-01-01", "end": "2026-01-02"}, "end"),
        (SUMMARY, {"start": "2026-01-01", "end": "2026-01-31", "currency": "EURO"}, "currency"),
        (SUMMARY, {"start": "2026-01-01", "end": "2026-01-31", "currency": "XYZ"}, "currency"),
        (TIMESERIES, {"start": "2026-01-01", "end": "2026-01-31", "bucket": "hourly"}, "bucket"),
        (TIMESERIES, {"start": "nope", "end": "2026-01-31"}, "start"),
        (TIMESERIES, {"end": "2026-01-31"}, "start"),
        (TIMESERIES, {"start": "2026-01-01"}, "end"),
        (TIMESERIES, {"start": "2026-02-01", "end": "2026-01-31"}, "end"),
        (TIMESERIES, {"start": "2000-01-01", "end": "2026-01-01"}, "end"),
        (TRENDS, {"month": "2026-01-15"}, "month"),
        (TRENDS, {"month": "2026-13"}, "month"),
        (TRENDS, {"month": "January"}, "month"),
        (TRENDS, {"month": "0001-01"}, "month"),
        (TRENDS, {"month": "2026-01", "currency": "12"}, "currency"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(alice_client, url, params, field):
    response = alice_client.get(url, params)
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]


def test_a_range_of_exactly_ten_years_is_allowed(alice_client):
    # 2016-01-01 to 2026-01-01 is 3653 days (three leap days)
    for url in (SUMMARY, TIMESERIES):
        assert (
            alice_client.get(url, {"start": "2016-01-01", "end": "2026-01-01"}).status_code == 200
        )


@pytest.mark.parametrize("bucket", ["daily", "weekly", "monthly"])
def test_the_last_representable_dates_do_not_break_reports(alice_client, alice, bucket):
    spend(alice, "1.00", "9999-12-31")
    series = get_ok(
        alice_client, TIMESERIES, {"start": "9999-12-01", "end": "9999-12-31", "bucket": bucket}
    )
    assert series[-1]["total"] == "1.00"
    assert get_ok(alice_client, TRENDS, {"month": "9999-12"})["current_total"] == "1.00"
    summary = get_ok(alice_client, SUMMARY, {"start": "0001-01-01", "end": "0001-01-01"})
    assert summary["total"] == "0.00"


def test_report_sums_are_exact_to_the_cent(alice):
    # 50 amounts from 1234567.89 to 1234568.38: 50 * 1234567.89 + (0 + ... + 49) / 100
    for i in range(50):
        spend(alice, str(Decimal("1234567.89") + Decimal(i) / 100), "2026-01-01", "Food")
    summary = report_summary(
        owner=alice,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 1, 1),
        currency="INR",
    )
    assert str(summary.total) == "61728406.75"
    assert str(summary.by_category[0].total) == "61728406.75"
    assert str(summary.totals.weekly[0].total) == "61728406.75"
    assert str(summary.averages.per_week) == "432098847.25"
