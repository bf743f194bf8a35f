"""Recurring expenses in headless Chromium: a monthly rent starting on the 1st of this month
becomes this month's expense exactly once however often the app reads the data, and the
dashboard's upcoming bills show next month's; "Repeat monthly" on an expense opens the form
filled from it."""

import datetime
import os
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = os.environ.get("SCHEDULE_SCREENSHOTS")  # a folder: save screenshots there to look at


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def next_month_first(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def test_a_monthly_rent_becomes_this_months_expense_once(page, make_user, sign_in):
    from expenses.models import Expense
    from schedules.models import Occurrence, Schedule

    alice = make_user("alice")
    first = timezone.localdate().replace(day=1)
    sign_in("alice", PASSWORD)

    page.get_by_role("link", name="Recurring", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recurring expenses")
    page.get_by_role("button", name="New recurring expense").click()
    form = page.get_by_role("form", name="New recurring expense")
    form.get_by_label("Description").fill("Rent")
    form.get_by_label("Amount").fill("1500")
    form.get_by_label("Category").select_option(label="Housing")
    expect(form.get_by_label("Repeats")).to_have_value("monthly")
    form.get_by_label("Starts on").fill(first.isoformat())
    shot(page, "form")
    form.get_by_role("button", name="Create recurring expense").click()

    expect(page.get_by_role("status")).to_have_text(
        "Saved “Rent”. 1 past date was added to your expenses."
    )
    schedule = Schedule.objects.get(owner=alice)
    row = page.locator(f'[data-schedule-id="{schedule.id}"]')
    expect(row).to_contain_text("Monthly on the 1st")
    expect(row.locator("[data-next]")).to_contain_text("Next")
    shot(page, "list")

    page.get_by_role("link", name="Expenses", exact=True).click()
    expect(page.get_by_role("link", name="Rent")).to_have_count(1)
    for _ in range(2):
        page.reload()
        expect(page.get_by_role("link", name="Rent")).to_have_count(1)
    page.get_by_role("link", name="Dashboard", exact=True).click()
    card = page.get_by_role("region", name="Upcoming bills")
    bill = card.locator("[data-upcoming]").filter(has_text="Rent")
    expect(bill).to_have_count(1)
    next_first = next_month_first(first)
    expect(bill).to_contain_text(f"{next_first:%b} {next_first.day}")
    expect(card).to_contain_text("1,500.00")
    shot(page, "dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "dashboard-phone")
    # On a phone the less used pages sit behind the header's "Menu" (issue 14).
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Recurring", exact=True).click()
    expect(page.locator(f'[data-schedule-id="{schedule.id}"]')).to_be_visible()
    shot(page, "list-phone")

    rents = Expense.objects.filter(owner=alice, description="Rent")
    assert [(e.date, e.amount, e.category.name) for e in rents] == [
        (first, Decimal("1500.00"), "Housing")
    ]
    assert Occurrence.objects.filter(schedule=schedule).count() == 1


def test_repeat_monthly_opens_the_form_filled_from_the_expense(page, make_user, sign_in):
    from categories.models import Category
    from expenses.services import expense_create
    from schedules.models import Schedule

    alice = make_user("alice")
    expense_create(
        owner=alice,
        amount=Decimal("649.00"),
        date=datetime.date(2026, 1, 31),
        description="Netflix",
        merchant="Netflix",
        category=Category.objects.get(owner=None, name="Entertainment"),
        tags=["streaming"],
    )
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Expenses", exact=True).click()
    page.get_by_role("link", name="Netflix").first.click()
    page.get_by_role("link", name="Repeat monthly").click()

    form = page.get_by_role("form", name="New recurring expense")
    expect(form.get_by_label("Description")).to_have_value("Netflix")
    expect(form.get_by_label("Amount")).to_have_value("649.00")
    expect(form.get_by_label("Repeats")).to_have_value("monthly")
    expect(form.get_by_label("Day of the month")).to_have_value("31")
    expect(form.get_by_label("Starts on")).to_have_value("2026-02-28")
    expect(form.get_by_label("Tags")).to_have_value("streaming")
    expect(form.get_by_label("Category")).to_have_value(
        str(Category.objects.get(owner=None, name="Entertainment").id)
    )
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "form-phone")
    form.get_by_label("Starts on").fill("2099-02-28")
    form.get_by_role("button", name="Create recurring expense").click()
    expect(page.get_by_role("status")).to_have_text("Saved “Netflix”.")
    schedule = Schedule.objects.get(owner=alice)
    assert (schedule.day_of_month, schedule.next_due, schedule.merchant) == (
        31,
        datetime.date(2099, 2, 28),
        "Netflix",
    )
    assert schedule.tags == ["streaming"]


def test_make_it_recurring_opens_the_form_filled_from_a_subscription(page, make_user, sign_in):
    from categories.models import Category
    from expenses.services import expense_create

    alice = make_user("alice")
    entertainment = Category.objects.get(owner=None, name="Entertainment")
    this_month = timezone.localdate().replace(day=1)
    day = min(timezone.localdate().day, 28)  # the charge's day: due again about now
    months = [(this_month - datetime.timedelta(days=28 * n)).replace(day=1) for n in (3, 2, 1)]
    for month in months:  # three months in a row, before this one
        expense_create(
            owner=alice,
            amount=Decimal("649.00"),
            date=month.replace(day=day),
            description="Netflix",
            merchant="Netflix",
            category=entertainment,
        )
    sign_in("alice", PASSWORD)
    subscriptions = page.get_by_role("region", name="Subscriptions")
    subscriptions.get_by_role("link", name="Make it recurring").click()

    form = page.get_by_role("form", name="New recurring expense")
    expect(form.get_by_label("Description")).to_have_value("Netflix")
    expect(form.get_by_label("Merchant")).to_have_value("Netflix")
    expect(form.get_by_label("Amount")).to_have_value("649.00")
    expect(form.get_by_label("Repeats")).to_have_value("monthly")
    expect(form.get_by_label("Category")).to_have_value(str(entertainment.id))
    # The next charge expected: this month's, after last month's.
    expect(form.get_by_label("Starts on")).to_have_value(this_month.replace(day=day).isoformat())
