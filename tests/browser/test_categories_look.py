"""Issue 14, "Custom categories get their own colour and icon from the design tokens; system
ones can be hidden": the categories page picks a colour and an icon, the pickers show the icon,
and a hidden category leaves the pickers but stays on the expenses filed under it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.axe import axe_violations
from tests.browser.shots import shot_both_sizes

PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _go(page, path: str, heading: str) -> None:
    page.evaluate(f"location.hash = '#{path}'")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def _option_labels(select) -> list[str]:
    """The options a user is offered: hidden ones (and those of hidden groups) left out."""
    return select.evaluate(
        """(el) => [...el.options]
            .filter((o) => !o.hidden && !o.closest("optgroup[hidden]"))
            .map((o) => o.textContent)"""
    )


def test_a_new_category_gets_the_colour_and_icon_picked(page, make_user, sign_in):
    from categories.models import Category

    alice = make_user("alice")
    sign_in("alice", PASSWORD)
    _go(page, "/categories", "Categories")
    form = page.get_by_role("form", name="New category")
    form.get_by_label("Name").fill("Pets")
    form.get_by_role("radio", name="Teal").check()
    form.get_by_role("radio", name="paw").check()
    form.get_by_role("button", name="Add category").click()
    expect(page.get_by_role("status")).to_have_text("Added “Pets”.")

    pets = Category.objects.get(owner=alice, name="Pets")
    assert (pets.color_token, pets.icon) == ("category-teal", "paw")
    row = page.locator(f'li[data-category-id="{pets.id}"]')
    expect(row).to_contain_text("🐾")
    expect(row).to_contain_text("Pets")
    colour = row.locator(".swatch").evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(13, 148, 136)"  # --color-category-teal, #0d9488
    # The form is ready for the next one: back to the defaults.
    expect(form.get_by_role("radio", name="Default colour")).to_be_checked()
    expect(form.get_by_role("radio", name="No icon")).to_be_checked()
    shot_both_sizes(page, "categories")

    _go(page, "/expenses/new", "Add expense")
    picker = page.get_by_label("Category")
    assert "🐾 Pets" in _option_labels(picker)
    picker.select_option(label="🐾 Pets")
    shot_both_sizes(page, "expense-form")


def test_editing_a_category_changes_its_colour_and_icon(page, make_user, sign_in):
    from categories.models import Category
    from categories.services import category_create

    alice = make_user("alice")
    pets = category_create(owner=alice, name="Pets", icon="paw", color_token="category-teal")
    sign_in("alice", PASSWORD)
    _go(page, "/categories", "Categories")
    page.get_by_role("button", name="Edit Pets").click()
    form = page.get_by_role("form", name="Edit Pets")
    expect(form.get_by_role("radio", name="Teal")).to_be_checked()
    form.get_by_role("radio", name="Pink").check()
    form.get_by_role("radio", name="car", exact=True).check()
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved “Pets”.")
    pets = Category.objects.get(id=pets.id)
    assert (pets.color_token, pets.icon) == ("category-pink", "car")
    expect(page.locator(f'li[data-category-id="{pets.id}"]')).to_contain_text("🚗")


def test_a_hidden_category_leaves_the_pickers_but_stays_on_its_expenses(page, make_user, sign_in):
    from categories.models import Category, HiddenCategory
    from expenses.services import expense_create

    alice = make_user("alice")
    travel = Category.objects.get(owner=None, name="Travel")
    trip = expense_create(
        owner=alice,
        amount=Decimal("120.00"),
        date=timezone.localdate() - timedelta(days=1),
        description="Train to Pune",
        category=travel,
    )
    sign_in("alice", PASSWORD)
    _go(page, "/expenses/new", "Add expense")
    assert "Travel" in _option_labels(page.get_by_label("Category"))

    _go(page, "/categories", "Categories")
    page.get_by_role("button", name="Hide Travel").click()
    expect(page.get_by_role("status")).to_contain_text("Hid “Travel”")
    hidden = page.get_by_role("region", name="Hidden")
    expect(hidden).to_contain_text("Travel")
    shot_both_sizes(page, "categories-hidden")
    expect(page.get_by_role("region", name="Standard categories")).not_to_contain_text("Travel")
    assert HiddenCategory.objects.filter(owner=alice, category=travel).exists()

    # Not offered for a new expense, nor in the list's filter.
    _go(page, "/expenses/new", "Add expense")
    assert "Travel" not in _option_labels(page.get_by_label("Category"))
    assert "Food" in _option_labels(page.get_by_label("Category"))
    _go(page, "/expenses", "Expenses")
    filters = page.get_by_role("search", name="Filter expenses")
    assert "Travel" not in _option_labels(filters.get_by_label("Category", exact=True))

    # The expense filed under it still shows it, and saving keeps it.
    _go(page, f"/expenses/{trip.id}", "Edit expense")
    picker = page.get_by_label("Category")
    expect(picker).to_have_value(str(travel.id))
    assert picker.evaluate("(el) => el.selectedOptions[0].textContent") == "Travel"
    page.get_by_label("Notes").fill("Booked late")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    trip.refresh_from_db()
    assert (trip.category_id, trip.notes) == (travel.id, "Booked late")

    # "Show" brings it back.
    _go(page, "/categories", "Categories")
    page.get_by_role("region", name="Hidden").get_by_role("button", name="Show Travel").click()
    expect(page.get_by_role("status")).to_have_text("“Travel” is offered again.")
    expect(page.get_by_role("region", name="Hidden")).to_be_hidden()
    _go(page, "/expenses/new", "Add expense")
    assert "Travel" in _option_labels(page.get_by_label("Category"))


def _axe(page) -> list[str]:
    found = axe_violations(page)
    return [f"{violation['id']}: {node}" for violation in found for node in violation["nodes"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pickers_and_the_hidden_group_pass_axe(page, make_user, sign_in, scheme):
    """The colour and icon tiles are radios with names, the groups have legends, and the
    page reads well in both themes, with an edit form open and a category hidden."""
    from categories.models import Category, HiddenCategory
    from categories.services import category_create

    alice = make_user("alice")
    category_create(owner=alice, name="Pets", icon="paw", color_token="category-violet")
    HiddenCategory.objects.create(owner=alice, category=Category.objects.get(name="Travel"))
    sign_in("alice", PASSWORD)
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function(
        "(dark) => document.documentElement.classList.contains('dark') === dark",
        arg=scheme == "dark",
    )
    _go(page, "/categories", "Categories")
    page.get_by_role("button", name="Edit Pets").click()
    expect(page.get_by_role("form", name="Edit Pets")).to_be_visible()
    expect(page.get_by_role("region", name="Hidden")).to_contain_text("Travel")
    assert _axe(page) == []
