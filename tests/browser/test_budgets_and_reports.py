"""Budgets, budget alerts, the dashboard's figures and the reports page, in headless Chromium."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _food():
    from categories.models import Category

    return Category.objects.get(owner=None, name="Food")


def _spend(owner, amount: str, *, category=None, date=None, description="Groceries"):
    from expenses.services import expense_create

    return expense_create(
        owner=owner,
        amount=Decimal(amount),
        date=date or timezone.localdate(),
        description=description,
        category=category,
    )


def _budget_item(page, name: str):
    return page.locator("li[data-budget-id]").filter(
        has=page.get_by_role("heading", name=name, exact=True)
    )


def test_alice_adds_a_budget_and_sees_it_fill_up_as_she_spends(page, make_user, sign_in):
    from budgets.models import Budget
    from budgets.services import budget_upsert

    alice = make_user("alice")
    food = _food()
    _spend(alice, "50.00", category=food)
    sign_in("alice", PASSWORD)

    page.get_by_role("link", name="Budgets", exact=True).click()
    expect(page.get_by_text("No budgets for")).to_be_visible()
    form = page.get_by_role("form", name="Add or change a budget")
    form.get_by_label("Category").select_option(label="Food")
    form.get_by_label("Amount").fill("200")
    form.get_by_label("Warn at (%)").fill("150")
    form.get_by_role("button", name="Save budget").click()

    threshold = form.get_by_label("Warn at (%)")
    expect(threshold).to_have_attribute("aria-invalid", "true")
    expect(threshold).to_have_accessible_description(re.compile("at most 100"))
    assert not Budget.objects.exists()

    threshold.fill("75")
    form.get_by_role("button", name="Save budget").click()

    expect(page.get_by_role("status")).to_have_text("Added the Food budget.")
    food_budget = _budget_item(page, "Food")
    expect(food_budget).to_contain_text("₹50.00 spent of ₹200.00")
    expect(food_budget).to_contain_text("On track")
    expect(food_budget.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "25")
    budget = Budget.objects.get(owner=alice)
    assert budget.month == timezone.localdate().replace(day=1)
    assert (budget.scope, budget.category, budget.amount) == ("category", food, Decimal("200"))
    assert float(budget.warn_threshold) == 0.75

    # Spending from elsewhere (another device, an import) shows on the next visit.
    _spend(alice, "110.00", category=food)
    budget_upsert(
        owner=alice,
        month=budget.month,
        scope="overall",
        category=None,
        amount=Decimal("100.00"),
    )
    page.reload()

    food_budget = _budget_item(page, "Food")
    expect(food_budget).to_contain_text("Near the limit")
    expect(food_budget).to_contain_text("₹160.00 spent of ₹200.00")
    expect(food_budget).to_contain_text("₹40.00 left")
    overall = _budget_item(page, "Overall")
    expect(overall).to_contain_text("Over budget")
    expect(overall).to_contain_text("₹60.00 over")
    expect(overall.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")

    overall.get_by_role("button", name="Edit the Overall budget").click()
    page.get_by_label("Amount (INR)").fill("400")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("status")).to_have_text("Updated the Overall budget.")
    expect(_budget_item(page, "Overall")).to_contain_text("On track")
    assert Budget.objects.get(owner=alice, scope="overall").amount == Decimal("400")


def test_an_expense_that_crosses_the_threshold_shows_a_budget_alert(page, make_user, sign_in):
    from budgets.services import budget_upsert

    alice = make_user("alice")
    food = _food()
    today = timezone.localdate()
    budget_upsert(
        owner=alice,
        month=today.replace(day=1),
        scope="category",
        category=food,
        amount=Decimal("100.00"),
    )
    _spend(alice, "70.00", category=food)
    sign_in("alice", PASSWORD)

    page.get_by_role("link", name="Add expense").click()
    page.get_by_label("Description").fill("Dinner")
    page.get_by_label("Amount").fill("15")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Category").select_option(label="Food")
    page.get_by_role("button", name="Add expense").click()

    expect(page.get_by_role("status")).to_have_text("Expense added.")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Food budget at 85%: ₹85.00 spent of ₹100.00.")

    # The dashboard sums the month on the server and repeats the alert.
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Food budget at 85%")
    expect(page.get_by_label(re.compile("totals$"))).to_contain_text("₹85.00")


def test_the_reports_page_shows_the_totals_and_charts_of_alices_spending(page, make_user, sign_in):
    from categories.models import Category

    alice = make_user("alice")
    today = timezone.localdate()
    # The first of last month: this month so far is compared with the same days of last month.
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    _spend(alice, "100.00", category=_food())
    _spend(alice, "40.00", category=_food(), date=last_month)
    _spend(
        alice,
        "60.50",
        category=Category.objects.get(owner=None, name="Transport"),
        date=last_month,
        description="Train",
    )
    sign_in("alice", PASSWORD)

    page.get_by_role("link", name="Reports", exact=True).click()

    summary = page.get_by_role("region", name="Summary")
    expect(summary).to_contain_text("Total spent₹200.50")
    expect(summary).to_contain_text("Expenses3")
    doughnut = page.get_by_role("img", name=re.compile("^Doughnut chart of spending by category"))
    expect(doughnut).to_have_accessible_name(re.compile(r"Food ₹140\.00 \(69\.8%\)"))
    bars = page.get_by_role("img", name=re.compile("^Bar chart of spending per month"))
    expect(bars).to_be_visible()
    for chart in (doughnut, bars):
        assert chart.evaluate("canvas => Boolean(window.Chart.getChart(canvas))")
    by_category = page.get_by_role("table", name="Spending by category in INR")
    expect(by_category.get_by_role("row").nth(1)).to_contain_text("Food₹140.00")
    trends = page.get_by_role("region", name="Month on month")
    expect(trends).to_contain_text("₹100.00")
    expect(trends.get_by_role("row").filter(has_text="Transport")).to_contain_text(
        "Down ₹60.50 (100%)"
    )

    page.get_by_label("Spending over time by").select_option(label="Week")
    page.get_by_role("button", name="Show report").click()
    expect(
        page.get_by_role("img", name=re.compile("^Bar chart of spending per week"))
    ).to_be_visible()
