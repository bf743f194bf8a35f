"""Issue 14, "What people expect from a money app", the list: a total of the filtered rows, the
tag and payment-method filters, clickable tags, jumping to a page, and keyboard shortcuts."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.shots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def _expense(owner, description, *, amount="10.00", day=0, currency="INR", **extra):
    from expenses.services import expense_create

    return expense_create(
        owner=owner,
        amount=Decimal(amount),
        date=timezone.localdate() - timedelta(days=day),
        description=description,
        currency=currency,
        apply_rules=False,
        **extra,
    )


def _go(page, path: str) -> None:
    page.evaluate(f"location.hash = '#{path}'")


def _listed(page) -> list[str]:
    """The descriptions of the expenses on the page, in order (table rows or phone cards)."""
    rows = page.locator("[data-expense-id]")
    expect(rows.first).to_be_visible()
    return rows.evaluate_all(
        "rows => rows.map(row => "
        "(row.querySelector('td:nth-child(3) > div') ?? row.querySelector('a')).textContent)"
    )


def _totals(page):
    return page.locator("[data-expense-totals]")


# The total of the filtered rows ------------------------------------------------------------


def test_the_total_is_the_sum_of_every_filtered_row_on_all_pages(page, make_user, sign_in):
    alice = make_user("alice", default_currency="INR")
    for n in range(24):  # two pages of taxis
        _expense(alice, f"Taxi {n:02d}", amount="100.25", day=n)
    _expense(alice, "Taxi abroad", amount="12.50", currency="USD", day=1)
    _expense(alice, "Groceries", amount="999.00", day=2)
    sign_in("alice", PASSWORD)
    _go(page, "/expenses")
    # Everything: 26 expenses, INR first (most expenses), each currency summed on its own.
    expect(_totals(page)).to_have_text("26 expenses · ₹3,405.00 · $12.50")

    page.get_by_label("Search").fill("taxi")
    page.get_by_role("button", name="Apply filters").click()

    # 24 x 100.25 + the dollar taxi, over both pages of the list.
    expect(_totals(page)).to_have_text("25 expenses · ₹2,406.00 · $12.50")
    expect(page.get_by_text("Page 1 of 2 · 25 expenses")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Groceries")).to_have_count(0)

    page.get_by_label("Search").fill("groceries")
    page.get_by_role("button", name="Apply filters").click()
    expect(_totals(page)).to_have_text("1 expense · ₹999.00")

    page.get_by_label("Search").fill("nothing like it")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("No expenses match these filters.")).to_be_visible()
    expect(_totals(page)).to_be_hidden()


def test_the_total_follows_a_delete(page, make_user, sign_in):
    alice = make_user("alice", default_currency="INR")
    _expense(alice, "Lunch", amount="10.00")
    _expense(alice, "Dinner", amount="32.50", day=1)
    sign_in("alice", PASSWORD)
    _go(page, "/expenses")
    expect(_totals(page)).to_have_text("2 expenses · ₹42.50")

    page.get_by_role("button", name="Delete Dinner").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()

    expect(_totals(page)).to_have_text("1 expense · ₹10.00")


# Tags and payment methods -------------------------------------------------------------------


def test_clicking_a_tag_shows_the_expenses_with_that_tag(page, make_user, sign_in, tmp_path):
    alice = make_user("alice", default_currency="INR")
    _expense(alice, "Hotel", amount="200.00", tags=["trip"])
    _expense(alice, "Train", amount="50.00", day=1, tags=["trip", "work"])
    _expense(alice, "Rent", amount="900.00", day=2, tags=["home"])
    _expense(alice, "Coffee", amount="3.00", day=3)
    sign_in("alice", PASSWORD)
    _go(page, "/expenses")
    expect(page.get_by_role("row")).to_have_count(5)  # a header and four expenses
    # The tag box suggests the user's tags.
    options = page.locator("datalist option")
    expect(options).to_have_count(3)
    assert sorted(options.evaluate_all("list => list.map(o => o.value)")) == [
        "home",
        "trip",
        "work",
    ]
    shot(page, tmp_path, "list-desktop")

    page.get_by_role("row").filter(has_text="Hotel").get_by_role("link", name="#trip").click()

    expect(page.get_by_role("row")).to_have_count(3)
    assert _listed(page) == ["Hotel", "Train"]
    assert re.search(r"[?&]tag=trip(&|$)", page.url)
    expect(page.get_by_label("Tag", exact=True)).to_have_value("trip")
    expect(_totals(page)).to_have_text("2 expenses · ₹250.00")


def test_a_tag_on_a_phone_card_filters_rather_than_opening_the_expense(
    page, make_user, sign_in, tmp_path
):
    alice = make_user("alice", default_currency="INR")
    _expense(alice, "Hotel", amount="200.00", tags=["trip"])
    _expense(alice, "Rent", amount="900.00", day=1, tags=["home"])
    sign_in("alice", PASSWORD)
    page.set_viewport_size(PHONE)
    _go(page, "/expenses")
    expect(page.locator("li[data-expense-id]")).to_have_count(2)
    shot(page, tmp_path, "list-phone")

    page.locator("li[data-expense-id]").filter(has_text="Rent").get_by_role(
        "link", name="#home"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    expect(page.locator("li[data-expense-id]")).to_have_count(1)
    expect(page.locator("li[data-expense-id]")).to_contain_text("Rent")
    assert re.search(r"[?&]tag=home(&|$)", page.url)
    expect(page.get_by_role("button", name="Filters (1 active)")).to_be_visible()


def test_the_payment_method_filter(page, make_user, sign_in):
    alice = make_user("alice", default_currency="INR")
    _expense(alice, "Cab", amount="15.00", payment_method="card")
    _expense(alice, "Tea", amount="2.00", day=1, payment_method="cash")
    _expense(alice, "Shoes", amount="80.00", day=2, payment_method="card")
    sign_in("alice", PASSWORD)
    _go(page, "/expenses")
    expect(page.get_by_role("row")).to_have_count(4)

    page.get_by_label("Payment method").select_option(label="Card")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("row")).to_have_count(3)
    assert _listed(page) == ["Cab", "Shoes"]
    assert re.search(r"[?&]payment_method=card(&|$)", page.url)
    expect(_totals(page)).to_have_text("2 expenses · ₹95.00")
    # Kept in the URL: a reload shows the same filter, selected in the form.
    page.reload()
    expect(page.get_by_label("Payment method")).to_have_value("card")
    expect(page.get_by_role("row")).to_have_count(3)


def test_tag_typed_in_the_filter_form_and_the_uncategorised_choice(page, make_user, sign_in):
    from categories.models import Category

    alice = make_user("alice", default_currency="INR")
    food = Category.objects.get(owner=None, name="Food")
    _expense(alice, "Sandwich", tags=["Lunch"], category=food)
    _expense(alice, "Soup", day=1, tags=["lunch"])
    _expense(alice, "Bus", day=2)
    sign_in("alice", PASSWORD)
    _go(page, "/expenses")

    page.get_by_label("Tag", exact=True).fill("LUNCH")
    page.get_by_label("Category").select_option(label="Uncategorised")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("row")).to_have_count(2)
    assert _listed(page) == ["Soup"]
    assert re.search(r"[?&]category_id=none(&|$)", page.url)


# Jump to a page ------------------------------------------------------------------------------


def test_jump_to_a_page_and_past_the_end(page, make_user, sign_in, tmp_path):
    alice = make_user("alice", default_currency="INR")
    for n in range(65):  # 4 pages of 20
        _expense(alice, f"Expense {n:02d}", day=n)
    sign_in("alice", PASSWORD)
    _go(page, "/expenses")
    expect(page.get_by_text("Page 1 of 4 · 65 expenses")).to_be_visible()

    page.get_by_label("Go to page").fill("3")
    page.get_by_role("button", name="Go", exact=True).click()

    expect(page.get_by_text("Page 3 of 4 · 65 expenses")).to_be_visible()
    assert _listed(page) == [f"Expense {n:02d}" for n in range(40, 60)]
    assert re.search(r"[?&]page=3(&|$)", page.url)
    expect(page.get_by_label("Go to page")).to_have_value("3")
    shot(page, tmp_path, "list-page-3")

    page.get_by_label("Go to page").fill("99")
    page.get_by_label("Go to page").press("Enter")
    expect(page.get_by_text("Page 4 of 4 · 65 expenses")).to_be_visible()
    assert _listed(page) == [f"Expense {n:02d}" for n in range(60, 65)]
    expect(page.get_by_text("Invalid page.")).to_have_count(0)

    # On a phone the control fits: it wraps rather than scrolling the page sideways.
    page.set_viewport_size(PHONE)
    expect(page.get_by_label("Go to page")).to_be_visible()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    shot(page, tmp_path, "list-page-4-phone")


# Keyboard shortcuts ---------------------------------------------------------------------------


def test_n_opens_a_new_expense_from_any_page(page, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)  # on the dashboard

    page.keyboard.press("n")

    expect(page.get_by_role("heading", level=1)).to_have_text("Add expense")
    assert page.url.endswith("#/expenses/new")


def test_slash_focuses_the_search_box_from_the_list_and_from_elsewhere(page, make_user, sign_in):
    alice = make_user("alice")
    _expense(alice, "Lunch")
    sign_in("alice", PASSWORD)

    page.keyboard.press("/")  # on the dashboard: goes to the list, into its search box

    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    expect(page.get_by_label("Search")).to_be_focused()
    # Typing goes into the box: "/" itself is not typed, nor are "n" and "?" shortcuts there.
    page.keyboard.type("n?")
    expect(page.get_by_label("Search")).to_have_value("n?")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")

    page.get_by_role("heading", level=1).click()  # out of the box
    page.keyboard.press("/")
    expect(page.get_by_label("Search")).to_be_focused()


def test_slash_on_a_phone_unfolds_the_filters(page, make_user, sign_in):
    alice = make_user("alice")
    _expense(alice, "Lunch")
    sign_in("alice", PASSWORD)
    page.set_viewport_size(PHONE)
    _go(page, "/expenses")
    expect(page.locator("li[data-expense-id]")).to_have_count(1)
    expect(page.get_by_label("Search")).to_be_hidden()
    page.get_by_role("heading", level=1).click()

    page.keyboard.press("/")

    expect(page.get_by_label("Search")).to_be_focused()
    expect(page.get_by_role("button", name="Filters", exact=True)).to_have_attribute(
        "aria-expanded", "true"
    )


def test_question_mark_lists_the_shortcuts_and_escape_closes_it(page, make_user, sign_in, tmp_path):
    make_user("alice")
    sign_in("alice", PASSWORD)
    _go(page, "/expenses")
    expect(page.get_by_text("No expenses yet.")).to_be_visible()

    page.keyboard.press("?")

    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    for text in ["Add an expense", "Search the expense list", "Show these shortcuts"]:
        expect(dialog).to_contain_text(text)
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    shot(page, tmp_path, "list-shortcuts")
    # While it is open, the other shortcuts wait.
    page.keyboard.press("n")
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")

    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)

    # The hint under the list opens it too.
    page.get_by_role("button", name="keyboard shortcuts").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_have_count(0)


def test_shortcuts_wait_while_typing_or_with_a_modifier(page, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    _go(page, "/expenses/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add expense")

    description = page.get_by_label("Description")
    description.fill("")
    description.press_sequentially("n/?")
    expect(description).to_have_value("n/?")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add expense")

    _go(page, "/dashboard")
    expect(page.get_by_role("heading", name="Recent expenses")).to_be_visible()
    page.keyboard.press("Alt+n")
    page.keyboard.press("Control+/")
    # The same key without a modifier does go: so the two above were ignored, not slow.
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    assert "#/dashboard" in page.url


def test_no_shortcuts_before_signing_in(page):
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.locator("body").click()
    page.keyboard.press("n")
    page.keyboard.press("?")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert "#/expenses/new" not in page.url
