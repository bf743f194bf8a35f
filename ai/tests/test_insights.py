"""GET /api/v1/ai/insights/: anomalies, forecast, subscriptions and tips of a month."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from budgets.models import Budget
from budgets.tests.factories import BudgetFactory
from categories.models import Category
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/ai/insights/"


def system(name: str) -> Category:
    return Category.objects.get(owner=None, name=name)


@pytest.fixture
def ask(api_client_for):
    """`ask(user, day, **params)`: the user's insights asked at noon of `day` ("today"), with
    a token issued then."""

    def ask(user, day: str, **params) -> dict:
        moment = datetime.datetime.fromisoformat(f"{day}T12:00:00+00:00")
        with time_machine.travel(moment, tick=False):
            response = api_client_for(user).get(URL, params)
        assert response.status_code == 200, response.content
        return response.json()

    return ask


def add(owner, day: str, amount: str, *, category: str | None = None, **fields):
    return ExpenseFactory(
        owner=owner,
        date=datetime.date.fromisoformat(day),
        amount=Decimal(amount),
        category=system(category) if category else None,
        **fields,
    )


def monthly(owner, *, day: int, months: list[str], amount: str, **fields) -> list:
    return [add(owner, f"{month}-{day:02d}", amount, **fields) for month in months]


# --- anomalies -------------------------------------------------------------------------------


def test_an_outlier_is_flagged_in_a_users_first_month(ask, alice):
    for day, amount in [(2, "1200"), (5, "1500"), (9, "1800"), (12, "2000"), (20, "2500")]:
        add(alice, f"2026-03-{day:02d}", amount, category="Shopping", merchant=f"Shop {day}")
    add(alice, "2026-03-25", "2200", category="Shopping", merchant="Shop 25")
    big = add(alice, "2026-03-18", "12400", category="Shopping", merchant="Electronics")

    body = ask(alice, "2026-04-02", month="2026-03")

    assert body["month"] == "2026-03-01"
    assert body["currency"] == "INR"
    [anomaly] = body["anomalies"]
    assert anomaly["kind"] == "large_expense"
    assert anomaly["expense_id"] == big.id
    assert anomaly["date"] == "2026-03-18"
    assert anomaly["amount"] == "12400.00"
    assert anomaly["category"] == system("Shopping").id
    assert anomaly["category_name"] == "Shopping"
    # the others' median is (1800 + 2000) / 2 = 1900; 12400 / 1900 = 6.5
    assert anomaly["reason"] == (
        "12400.00 INR is 6.5 times the usual 1900.00 INR for Shopping (median of 6 other expenses)."
    )


def test_a_month_of_ordinary_groceries_has_no_anomalies(ask, alice):
    amounts = [
        "420", "185", "960", "310", "1450", "275", "640", "880", "199", "530",
        "1210", "360", "745", "450", "990", "230", "615", "1320", "505", "390",
    ]  # fmt: skip
    for month in ["2026-02", "2026-03"]:
        for index, amount in enumerate(amounts):
            add(
                alice,
                f"{month}-{index + 1:02d}",
                amount,
                category="Food",
                merchant=["BigBasket", "Zepto", "Local market", "DMart"][index % 4],
            )

    body = ask(alice, "2026-04-02", month="2026-03")

    assert body["anomalies"] == []


def test_too_few_other_expenses_are_not_judged(ask, alice):
    for day, amount in [(2, "100"), (5, "120"), (9, "110")]:
        add(alice, f"2026-03-{day:02d}", amount, category="Shopping")
    add(alice, "2026-03-18", "5000", category="Shopping")

    assert ask(alice, "2026-04-02", month="2026-03")["anomalies"] == []


def test_a_charge_made_twice_is_flagged_once_naming_the_first(ask, alice):
    add(alice, "2026-03-10", "349", category="Food", merchant="Swiggy", description="Dinner")
    twice = add(alice, "2026-03-12", "349", category="Food", merchant=" SWIGGY ", description="x")
    add(alice, "2026-03-20", "349", category="Food", merchant="Swiggy", description="Lunch")
    add(alice, "2026-03-12", "350", category="Food", merchant="Swiggy", description="Other")
    add(alice, "2026-03-11", "349", category="Food", description="Dinner with friends")

    body = ask(alice, "2026-04-02", month="2026-03")

    [duplicate] = body["anomalies"]
    assert duplicate["kind"] == "duplicate"
    assert duplicate["expense_id"] == twice.id
    assert duplicate["amount"] == "349.00"
    assert "2026-03-10" in duplicate["reason"]


def test_a_duplicate_without_merchant_compares_descriptions(ask, alice):
    add(alice, "2026-03-10", "80", description="Auto  rickshaw")
    twice = add(alice, "2026-03-10", "80", description="auto rickshaw")

    [duplicate] = ask(alice, "2026-04-02", month="2026-03")["anomalies"]

    assert (duplicate["kind"], duplicate["expense_id"]) == ("duplicate", twice.id)


def test_a_category_spike_is_flagged_with_the_months_total(ask, alice):
    for month in ["2026-01", "2026-02", "2026-03", "2026-04"]:
        add(alice, f"{month}-03", "10000", category="Housing", description="Rent")
        add(alice, f"{month}-10", "900", category="Entertainment", description="Movies")
        add(alice, f"{month}-20", "1100", category="Entertainment", description="Concert")
    for day in [3, 8, 14, 19, 26]:
        add(alice, f"2026-05-{day:02d}", "1000", category="Entertainment", description="Show")
    add(alice, "2026-05-03", "10000", category="Housing", description="Rent")

    body = ask(alice, "2026-06-02", month="2026-05")

    [spike] = body["anomalies"]
    assert spike["kind"] == "category_spike"
    assert spike["expense_id"] is None
    assert spike["date"] == "2026-05-01"
    assert spike["amount"] == "5000.00"
    assert spike["category_name"] == "Entertainment"
    assert "2.5 times the usual 2000.00 INR" in spike["reason"]
    assert "previous 4 months" in spike["reason"]


def test_no_spike_without_three_months_of_history(ask, alice):
    for month in ["2026-03", "2026-04"]:
        add(alice, f"{month}-10", "900", category="Entertainment", description="Movies")
    for day in [3, 8, 14, 19, 26]:
        add(alice, f"2026-05-{day:02d}", "1000", category="Entertainment", description="Show")

    assert ask(alice, "2026-06-02", month="2026-05")["anomalies"] == []


# --- subscriptions ---------------------------------------------------------------------------

MONTHS_2026 = [f"2026-{month:02d}" for month in range(1, 7)]


def test_a_monthly_bill_is_found_with_its_next_date(ask, alice):
    monthly(
        alice, day=5, months=MONTHS_2026, amount="649", category="Entertainment",
        merchant="Netflix",
    )  # fmt: skip

    body = ask(alice, "2026-06-20", month="2026-06")

    assert body["subscriptions"] == [
        {
            "merchant": "Netflix",
            "category": system("Entertainment").id,
            "category_name": "Entertainment",
            "period": "monthly",
            "usual_amount": "649.00",
            "currency": "INR",
            "last_date": "2026-06-05",
            "next_expected": "2026-07-05",
            "price_change": None,
        }
    ]
    assert body["anomalies"] == []


def test_a_yearly_bill_is_found_from_two_charges(ask, alice):
    add(alice, "2025-03-10", "18000", category="Other", merchant="ACKO Car Insurance")
    add(alice, "2026-03-12", "18500", category="Other", merchant="Acko car insurance")

    [subscription] = ask(alice, "2026-06-20", month="2026-06")["subscriptions"]

    assert subscription["period"] == "yearly"
    assert subscription["merchant"] == "Acko car insurance"
    assert subscription["usual_amount"] == "18250.00"
    assert subscription["last_date"] == "2026-03-12"
    assert subscription["next_expected"] == "2027-03-12"
    assert subscription["price_change"] == "250.00"


def test_irregular_or_lapsed_payments_are_not_subscriptions(ask, alice):
    for day in ["2026-01-03", "2026-01-19", "2026-02-02", "2026-03-25", "2026-05-11"]:
        add(alice, day, "300", category="Food", merchant="Cafe")  # irregular
    monthly(alice, day=8, months=MONTHS_2026[:3], amount="199", merchant="Old gym")  # lapsed
    monthly(alice, day=9, months=MONTHS_2026, amount="100", merchant=f"Shop")  # noqa: F541
    add(alice, "2026-03-09", "2500", merchant="Shop")  # a different amount at the same shop

    body = ask(alice, "2026-06-20", month="2026-06")

    assert [(s["merchant"], s["period"]) for s in body["subscriptions"]] == [("Shop", "monthly")]


def test_a_weekly_and_a_quarterly_charge(ask, alice):
    start = datetime.date(2026, 5, 2)
    for week in range(6):
        add(alice, (start + datetime.timedelta(weeks=week)).isoformat(), "450", merchant="Maid")
    for day in ["2025-09-15", "2025-12-15", "2026-03-16"]:
        add(alice, day, "1200", merchant="Water purifier service")

    body = ask(alice, "2026-06-10", month="2026-06")

    found = {s["merchant"]: (s["period"], s["next_expected"]) for s in body["subscriptions"]}
    assert found == {
        "Maid": ("weekly", "2026-06-13"),
        "Water purifier service": ("quarterly", "2026-06-16"),
    }


def test_a_price_rise_shows_its_change_and_a_tip(ask, alice):
    monthly(
        alice, day=12, months=MONTHS_2026[:5], amount="119", category="Entertainment",
        merchant="Spotify",
    )  # fmt: skip
    add(alice, "2026-06-12", "139", category="Entertainment", merchant="Spotify")

    body = ask(alice, "2026-06-20", month="2026-06")

    [subscription] = body["subscriptions"]
    assert subscription["usual_amount"] == "119.00"
    assert subscription["last_date"] == "2026-06-12"
    assert subscription["price_change"] == "20.00"
    rise = next(tip for tip in body["tips"] if "price_change" in tip["figures"])
    assert rise["figures"] == {
        "latest_amount": "139.00",
        "usual_amount": "119.00",
        "price_change": "20.00",
        "last_date": "2026-06-12",
    }
    assert rise["text"].startswith("Spotify now charges 139.00 INR, 20.00 INR more")
    [total] = [tip for tip in body["tips"] if "monthly_total" in tip["figures"]]
    assert total["figures"] == {"count": "1", "monthly_total": "139.00"}


# --- forecast --------------------------------------------------------------------------------


def forecast_history(owner) -> None:
    """900 of Food in each of Jan-Mar (90 days: 30.00 a day) and a 999 internet bill on the
    25th of each month."""
    for month in ["2026-01", "2026-02", "2026-03"]:
        add(owner, f"{month}-15", "900", category="Food")
    monthly(
        owner, day=25, months=["2026-01", "2026-02", "2026-03"], amount="999",
        category="Utilities", merchant="Airtel Fiber",
    )  # fmt: skip
    add(owner, "2026-04-05", "250", category="Food", merchant="Groceries")


def test_the_forecast_of_a_running_month(ask, alice):
    forecast_history(alice)

    forecast = ask(alice, "2026-04-10")["forecast"]

    assert forecast == {
        # Food: 250 spent + 30.00 a day x 20 days; Utilities: the bill due on the 25th
        "predicted_total": "1849.00",
        "predicted_by_category": [
            {
                "category": system("Utilities").id,
                "category_name": "Utilities",
                "spent_to_date": "0.00",
                "predicted_total": "999.00",
            },
            {
                "category": system("Food").id,
                "category_name": "Food",
                "spent_to_date": "250.00",
                "predicted_total": "850.00",
            },
        ],
        "method": (
            "month-to-date + usual daily rate (average of the previous 3 months, recurring "
            "bills left out) times days left + expected recurring bills"
        ),
        "spent_to_date": "250.00",
        "daily_rate": "30.00",
        "days_left": 20,
        "expected_recurring": "999.00",
    }


def test_a_bill_already_paid_this_month_is_not_expected_again(ask, alice):
    forecast_history(alice)
    add(alice, "2026-04-25", "999", category="Utilities", merchant="Airtel Fiber")

    forecast = ask(alice, "2026-04-26", month="2026-04")["forecast"]

    assert forecast["expected_recurring"] == "0.00"
    assert forecast["days_left"] == 4
    assert forecast["predicted_total"] == "1369.00"  # 250 + 999 + 30.00 x 4


def test_a_past_month_is_predicted_as_spent(ask, alice):
    forecast_history(alice)

    forecast = ask(alice, "2026-04-10", month="2026-03")["forecast"]

    assert forecast["predicted_total"] == "1899.00"
    assert forecast["method"] == "actual spending: the month is over"
    assert forecast["days_left"] == 0
    assert [row["predicted_total"] for row in forecast["predicted_by_category"]] == [
        "999.00",
        "900.00",
    ]


def test_a_first_month_uses_its_own_pace(ask, alice):
    add(alice, "2026-04-02", "300", category="Food")
    add(alice, "2026-04-04", "200", category="Food")

    forecast = ask(alice, "2026-04-10")["forecast"]

    assert forecast["daily_rate"] == "50.00"  # 500 over 10 days
    assert forecast["predicted_total"] == "1500.00"
    assert "this month's daily rate so far" in forecast["method"]


# --- tips ------------------------------------------------------------------------------------


def test_tips_name_their_figures(ask, alice):
    forecast_history(alice)
    for month, amount in [("2025-12", "100"), ("2026-01", "150"), ("2026-02", "220")]:
        add(alice, f"{month}-07", amount, category="Transport", description="Cab")
    add(alice, "2026-03-07", "300", category="Transport", description="Cab")
    add(alice, "2026-04-06", "1200", category="Shopping", description="Shoes")
    BudgetFactory(owner=alice, month=datetime.date(2026, 4, 1), amount=Decimal("1500"))
    BudgetFactory(
        owner=alice,
        month=datetime.date(2026, 4, 1),
        scope=Budget.Scope.CATEGORY,
        category=system("Food"),
        amount=Decimal("400"),
    )

    tips = ask(alice, "2026-04-10")["tips"]

    for tip in tips:
        assert tip["figures"]
        for value in tip["figures"].values():
            assert value in tip["text"]
    by_kind = {tuple(sorted(tip["figures"])): tip for tip in tips}
    warn = by_kind[("available", "percent_used", "remaining", "spent")]
    assert warn["figures"] == {
        "percent_used": "96.67",
        "spent": "1450.00",
        "available": "1500.00",
        "remaining": "50.00",
    }
    assert "overall budget" in warn["text"]
    at_risk = by_kind[("available", "predicted", "spent")]
    assert at_risk["figures"] == {"predicted": "850.00", "available": "400.00", "spent": "250.00"}
    assert "Food budget" in at_risk["text"]
    trend = by_kind[("2025-12", "2026-01", "2026-02", "2026-03")]
    assert trend["text"].startswith("Transport spending rose three months in a row")
    assert trend["figures"]["2026-03"] == "300.00"
    assert by_kind[("count", "monthly_total")]["figures"] == {
        "count": "1",
        "monthly_total": "999.00",
    }


def test_an_exceeded_budget_is_a_tip(ask, alice):
    add(alice, "2026-03-03", "700", category="Food")
    BudgetFactory(owner=alice, month=datetime.date(2026, 3, 1), amount=Decimal("500"))

    [tip] = ask(alice, "2026-04-10", month="2026-03")["tips"]

    assert tip["figures"] == {"spent": "700.00", "available": "500.00", "over": "200.00"}
    assert tip["text"] == (
        "Your overall budget is exceeded: 700.00 INR spent of 500.00 INR, 200.00 INR over."
    )


# --- currency, owners, errors ----------------------------------------------------------------


def test_one_currency_at_a_time(ask, alice):
    forecast_history(alice)
    add(alice, "2026-04-03", "40", category="Food", currency="USD")

    inr = ask(alice, "2026-04-10")
    usd = ask(alice, "2026-04-10", currency="usd")

    assert inr["forecast"]["spent_to_date"] == "250.00"
    assert usd["currency"] == "USD"
    assert usd["forecast"]["spent_to_date"] == "40.00"
    assert usd["subscriptions"] == []


def test_bob_never_sees_alices_rows(ask, alice, bob):
    forecast_history(alice)
    add(alice, "2026-04-06", "250", category="Food", merchant="Groceries")  # a duplicate
    BudgetFactory(owner=alice, month=datetime.date(2026, 4, 1), amount=Decimal("100"))
    add(bob, "2026-04-06", "250", category="Food", merchant="Groceries")

    alices = ask(alice, "2026-04-10")
    bobs = ask(bob, "2026-04-10")

    assert alices["anomalies"] and alices["subscriptions"] and alices["tips"]
    assert bobs["anomalies"] == []
    assert bobs["subscriptions"] == []
    assert bobs["tips"] == []
    assert bobs["forecast"]["spent_to_date"] == "250.00"
    assert bobs["provider"] == "local"


def test_ai_disabled_answers_503(alice_client, settings):
    settings.AI_ENABLED = False

    response = alice_client.get(URL)

    assert response.status_code == 503
    assert response.json()["code"] == "ai_disabled"


@pytest.mark.parametrize("month", ["2026-13", "2026-03-15", "March", "2026-3"])
def test_a_bad_month_is_a_400_naming_month(alice_client, month):
    response = alice_client.get(URL, {"month": month})

    assert response.status_code == 400
    assert list(response.json()) == ["month"]


def test_a_bad_currency_is_a_400_naming_currency(alice_client):
    response = alice_client.get(URL, {"currency": "ZZZ"})

    assert response.status_code == 400
    assert list(response.json()) == ["currency"]


def test_insights_need_credentials(api_client):
    assert api_client.get(URL).status_code == 401


def test_the_month_defaults_to_the_current_one(ask, alice):
    body = ask(alice, "2026-02-14")

    assert body["month"] == "2026-02-01"
    assert body["provider"] == "local"
    assert body["forecast"]["days_left"] == 14


def test_bills_at_the_end_of_the_calendar_do_not_break_the_answer(ask, alice):
    monthly(alice, day=5, months=["9999-10", "9999-11", "9999-12"], amount="10", merchant="Far")

    body = ask(alice, "2026-04-10", month="9999-12")

    assert body["subscriptions"][0]["next_expected"] == "9999-12-31"
