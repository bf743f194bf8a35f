"""The browser app against the real API, in headless Chromium: what a user sees and does."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD

# Transactional, so the live server thread sees the test's rows; serialized_rollback brings
# back the system categories (a data migration) that each flush removes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_alice_signs_in_and_sees_her_dashboard(page, make_user, sign_in):
    make_user("alice")

    sign_in("alice", PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Good \w+, alice$"))
    expect(page.get_by_text("Signed in as alice")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_text("No expenses yet.")).to_be_visible()


def test_a_wrong_password_is_refused_with_a_message(page, make_user, sign_in):
    make_user("alice")

    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("No active account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_a_reload_keeps_alice_signed_in(page, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")

    page.reload()

    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    expect(page.get_by_label("Default currency")).to_have_value("INR")


def test_alice_adds_an_expense_and_sees_it_in_the_list(page, make_user, sign_in):
    from expenses.models import Expense

    alice = make_user("alice")
    sign_in("alice", PASSWORD)

    page.get_by_role("link", name="Add expense").click()
    page.get_by_label("Description").fill("Lunch with Bob")
    page.get_by_label("Amount").fill("12.50")
    page.get_by_label("Date").fill("2026-01-15")
    page.get_by_label("Category").select_option(label="Food")
    page.get_by_label("Payment method").select_option(label="UPI")
    page.get_by_label("Merchant").fill("Cafe Coffee Day")
    page.get_by_label("Tags").fill("work, lunch")
    page.get_by_role("button", name="Add expense").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    expect(page.get_by_role("status")).to_have_text("Expense added.")
    row = page.get_by_role("row").filter(has_text="Lunch with Bob")
    expect(row).to_contain_text("₹12.50")
    expect(row).to_contain_text("Food")
    expect(row).to_contain_text("Jan 15, 2026")
    expense = Expense.objects.get(owner=alice)
    assert expense.amount == Decimal("12.50")
    assert expense.currency == "INR"
    assert expense.description == "Lunch with Bob"
    assert expense.category.name == "Food"
    assert expense.payment_method == "upi"
    assert sorted(tag.name for tag in expense.tags.all()) == ["lunch", "work"]


def test_a_bad_amount_shows_its_error_next_to_the_amount_field(page, make_user, sign_in):
    from expenses.models import Expense

    make_user("alice")
    sign_in("alice", PASSWORD)

    page.get_by_role("link", name="Add expense").click()
    page.get_by_label("Description").fill("Taxi")
    page.get_by_label("Amount").fill("-5")
    page.get_by_role("button", name="Add expense").click()

    amount = page.get_by_label("Amount")
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_have_accessible_description(re.compile("greater than 0"))
    expect(amount.locator("xpath=following-sibling::p[1]")).to_have_text(
        re.compile("greater than 0")
    )
    expect(amount).to_be_focused()
    expect(page.get_by_label("Description")).not_to_have_attribute("aria-invalid", "true")
    assert not Expense.objects.exists()


def test_editing_an_expense_after_its_window_explains_what_is_locked(page, make_user, sign_in):
    from expenses.models import Expense
    from expenses.services import expense_create

    alice = make_user("alice")
    expense = expense_create(
        owner=alice, amount=Decimal("40.00"), date=timezone.localdate(), description="Old taxi"
    )
    Expense.objects.filter(id=expense.id).update(created_at=timezone.now() - timedelta(days=30))
    sign_in("alice", PASSWORD)

    page.get_by_role("link", name="Expenses", exact=True).click()
    page.get_by_role("link", name="Edit Old taxi").click()
    # Issue 13: the record is read-only after the window; the classification is not.
    expect(page.get_by_text("Recorded more than 72 hours ago")).to_be_visible()
    expect(page.get_by_label("Amount")).to_be_disabled()
    page.get_by_label("Notes").fill("late note")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("status")).to_have_text("Expense updated.")
    expense.refresh_from_db()
    assert (expense.amount, expense.notes) == (Decimal("40.00"), "late note")


def test_deleting_a_category_in_use_moves_its_expenses_first(page, make_user, sign_in):
    from categories.models import Category
    from categories.services import category_create
    from expenses.services import expense_create

    alice = make_user("alice")
    pets = category_create(owner=alice, name="Pets")
    expense = expense_create(
        owner=alice,
        amount=Decimal("9.99"),
        date=timezone.localdate(),
        description="Cat food",
        category=pets,
    )
    sign_in("alice", PASSWORD)

    page.get_by_role("link", name="Categories").click()
    page.get_by_role("button", name="Delete Pets").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("1 expense uses this category")
    dialog.get_by_label("Move its expenses to").select_option(label="Food")
    dialog.get_by_role("button", name="Move and delete").click()

    expect(page.get_by_role("status")).to_have_text("Deleted “Pets”.")
    assert not Category.objects.filter(id=pets.id).exists()
    expense.refresh_from_db()
    assert expense.category.name == "Food"


def _answer_401_once(page, url_pattern: re.Pattern) -> list[str]:
    """Makes the next matching API call fail as an expired access token does."""
    calls: list[str] = []

    def handle(route):
        calls.append(route.request.method)
        if len(calls) == 1:
            route.fulfill(
                status=401,
                headers={"Access-Control-Allow-Origin": "*"},
                json={"detail": "Token is expired", "code": "token_not_valid"},
            )
        else:
            route.continue_()

    page.route(url_pattern, handle)
    return calls


def test_an_expired_access_token_is_refreshed_and_the_request_retried(page, make_user, sign_in):
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

    make_user("alice")
    sign_in("alice", PASSWORD)
    calls = _answer_401_once(page, re.compile(r"/api/v1/expenses/\?"))

    page.get_by_role("link", name="Expenses", exact=True).click()

    # The dashboard says "No expenses yet." too: wait for the expenses page's own heading.
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    expect(page.locator("#main").get_by_text("No expenses yet.")).to_be_visible()
    assert calls == ["GET", "GET"]
    # The refresh rotated the token: the one issued at sign-in is revoked.
    assert BlacklistedToken.objects.count() == 1


def test_a_revoked_session_sends_alice_back_to_sign_in(page, make_user, sign_in):
    from rest_framework_simplejwt.token_blacklist.models import (
        BlacklistedToken,
        OutstandingToken,
    )

    make_user("alice")
    sign_in("alice", PASSWORD)
    for token in OutstandingToken.objects.all():
        BlacklistedToken.objects.get_or_create(token=token)
    _answer_401_once(page, re.compile(r"/api/v1/expenses/\?"))

    page.get_by_role("link", name="Expenses", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("Your session has ended")).to_be_visible()


def test_signing_out_ends_the_session(page, make_user, sign_in):
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

    make_user("alice")
    sign_in("alice", PASSWORD)

    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    assert BlacklistedToken.objects.count() == 1
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
