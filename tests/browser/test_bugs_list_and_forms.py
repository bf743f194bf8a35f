"""Issue 14, bugs 1, 6, 7 and 9 in headless Chromium: the last page after a delete, From after
To, a stale success message next to a new error, and dates more than a year ahead."""

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


def _deletes_fail(page, collection: str) -> None:
    """Every DELETE of one of `collection`'s objects answers 500 "Boom." (a page-level error)."""
    page.route(
        re.compile(rf".*/api/.*{collection}/\d+/?$"),
        lambda route: (
            route.fulfill(status=500, content_type="application/json", body='{"detail": "Boom."}')
            if route.request.method == "DELETE"
            else route.fallback()
        ),
    )


def _expenses(owner, count):
    from expenses.services import expense_create

    for n in range(count):
        expense_create(
            owner=owner,
            amount=Decimal("10.00"),
            date=timezone.localdate() - timedelta(days=n),
            description=f"Expense {n:02d}",
        )


# Bug 1 ------------------------------------------------------------------------------------


def test_deleting_the_only_row_of_the_last_page_shows_the_new_last_page(page, make_user, sign_in):
    alice = make_user("alice")
    _expenses(alice, 21)  # 20 on page 1, the oldest alone on page 2
    sign_in("alice", PASSWORD)
    page.goto(page.url.split("#")[0] + "#/expenses?page=2")
    expect(page.get_by_text("Page 2 of 2 · 21 expenses")).to_be_visible()

    page.get_by_role("button", name="Delete Expense 20").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()

    expect(page.get_by_role("status")).to_have_text("Deleted “Expense 20”.")
    expect(page.get_by_text("Page 1 of 1 · 20 expenses")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Expense 00")).to_be_visible()
    expect(page.get_by_text("Invalid page.")).to_have_count(0)
    assert re.search(r"[?&]page=1(&|$)", page.url)


def test_a_page_past_the_end_shows_the_last_page(page, make_user, sign_in):
    alice = make_user("alice")
    _expenses(alice, 21)
    sign_in("alice", PASSWORD)

    page.goto(page.url.split("#")[0] + "#/expenses?page=999")

    expect(page.get_by_text("Page 2 of 2 · 21 expenses")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Expense 20")).to_be_visible()
    expect(page.get_by_role("link", name="Previous")).to_be_visible()
    expect(page.get_by_text("Invalid page.")).to_have_count(0)
    assert re.search(r"[?&]page=2(&|$)", page.url)


# Bug 6 ------------------------------------------------------------------------------------


def test_the_csv_export_flags_from_after_to_and_downloads_nothing(page, make_user, sign_in):
    alice = make_user("alice")
    _expenses(alice, 1)
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Import & export", exact=True).click()
    exports = []
    page.on(
        "request", lambda request: exports.append(request.url) if "export" in request.url else None
    )
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    form = page.get_by_role("form", name="Expenses as CSV")

    form.get_by_label("From").fill("2026-03-10")
    form.get_by_label("To").fill("2026-03-01")
    form.get_by_role("button", name="Download CSV").click()

    expect(form.get_by_text("To must be on or after From")).to_be_visible()
    expect(form.get_by_label("To")).to_have_attribute("aria-invalid", "true")
    page.wait_for_timeout(300)
    assert exports == [] and downloads == []

    # Put right, it downloads.
    form.get_by_label("To").fill("2026-03-10")
    with page.expect_download():
        form.get_by_role("button", name="Download CSV").click()
    expect(form.get_by_text("To must be on or after From")).to_be_hidden()


def test_the_expense_filter_flags_from_after_to_instead_of_matching_nothing(
    page, make_user, sign_in
):
    alice = make_user("alice")
    _expenses(alice, 2)
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Expenses", exact=True).click()
    expect(page.get_by_role("row").filter(has_text="Expense 00")).to_be_visible()
    lists = []
    page.on(
        "request",
        lambda request: lists.append(request.url) if "/expenses/?" in request.url else None,
    )
    filters = page.get_by_role("search", name="Filter expenses")

    filters.get_by_label("From").fill("2026-03-10")
    filters.get_by_label("To").fill("2026-03-01")
    filters.get_by_role("button", name="Apply filters").click()

    expect(filters.get_by_text("To must be on or after From")).to_be_visible()
    expect(filters.get_by_label("To")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("No expenses match")).to_have_count(0)
    page.wait_for_timeout(300)
    assert lists == []
    assert "start_date" not in page.url

    # A link with the dates the wrong way round is flagged the same way, with no request.
    page.goto(page.url.split("#")[0] + "#/expenses?start_date=2026-03-10&end_date=2026-03-01")
    filters = page.get_by_role("search", name="Filter expenses")
    expect(filters.get_by_text("To must be on or after From")).to_be_visible()
    expect(page.get_by_text("No expenses match")).to_have_count(0)
    page.wait_for_timeout(300)
    assert lists == []


# Bug 7 ------------------------------------------------------------------------------------


def test_a_new_error_clears_the_last_success_message_and_vice_versa(page, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Categories", exact=True).click()
    form = page.get_by_role("form", name="New category")

    form.get_by_label("Name").fill("Pets")
    form.get_by_role("button", name="Add category").click()
    expect(page.get_by_role("status")).to_have_text("Added “Pets”.")

    # An error: the success message goes.
    form.get_by_role("button", name="Add category").click()
    expect(form.locator("[data-error-for=name]")).to_be_visible()
    expect(page.get_by_text("Added “Pets”.")).to_be_hidden()

    # A page-level error (a failed delete), then a success: the error goes.
    _deletes_fail(page, "categories")
    page.get_by_role("button", name="Delete Pets").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_role("alert").filter(has_text="Boom.")).to_be_visible()
    form.get_by_label("Name").fill("Garden")
    form.get_by_role("button", name="Add category").click()
    expect(page.get_by_role("status")).to_have_text("Added “Garden”.")
    expect(page.get_by_text("Boom.")).to_be_hidden()


def test_on_the_budgets_page_a_new_outcome_replaces_the_last_message(page, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Budgets", exact=True).click()
    form = page.get_by_role("form", name="Add or change a budget")
    form.get_by_label("Category").select_option(label="Food")
    form.get_by_label("Amount").fill("200")
    form.get_by_role("button", name="Save budget").click()
    expect(page.get_by_role("status")).to_have_text("Added the Food budget.")

    # A field error: the success message goes.
    form.get_by_label("Warn at (%)").fill("150")
    form.get_by_role("button", name="Save budget").click()
    expect(form.get_by_label("Warn at (%)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Added the Food budget.")).to_be_hidden()

    # A page-level error (a failed delete), then a saved budget: the error goes.
    _deletes_fail(page, "budgets")
    page.get_by_role("button", name="Delete the Food budget").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_role("alert").filter(has_text="Boom.")).to_be_visible()
    form.get_by_label("Warn at (%)").fill("80")
    form.get_by_label("Amount").fill("250")
    form.get_by_role("button", name="Save budget").click()
    expect(page.get_by_role("status")).to_have_text("Updated the Food budget.")
    expect(page.get_by_text("Boom.")).to_be_hidden()


# Bug 9 ------------------------------------------------------------------------------------


def test_a_date_more_than_a_year_ahead_asks_before_saving(page, make_user, sign_in):
    from expenses.models import Expense

    alice = make_user("alice")
    sign_in("alice", PASSWORD)
    # A typo's year: a few years ahead of whenever this runs.
    year = timezone.localdate().year + 5
    far = f"{year}-01-15"
    page.get_by_role("link", name="Add expense").click()
    page.get_by_label("Description").fill("Far future")
    page.get_by_label("Amount").fill("5")
    page.get_by_label("Date", exact=True).fill(far)

    page.get_by_role("button", name="Add expense").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(
        f"This date is more than a year ahead (Jan 15, {year}). Save anyway?"
    )
    dialog.get_by_role("button", name="Cancel").click()

    # Cancelled: nothing saved, the form as it was.
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add expense")
    expect(page.get_by_label("Date", exact=True)).to_have_value(far)
    expect(page.get_by_label("Description")).to_have_value("Far future")
    assert not Expense.objects.filter(owner=alice).exists()

    page.get_by_role("button", name="Add expense").click()
    page.get_by_role("dialog").get_by_role("button", name="Save anyway").click()
    expect(page.get_by_role("status")).to_have_text("Expense added.")
    assert Expense.objects.get(owner=alice).date.isoformat() == far


def test_a_date_within_a_year_is_saved_without_asking(page, make_user, sign_in):
    from expenses.models import Expense

    alice = make_user("alice")
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Add expense").click()
    soon = (timezone.localdate() + timedelta(days=300)).isoformat()
    page.get_by_label("Description").fill("Next season")
    page.get_by_label("Amount").fill("5")
    page.get_by_label("Date", exact=True).fill(soon)

    page.get_by_role("button", name="Add expense").click()

    expect(page.get_by_role("status")).to_have_text("Expense added.")
    assert Expense.objects.get(owner=alice).date.isoformat() == soon


def test_on_the_rules_page_a_form_error_clears_the_last_success_message(page, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Rules", exact=True).click()
    page.get_by_role("button", name="New rule").click()
    form = page.get_by_role("form", name="New rule")
    form.get_by_label("Name").fill("Coffee")
    form.get_by_label("Condition 1: text").fill("coffee")
    form.get_by_label("Set category").select_option(label="Food")
    form.get_by_role("button", name="Save rule").click()
    expect(page.get_by_role("status")).to_have_text("Saved the rule “Coffee”.")

    page.get_by_role("button", name="New rule").click()
    form = page.get_by_role("form", name="New rule")
    form.get_by_role("button", name="Save rule").click()

    expect(
        form.locator("[data-error-for]:visible, [data-form-alert]:visible").first
    ).to_be_visible()
    expect(page.get_by_text("Saved the rule “Coffee”.")).to_be_hidden()
