"""Issue 14, "First run": sign-up asks for the currency (guessed from the browser's region), a
new account's dashboard says what to do first and ticks the steps off from real data, an
account with data sees its dashboard as before, and Chart.js is loaded only to draw."""

import re
from collections.abc import Iterator
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


@pytest.fixture
def open_tab(browser, app_url) -> Iterator:
    """`open_tab(locale)`: a new tab on the app with the browser's language set to `locale`;
    the test fails on any uncaught JavaScript error in it."""
    from django.conf import settings

    opened = []

    def open_(locale: str, path: str = ""):
        context = browser.new_context(
            locale=locale,
            timezone_id=settings.TIME_ZONE,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(10_000)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        opened.append((context, errors))
        tab.goto(f"{app_url}{path}")
        return tab

    yield open_
    for context, errors in opened:
        context.close()
        assert errors == [], f"JavaScript errors in the page: {errors}"


def _expense(owner, description, *, days_ago=0, amount="10.00"):
    from expenses.services import expense_create

    return expense_create(
        owner=owner,
        amount=Decimal(amount),
        date=timezone.localdate() - timedelta(days=days_ago),
        description=description,
    )


def _month_start():
    return timezone.localdate().replace(day=1)


def _budget_this_month(owner):
    from budgets.services import budget_upsert

    budget_upsert(
        owner=owner, month=_month_start(), scope="overall", category=None, amount=Decimal("500")
    )


def _steps(page):
    return page.locator("[data-getting-started] [data-step]")


def _expect_steps(page, **done) -> None:
    for key, value in done.items():
        expect(page.locator(f'[data-step="{key}"]')).to_have_attribute(
            "data-done", "true" if value else "false"
        )


def _settled(page) -> None:
    expect(page.locator('#main [aria-busy="true"]')).to_have_count(0)


def test_sign_up_guesses_the_currency_from_the_region_and_the_dashboard_says_what_next(
    open_tab, settings, tmp_path
):
    from accounts.models import User

    # Not INR: the preselection below comes from the browser's region, not the server.
    settings.DEFAULT_CURRENCY = "USD"
    page = open_tab("en-IN", "#/register")
    currency = page.get_by_label("Currency")
    expect(currency).to_be_enabled()
    expect(currency).to_have_value("INR")
    expect(currency.locator("option[value='EUR']")).to_have_count(1)

    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill(PASSWORD)
    currency.select_option("EUR")
    shot(page, tmp_path, "first-sign-up")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("carol")
    card = page.get_by_role("region", name="Get started")
    expect(card).to_be_visible()
    expect(_steps(page)).to_have_count(4)
    _expect_steps(page, currency=True, **{"import": False}, expense=False, budget=False)
    expect(card).to_contain_text("Amounts are shown in EUR")
    expect(card).to_contain_text("1 of 4 done")
    assert User.objects.get(username="carol").default_currency == "EUR"
    # The checklist is the page: no totals of zero, no empty chart.
    _settled(page)
    expect(page.get_by_text("Spent in")).to_have_count(0)
    expect(page.get_by_role("heading", name="Insights")).to_have_count(0)
    expect(page.locator("canvas")).to_have_count(0)
    expect(page.get_by_text("No expenses yet.")).to_be_visible()
    shot(page, tmp_path, "first-get-started-1280")
    page.set_viewport_size(PHONE)
    shot(page, tmp_path, "first-get-started-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Adding an expense ticks its step; the others stay open.
    card.get_by_role("link", name="Add an expense").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add expense")
    page.get_by_label("Description").fill("Coffee")
    page.get_by_label("Amount").fill("3.50")
    page.get_by_role("button", name="Add expense").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Recent expenses")).to_be_visible()
    _expect_steps(page, currency=True, **{"import": False}, expense=True, budget=False)
    expect(card).to_contain_text("2 of 4 done")
    _settled(page)
    shot(page, tmp_path, "first-get-started-after-expense")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("de-AT", "EUR"), ("ja-JP", "JPY"), ("en-AQ", "GBP")],
    ids=["euro-region", "yen-region", "unknown-region-takes-the-server-default"],
)
def test_sign_up_preselects_the_regions_currency_or_the_server_default(
    open_tab, settings, locale, expected
):
    settings.DEFAULT_CURRENCY = "GBP"
    page = open_tab(locale, "#/register")
    currency = page.get_by_label("Currency")
    expect(currency).to_be_enabled()
    expect(currency).to_have_value(expected)


def test_signing_up_without_touching_the_currency_keeps_the_guess(open_tab, settings):
    from accounts.models import User

    settings.DEFAULT_CURRENCY = "USD"
    page = open_tab("en-IN", "#/register")
    expect(page.get_by_label("Currency")).to_be_enabled()
    page.get_by_label("Username").fill("dev")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("dev")
    assert User.objects.get(username="dev").default_currency == "INR"


def test_an_account_with_history_and_a_budget_sees_no_checklist_and_a_chart_loaded_on_demand(
    page, make_user, sign_in, tmp_path
):
    alice = make_user("alice")
    _expense(alice, "Groceries")
    _expense(alice, "Rent", days_ago=40, amount="900.00")
    _budget_this_month(alice)
    # The sign-in page does not load Chart.js.
    assert page.evaluate("() => typeof window.Chart") == "undefined"

    sign_in("alice", PASSWORD)

    chart = page.get_by_role("region", name="By category").locator("canvas")
    expect(chart).to_have_count(1)
    assert page.evaluate("() => typeof window.Chart") == "function"
    expect(page.locator("script[src$='chart.umd.min.js']")).to_have_count(1)
    _settled(page)
    expect(page.get_by_role("region", name="Get started")).to_have_count(0)
    expect(page.get_by_text("Spent in")).to_be_visible()
    shot(page, tmp_path, "first-dashboard-with-data")


def test_spending_before_this_month_ticks_the_import_step(page, make_user, sign_in, tmp_path):
    alice = make_user("alice")
    # More than the five latest the dashboard shows, all this month: the oldest is asked for.
    for number in range(6):
        _expense(alice, f"Lunch {number}")
    _expense(alice, "Imported from the bank", days_ago=timezone.localdate().day + 3)

    sign_in("alice", PASSWORD)

    expect(page.get_by_role("region", name="Get started")).to_be_visible()
    _expect_steps(page, currency=True, **{"import": True}, expense=True, budget=False)
    # With data, the dashboard shows its totals under the checklist.
    expect(page.get_by_text("Spent in")).to_be_visible()
    _settled(page)
    shot(page, tmp_path, "first-get-started-with-data")


def test_get_started_can_be_dismissed_for_good(page, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    card = page.get_by_role("region", name="Get started")
    expect(card).to_be_visible()

    card.get_by_role("button", name="Dismiss").click()

    expect(card).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.reload()
    expect(page.get_by_role("heading", name="Recent expenses")).to_be_visible()
    _settled(page)
    expect(card).to_have_count(0)


def test_the_chart_box_goes_when_chartjs_cannot_load(page, make_user, sign_in):
    alice = make_user("alice")
    _expense(alice, "Groceries")
    page.route("**/chart.umd.min.js", lambda route: route.abort())

    sign_in("alice", PASSWORD)

    breakdown = page.get_by_role("region", name="By category")
    expect(breakdown.locator("li")).to_have_count(1)
    expect(breakdown.locator("[data-chart-box]")).to_have_count(0)
    expect(breakdown.locator("canvas")).to_have_count(0)


def test_the_sign_up_form_says_at_once_when_registration_is_closed(open_tab, settings):
    settings.ALLOW_REGISTRATION = False
    page = open_tab("en-IN", "#/register")
    expect(page.get_by_role("alert")).to_have_text("Registration is closed on this server.")
    expect(page.get_by_label("Currency")).to_be_hidden()


def test_the_dashboard_draws_its_heading_and_shape_before_its_data(page, make_user):
    alice = make_user("alice")
    _expense(alice, "Groceries")
    held = []
    page.route(re.compile(r"/api/v1/expenses/\?"), lambda route: held.append(route))
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("alice")
    expect(page.locator("[data-skeleton]")).to_be_visible()
    expect(page.get_by_role("heading", name="Recent expenses")).to_have_count(0)
    assert held, "the expenses request was not made"

    for route in held:
        route.continue_()
    expect(page.get_by_role("heading", name="Recent expenses")).to_be_visible()
    expect(page.locator("[data-skeleton]")).to_have_count(0)


def test_on_a_phone_the_chart_below_the_fold_is_loaded_when_scrolled_to(page, make_user, sign_in):
    """Chart.js is loaded, and a chart drawn, only when its box comes into view."""
    alice = make_user("alice")
    for day in range(6):
        _expense(alice, f"Groceries {day}", days_ago=day % 2)
    _budget_this_month(alice)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("alice", PASSWORD)
    _settled(page)
    box = page.get_by_role("region", name="By category").locator("[data-chart-box]")
    expect(box).to_have_count(1)
    # Below the fold, beyond the 200 px margin the app loads ahead.
    assert box.evaluate("(el) => el.getBoundingClientRect().top > innerHeight + 200")
    page.wait_for_timeout(500)
    assert page.evaluate("() => typeof window.Chart") == "undefined"
    expect(box.locator("canvas")).to_have_count(0)

    box.scroll_into_view_if_needed()
    expect(box.locator("canvas")).to_have_count(1)
    assert page.evaluate("() => typeof window.Chart") == "function"
