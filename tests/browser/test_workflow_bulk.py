"""Issue 13, parts 1 and 2 in the browser: fixing the category of a locked expense, and bulk
changes of selected rows (select all matching, shift-click ranges, bulk delete)."""

import os
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _expense(owner, description, *, days_old=0, amount="10.00", day=0):
    from expenses.models import Expense
    from expenses.services import expense_create

    expense = expense_create(
        owner=owner,
        amount=Decimal(amount),
        date=timezone.localdate() - timedelta(days=day),
        description=description,
    )
    if days_old:
        Expense.objects.filter(id=expense.id).update(
            created_at=timezone.now() - timedelta(days=days_old)
        )
    return expense


def _shot(page, tmp_path, name: str) -> None:
    """A screenshot, into $SCREENSHOT_DIR when set (to look at), else the test's tmp dir."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _open_expenses(page):
    page.get_by_role("link", name="Expenses", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")


def test_alice_fixes_the_category_of_a_locked_expense(
    page, make_user, sign_in, api_client_for, tmp_path
):
    from expenses.models import Expense

    alice = make_user("alice")
    expense = _expense(alice, "Old taxi", days_old=5, amount="40.00")
    sign_in("alice", PASSWORD)
    _open_expenses(page)

    row = page.locator(f'tr[data-expense-id="{expense.id}"]')
    expect(row.get_by_text("Locked")).to_be_visible()
    expect(row.get_by_role("link", name="Edit Old taxi")).to_be_visible()
    expect(row.get_by_role("button", name=re.compile("Delete"))).to_have_count(0)

    row.get_by_role("link", name="Edit Old taxi").click()
    expect(page.get_by_text("Recorded more than 72 hours ago")).to_be_visible()
    expect(page.get_by_text("You can still change the category, tags and notes.")).to_be_visible()
    for label in ["Amount", "Date", "Description", "Merchant", "Currency", "Payment method"]:
        expect(page.get_by_label(label, exact=True)).to_be_disabled()
    expect(page.get_by_label("Amount", exact=True)).to_have_value("40.00")
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)
    _shot(page, tmp_path, "locked-form-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, tmp_path, "locked-form-390")

    page.get_by_label("Category", exact=True).select_option(label="Transport")
    page.get_by_label("Tags").fill("work, taxi")
    page.get_by_label("Notes").fill("Filed late")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("status")).to_have_text("Expense updated.")
    expense.refresh_from_db()
    assert expense.category.name == "Transport"
    assert expense.amount == Decimal("40.00")
    answer = api_client_for(alice).get(f"/api/v1/expenses/{expense.id}/").json()
    assert (answer["category_name"], sorted(answer["tags"]), answer["notes"]) == (
        "Transport",
        ["taxi", "work"],
        "Filed late",
    )
    assert Expense.objects.filter(owner=alice).count() == 1


def test_alice_recategorizes_every_expense_a_filter_matches(page, make_user, sign_in, tmp_path):
    from expenses.models import Expense

    alice = make_user("alice")
    # More than a page (20 rows), so "Select all N matching" reaches past the page.
    rides = [_expense(alice, f"Uber ride {n}", day=n % 5) for n in range(23)]
    rides[0].refresh_from_db()
    Expense.objects.filter(id=rides[0].id).update(created_at=timezone.now() - timedelta(days=9))
    others = [_expense(alice, f"Groceries {n}") for n in range(3)]
    sign_in("alice", PASSWORD)
    _open_expenses(page)

    page.get_by_label("Search").fill("uber")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Page 1 of 2 · 23 expenses")).to_be_visible()
    bar = page.get_by_role("form", name="Bulk actions")
    expect(bar).to_be_hidden()

    page.get_by_label("Select all on this page").check()
    expect(bar.get_by_text("20 selected")).to_be_visible()
    bar.get_by_role("button", name="Select all 23 matching").click()
    expect(bar.get_by_text("23 selected")).to_be_visible()
    expect(bar.get_by_text("All 23 matching expenses are selected.")).to_be_visible()
    bar.get_by_label("Category").select_option(label="Transport")
    _shot(page, tmp_path, "bulk-bar-1280")
    bar.get_by_role("button", name="Set category").click()

    expect(page.get_by_role("status").first).to_have_text(
        "Category set to “Transport”: 23 expenses changed of 23 selected."
    )
    expect(bar).to_be_hidden()
    expect(page.get_by_label("Select all on this page")).not_to_be_checked()
    assert set(
        Expense.objects.filter(id__in=[e.id for e in rides]).values_list(
            "category__name", flat=True
        )
    ) == {"Transport"}
    assert set(
        Expense.objects.filter(id__in=[e.id for e in others]).values_list("category", flat=True)
    ) == {None}


def test_alice_shift_selects_a_range_and_deletes_it_except_the_locked_row(
    page, make_user, sign_in, tmp_path
):
    from expenses.models import Expense

    alice = make_user("alice")
    # Newest first in the list: day 0 on top.
    first = _expense(alice, "Coffee", day=0)
    second = _expense(alice, "Old taxi", day=1, days_old=5)
    third = _expense(alice, "Lunch", day=2)
    fourth = _expense(alice, "Cinema", day=3)
    outside = _expense(alice, "Rent", day=4)
    sign_in("alice", PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    _open_expenses(page)

    page.get_by_label("Select Coffee", exact=True).click()
    page.get_by_label("Select Cinema", exact=True).click(modifiers=["Shift"])
    bar = page.get_by_role("form", name="Bulk actions")
    expect(bar.get_by_text("4 selected")).to_be_visible()
    for name in ["Coffee", "Old taxi", "Lunch", "Cinema"]:
        expect(page.get_by_label(f"Select {name}", exact=True)).to_be_checked()
    expect(page.get_by_label("Select Rent", exact=True)).not_to_be_checked()
    # On a phone the bar wraps: every control stays on screen and usable.
    for control in ["Set category", "Add tag", "Remove tag", "Delete selected"]:
        button = bar.get_by_role("button", name=control)
        expect(button).to_be_in_viewport()
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    _shot(page, tmp_path, "bulk-bar-390")

    bar.get_by_role("button", name="Delete selected").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Delete 4 expenses?")
    dialog.get_by_role("button", name="Delete").click()

    expect(page.get_by_role("status").first).to_have_text(
        "Deleted 3; 1 was not deleted because it is locked (recorded more than 72 h ago): "
        "“Old taxi”."
    )
    _shot(page, tmp_path, "bulk-deleted-390")
    assert set(Expense.objects.values_list("id", flat=True)) == {second.id, outside.id}
    assert {first.id, third.id, fourth.id}.isdisjoint(Expense.objects.values_list("id", flat=True))
    expect(page.get_by_label("Select Old taxi", exact=True)).not_to_be_checked()


def test_a_recent_expense_can_be_deleted_from_its_form(page, make_user, sign_in):
    from expenses.models import Expense

    alice = make_user("alice")
    expense = _expense(alice, "Fresh coffee")
    sign_in("alice", PASSWORD)
    _open_expenses(page)
    page.get_by_role("link", name="Edit Fresh coffee").click()
    expect(page.get_by_label("Amount", exact=True)).to_be_enabled()

    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()

    expect(page.get_by_role("status")).to_have_text("Deleted “Fresh coffee”.")
    assert not Expense.objects.filter(id=expense.id).exists()
