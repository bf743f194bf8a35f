"""Browser tests for shell bugs of issue 14: dialogs and navigation, signing out, receipt size."""

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


def _expense(owner, description):
    from expenses.services import expense_create

    return expense_create(
        owner=owner,
        amount=Decimal("10.00"),
        date=timezone.localdate() - timedelta(days=1),
        description=description,
    )


def _open_expense(page, description):
    page.get_by_role("link", name="Expenses", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    page.get_by_role("link", name=f"Edit {description}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit expense")


def test_browser_back_closes_an_open_confirm_dialog_without_running_it(page, make_user, sign_in):
    from expenses.models import Expense

    alice = make_user("alice")
    expense = _expense(alice, "Fresh coffee")
    sign_in("alice", PASSWORD)
    _open_expense(page, "Fresh coffee")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("dialog")).to_be_visible()

    page.go_back()

    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    expect(page.locator("dialog")).to_have_count(0)
    # The list is usable again (nothing modal is left over it) and nothing was deleted.
    page.get_by_role("link", name="Edit Fresh coffee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit expense")
    assert Expense.objects.filter(id=expense.id).exists()


def test_a_dialog_closes_when_a_link_changes_the_page(page, make_user, sign_in):
    from expenses.models import Expense

    alice = make_user("alice")
    expense = _expense(alice, "Fresh coffee")
    sign_in("alice", PASSWORD)
    _open_expense(page, "Fresh coffee")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("dialog")).to_be_visible()

    page.evaluate("location.hash = '#/settings'")

    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    expect(page.locator("dialog")).to_have_count(0)
    assert Expense.objects.filter(id=expense.id).exists()


def test_signing_out_logs_no_console_error_or_failed_request(page, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    page.on(
        "requestfailed",
        lambda request: problems.append(f"failed: {request.url} {request.failure}"),
    )

    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert problems == []


def test_an_oversized_receipt_is_refused_before_anything_is_sent(page, make_user, sign_in):
    from expenses.models import Expense

    alice = make_user("alice")
    expense = _expense(alice, "Fresh coffee")
    sign_in("alice", PASSWORD)
    _open_expense(page, "Fresh coffee")
    sent: list[str] = []
    page.on(
        "request",
        lambda request: (
            sent.append(f"{request.method} {request.url}")
            if request.method not in ("GET", "OPTIONS")
            else None
        ),
    )
    big = {
        "name": "scan.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-" + b"0" * (int(7.2 * 1024 * 1024) - 5),
    }

    page.get_by_label("Receipt", exact=True).set_input_files(big)
    message = "This file is 7.2 MB; receipts can be at most 5 MB."
    expect(page.get_by_text(message)).to_be_visible()
    expect(page.get_by_label("Receipt", exact=True)).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text(message)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit expense")
    page.wait_for_load_state("networkidle")
    assert sent == []
    assert not Expense.objects.get(id=expense.id).receipt


def test_the_receipt_limit_is_the_apis_and_a_smaller_file_clears_the_message(
    page, app_url, make_user, sign_in, settings
):
    settings.RECEIPT_MAX_BYTES = 2 * 1024 * 1024
    make_user("alice")
    page.reload()
    sign_in("alice", PASSWORD)
    page.goto(f"{app_url}#/expenses/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add expense")
    expect(page.get_by_text("JPEG, PNG, WebP or PDF, up to 2 MB.")).to_be_visible()
    receipt = page.get_by_label("Receipt", exact=True)

    receipt.set_input_files(
        {"name": "a.pdf", "mimeType": "application/pdf", "buffer": b"0" * (5 * 512 * 1024)}
    )
    message = page.get_by_text("This file is 2.5 MB; receipts can be at most 2 MB.")
    expect(message).to_be_visible()
    receipt.set_input_files({"name": "b.pdf", "mimeType": "application/pdf", "buffer": b"0" * 1024})
    expect(message).to_have_count(0)
    expect(receipt).not_to_have_attribute("aria-invalid", "true")
