"""Issue 14, "Phone": at 390 x 844 the expense list is cards, the filters fold behind a button,
the navigation sits in a menu, and the add button is always in reach; at 1280 the navigation
is one row."""

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


def _expense(owner, description, *, amount="10.00", day=0, tags=None):
    from expenses.services import expense_create

    return expense_create(
        owner=owner,
        amount=Decimal(amount),
        date=timezone.localdate() - timedelta(days=day),
        description=description,
        tags=tags or [],
    )


def _go(page, path: str, heading) -> None:
    page.evaluate(f"location.hash = '#{path}'")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page scrolls sideways: {widths}"


def test_phone_pages_do_not_scroll_sideways(page, make_user, sign_in, tmp_path):
    alice = make_user("alice")
    expense = _expense(alice, "A rather long description of a weekly grocery run", tags=["home"])
    sign_in("alice", PASSWORD)
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)
    shot(page, tmp_path, "dashboard-390")
    for path, heading in [
        ("/expenses", "Expenses"),
        ("/expenses/new", "Add expense"),
        (f"/expenses/{expense.id}", "Edit expense"),
        ("/reports", "Reports"),
        ("/data", re.compile("Import")),
        ("/categories", re.compile("Categories")),
        ("/budgets", re.compile("Budgets")),
        ("/rules", re.compile("Rules")),
        ("/recurring", re.compile("Recurring")),
        ("/settings", re.compile("Settings")),
    ]:
        _go(page, path, heading)
        page.wait_for_load_state("networkidle")
        _no_sideways_scroll(page)
        shot(page, tmp_path, f"{path.strip('/').replace('/', '-')}-390")


def test_phone_expense_list_is_cards(page, make_user, sign_in, tmp_path):
    alice = make_user("alice")
    _expense(alice, "Groceries for the week", amount="1234.50", tags=["home"])
    for day in range(1, 4):
        _expense(alice, f"Coffee {day}", day=day)
    sign_in("alice", PASSWORD)
    page.set_viewport_size(PHONE)
    _go(page, "/expenses", "Expenses")

    expect(page.get_by_role("table")).to_have_count(0)
    card = page.get_by_role("listitem").filter(has_text="Groceries for the week")
    expect(card).to_be_visible()
    for text in [re.compile(r"1,234\.50"), "#home", "Uncategorised"]:
        expect(card.get_by_text(text)).to_be_in_viewport()
    date = card.locator("time")
    expect(date).to_be_in_viewport()
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    _no_sideways_scroll(page)
    shot(page, tmp_path, "expense-cards-390")

    # Its checkbox still selects it for the bulk bar.
    card.get_by_role("checkbox", name="Select Groceries for the week").check()
    expect(page.get_by_role("form", name="Bulk actions").get_by_text("1 selected")).to_be_visible()

    # Tapping the card opens the expense.
    card.get_by_text("Groceries for the week").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit expense")

    # From sm up the table is back.
    page.set_viewport_size({"width": 1280, "height": 900})
    _go(page, "/expenses", "Expenses")
    expect(page.get_by_role("table")).to_be_visible()
    expect(page.locator("tr[data-expense-id]")).to_have_count(4)
    shot(page, tmp_path, "expenses-1280")


def test_phone_filters_fold_behind_a_button(page, make_user, sign_in, tmp_path):
    alice = make_user("alice")
    _expense(alice, "Taxi")
    sign_in("alice", PASSWORD)
    page.set_viewport_size(PHONE)
    _go(page, "/expenses", "Expenses")

    form = page.get_by_role("search", name="Filter expenses")
    button = page.get_by_role("button", name=re.compile("^Filters"))
    expect(form).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_text("Taxi")).to_be_in_viewport()
    button.click()
    expect(form).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    form.get_by_label("Search").fill("Taxi")
    form.get_by_label("Min amount").fill("5")
    form.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("button", name="Filters (2 active)")).to_be_visible()
    expect(form).to_be_hidden()
    shot(page, tmp_path, "filters-folded-390")
    page.get_by_role("button", name="Filters (2 active)").click()
    expect(form).to_be_visible()
    shot(page, tmp_path, "filters-open-390")

    # From sm up the form is always open and the button gone.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Clear").click()
    expect(form).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Filters"))).to_be_hidden()


def test_phone_menu_opens_and_navigates(page, make_user, sign_in, tmp_path):
    make_user("alice")
    sign_in("alice", PASSWORD)
    page.set_viewport_size(PHONE)
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    controlled = menu.get_attribute("aria-controls")
    assert controlled
    expect(nav.get_by_role("link", name="Reports")).to_be_hidden()
    header = page.locator("#app-header").bounding_box()
    assert header is not None and header["height"] < 140

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#{controlled}")).to_be_visible()
    shot(page, tmp_path, "menu-open-390")
    menu.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Reports")).to_be_hidden()

    menu.click()
    nav.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Settings")).to_be_hidden()
    _no_sideways_scroll(page)


def test_phone_add_button_is_always_in_reach(page, make_user, sign_in, tmp_path):
    alice = make_user("alice")
    for day in range(25):
        _expense(alice, f"Snack {day}", day=day % 20)
    sign_in("alice", PASSWORD)
    page.set_viewport_size(PHONE)
    for path, heading in [("/dashboard", re.compile("alice")), ("/expenses", "Expenses")]:
        _go(page, path, heading)
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("Snack 0", exact=True).first).to_be_visible()
        add = page.get_by_role("link", name="Add expense")
        page.evaluate("window.scrollTo(0, 600)")
        assert page.evaluate("window.scrollY") > 0
        expect(add).to_be_in_viewport()
        box = add.bounding_box()
        assert box is not None and box["y"] + box["height"] > 844 - 120
        assert box["x"] + box["width"] > 390 - 120
        # Nothing hides under it at the bottom of the page.
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        last = page.locator("main").evaluate(
            "m => m.firstElementChild.lastElementChild.getBoundingClientRect().bottom"
        )
        assert last <= box["y"] + 1, (last, box)
        shot(page, tmp_path, f"add-button-{path.strip('/')}-390")
    add.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add expense")


def test_nav_is_one_row_at_1280(page, make_user, sign_in, tmp_path):
    make_user("alice")
    sign_in("alice", PASSWORD)
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    expect(links).to_have_count(9)
    tops = {round(link.bounding_box()["y"]) for link in links.all()}
    assert len(tops) == 1, tops
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    shot(page, tmp_path, "nav-1280")
