"""The month's forecast counts the scheduled recurring expenses still to come, once."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from ai.tests.test_insights import forecast_history, system
from schedules.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def forecast(api_client_for):
    def ask(user, day: str) -> dict:
        moment = datetime.datetime.fromisoformat(f"{day}T12:00:00+00:00")
        with time_machine.travel(moment, tick=False):
            response = api_client_for(user).get("/api/v1/ai/insights/")
        assert response.status_code == 200, response.content
        return response.json()["forecast"]

    return ask


def test_scheduled_bills_still_to_come_this_month_are_expected(alice, forecast):
    forecast_history(alice)  # Food at 30.00 a day, a detected 999 bill on the 25th
    housing = system("Housing")
    ScheduleFactory(
        owner=alice,
        description="Rent",
        amount=Decimal("1500.00"),
        currency=alice.default_currency,
        category=housing,
        start_date=D(2026, 4, 28),
    )
    ScheduleFactory(  # already created this month: spent, not expected
        owner=alice,
        description="Gym",
        amount=Decimal("40.00"),
        currency=alice.default_currency,
        start_date=D(2026, 4, 1),
    )
    ScheduleFactory(  # another currency: not in this forecast
        owner=alice, description="Cloud", currency="USD", start_date=D(2026, 4, 20)
    )
    ScheduleFactory(  # paused: nothing expected
        owner=alice, description="Paused", start_date=D(2026, 4, 20), paused=True
    )

    result = forecast(alice, "2026-04-10")

    # 999 (the detected bill) + 1500 (the rent on the 28th)
    assert result["expected_recurring"] == "2499.00"
    # 250 + 40 (the gym on 1 April, created on this read) + 30.00 x 20 + 999 + 1500
    assert result["predicted_total"] == "3389.00"
    rows = {row["category_name"]: row["predicted_total"] for row in result["predicted_by_category"]}
    assert rows["Housing"] == "1500.00"
    assert "scheduled recurring expenses" in result["method"]


def test_a_subscription_that_a_schedule_covers_counts_once(alice, forecast):
    forecast_history(alice)
    ScheduleFactory(
        owner=alice,
        description="Internet",
        merchant="Airtel  fiber",  # the detected payee, written differently
        amount=Decimal("1020.00"),  # within 5 % of 999
        currency=alice.default_currency,
        category=system("Utilities"),
        start_date=D(2026, 4, 25),
    )

    result = forecast(alice, "2026-04-10")

    assert result["expected_recurring"] == "1020.00"
    assert result["predicted_total"] == "1870.00"  # 250 + 30.00 x 20 + 1020


def test_a_schedule_of_another_amount_is_another_bill(alice, forecast):
    forecast_history(alice)
    ScheduleFactory(
        owner=alice,
        description="Airtel Fiber",
        amount=Decimal("200.00"),  # an add-on, not the same bill
        currency=alice.default_currency,
        start_date=D(2026, 4, 25),
    )

    assert forecast(alice, "2026-04-10")["expected_recurring"] == "1199.00"


def test_without_schedules_the_method_does_not_mention_them(alice, forecast):
    forecast_history(alice)
    assert "scheduled" not in forecast(alice, "2026-04-10")["method"]


def test_expenses_a_schedule_created_are_bills_not_daily_spending(alice, forecast):
    ScheduleFactory(
        owner=alice,
        description="Rent",
        amount=Decimal("1500.00"),
        currency=alice.default_currency,
        start_date=D(2026, 4, 1),
    )

    result = forecast(alice, "2026-04-10")  # this read creates April's rent

    # A first month: the pace so far leaves the rent out; May's rent is not in April.
    assert result["daily_rate"] == "0.00"
    assert result["predicted_total"] == "1500.00"
