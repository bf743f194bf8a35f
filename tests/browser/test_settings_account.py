"""Settings (issue 14): change the password, sign out everywhere, delete the account."""

import pytest
from playwright.sync_api import expect
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.models import User
from conftest import PASSWORD
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_PASSWORD = "a-brand-new-long-password-42"


def open_settings(page) -> None:
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")


def test_change_password_shows_errors_on_the_fields_then_changes_it(page, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    open_settings(page)
    form = page.get_by_role("form", name="Change password")
    current = form.get_by_label("Current password")
    new = form.get_by_label("New password", exact=True)
    confirm = form.get_by_label("Confirm new password")
    submit = form.get_by_role("button", name="Change password")

    # A wrong current password: the API's message next to that field.
    current.fill("not-my-password")
    new.fill(NEW_PASSWORD)
    confirm.fill(NEW_PASSWORD)
    submit.click()
    expect(form.get_by_text("Your old password is not correct.")).to_be_visible()
    expect(current).to_have_attribute("aria-invalid", "true")

    # The confirmation does not match: said next to it, nothing is sent.
    current.fill(PASSWORD)
    confirm.fill(NEW_PASSWORD + "x")
    submit.click()
    expect(form.get_by_text("The passwords do not match.")).to_be_visible()
    expect(confirm).to_have_attribute("aria-invalid", "true")

    # A password the rules refuse: the message is on the new password.
    new.fill("12345678")
    confirm.fill("12345678")
    submit.click()
    expect(new).to_have_attribute("aria-invalid", "true")
    expect(current).not_to_have_attribute("aria-invalid", "true")

    new.fill(NEW_PASSWORD)
    confirm.fill(NEW_PASSWORD)
    submit.click()
    expect(
        page.get_by_role("status").filter(has_text="Your password has been changed")
    ).to_be_visible()
    expect(current).to_have_value("")
    assert User.objects.get(username="alice").check_password(NEW_PASSWORD)

    # This tab goes on working with the new tokens.
    page.get_by_role("link", name="Expenses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    expect(page.get_by_text("Signed in as alice")).to_be_visible()


def test_sign_out_everywhere_asks_then_returns_to_sign_in(page, make_user, sign_in):
    alice = make_user("alice")
    sign_in("alice", PASSWORD)
    open_settings(page)
    section = page.get_by_role("region", name="Sign out everywhere")
    expect(section).to_contain_text("every device")

    # Cancelled: nothing happens.
    section.get_by_role("button", name="Sign out everywhere").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")

    section.get_by_role("button", name="Sign out everywhere").click()
    page.get_by_role("dialog").get_by_role("button", name="Sign out everywhere").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("status")).to_have_text("You are signed out on every device.")
    live = OutstandingToken.objects.filter(user=alice, blacklistedtoken__isnull=True)
    assert not live.exists()
    # The page does not come back: the session is gone from this tab too.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_delete_account_needs_the_username_then_the_password(page, make_user, sign_in):
    alice = make_user("alice")
    bob = make_user("bob")
    ExpenseFactory(owner=alice, description="alice's lunch")
    ExpenseFactory(owner=bob, description="bob's lunch")
    sign_in("alice", PASSWORD)
    open_settings(page)
    form = page.get_by_role("form", name="Delete account")
    expect(form).to_contain_text("expenses")
    expect(form).to_contain_text("receipt")
    expect(form).to_contain_text("cannot be undone")
    username = form.get_by_label("Type your username")
    button = form.get_by_role("button", name="Delete account")

    expect(button).to_be_disabled()
    username.fill("alic")
    expect(button).to_be_disabled()
    username.fill("Alice")
    expect(button).to_be_disabled()
    username.fill("alice")
    expect(button).to_be_enabled()

    # A wrong password: refused, said on the form, nothing deleted.
    button.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Password").fill("not-my-password")
    dialog.get_by_role("button", name="Delete my account").click()
    expect(form.get_by_text("Your password is not correct.")).to_be_visible()
    assert User.objects.filter(pk=alice.pk).exists()
    expect(page.get_by_text("Signed in as alice")).to_be_visible()

    button.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Password").fill(PASSWORD)
    dialog.get_by_role("button", name="Delete my account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("status")).to_have_text("Your account has been deleted.")
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not Expense.objects.filter(owner_id=alice.pk).exists()
    assert Expense.objects.filter(owner=bob).count() == 1
    # She cannot sign in again.
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("No active account")
