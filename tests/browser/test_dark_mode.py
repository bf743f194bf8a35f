"""Issue 14, "Dark mode following the system setting, with a switch": the app follows the
system's colour scheme, Settings' switch (System / Light / Dark) overrides it and is remembered
across reloads, and every page keeps its text readable (axe's color-contrast) in dark mode, at
desktop and phone size. With SCREENSHOT_DIR set, each dark page is saved there to look at."""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.axe import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


# The page's background colour as sRGB: drawn on a 1-pixel canvas, since the computed
# style may be in oklch.
_BACKGROUND = """() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d");
    context.fillStyle = getComputedStyle(document.documentElement).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
    return { dark: document.documentElement.classList.contains("dark"), sum: r + g + b };
}"""


def _dark(page) -> bool:
    """Dark as the user sees it: the class theme.js sets, and a dark page background."""
    background = page.evaluate(_BACKGROUND)
    return background["dark"] and background["sum"] < 150


def _light(page) -> bool:
    background = page.evaluate(_BACKGROUND)
    return not background["dark"] and background["sum"] > 600


def _new_page(browser, app_url, color_scheme: str, viewport=DESKTOP):
    from django.conf import settings

    context = browser.new_context(
        locale="en-US",
        timezone_id=settings.TIME_ZONE,
        viewport=viewport,
        color_scheme=color_scheme,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(app_url)
    return context, page, errors


def _sign_in(page, username: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # The page's default 10 s, not expect's 5 s: signing in hashes a password, and the
    # dashboard loads several reports.
    expect(page.get_by_role("heading", name="Recent expenses")).to_be_visible(timeout=10_000)


def test_the_app_follows_the_system_and_the_switch_overrides_it(browser, app_url, make_user):
    make_user("alice")
    context, page, errors = _new_page(browser, app_url, "dark")
    # Before signing in too: theme.js runs in <head>, before anything is drawn.
    assert _dark(page)
    _sign_in(page, "alice")
    assert _dark(page)

    page.evaluate("location.hash = '#/settings'")
    theme = page.get_by_role("group", name="Theme")
    expect(theme.get_by_role("radio", name="System")).to_be_checked()
    theme.get_by_role("radio", name="Light").check()
    page.wait_for_function("() => !document.documentElement.classList.contains('dark')")
    assert _light(page)

    # Remembered: a reload (and a new tab of this browser) stays light on a dark system.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert _light(page)
    other = context.new_page()
    other.goto(app_url)
    assert other.evaluate("document.documentElement.classList.contains('dark')") is False
    other.close()

    page.evaluate("location.hash = '#/settings'")
    theme = page.get_by_role("group", name="Theme")
    expect(theme.get_by_role("radio", name="Light")).to_be_checked()
    theme.get_by_role("radio", name="System").check()
    page.wait_for_function("() => document.documentElement.classList.contains('dark')")
    assert _dark(page)
    # Following the system means following it live.
    page.emulate_media(color_scheme="light")
    page.wait_for_function("() => !document.documentElement.classList.contains('dark')")
    assert _light(page)

    theme.get_by_role("radio", name="Dark").check()
    page.wait_for_function("() => document.documentElement.classList.contains('dark')")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert _dark(page)  # Dark on a light system, after a reload
    context.close()
    assert errors == []


def _seed(owner) -> int:
    """Some spending with categories, a budget, a hidden category: every page has data."""
    from budgets.demo import budgets_seed_demo, workflow_seed_demo
    from categories.models import Category, HiddenCategory
    from categories.services import category_create
    from expenses.services import expense_create

    today = timezone.localdate()
    category_create(owner=owner, name="Pets", icon="paw", color_token="category-violet")
    HiddenCategory.objects.create(owner=owner, category=Category.objects.get(name="Education"))
    last = None
    for day, (name, amount) in enumerate(
        [("Food", "420.00"), ("Transport", "80.00"), ("Travel", "1200.00"), ("Housing", "9000")]
    ):
        last = expense_create(
            owner=owner,
            amount=Decimal(amount),
            date=today - timedelta(days=day + 1),
            description=f"{name} spending",
            category=Category.objects.get(owner=None, name=name),
            tags=["home"],
        )
    budgets_seed_demo(owner=owner, today=today)
    workflow_seed_demo(owner=owner, today=today)
    return last.id


PAGES = [
    ("dashboard", "/dashboard"),
    ("expenses", "/expenses"),
    ("new-expense", "/expenses/new"),
    ("edit-expense", "/expenses/{id}"),
    ("categories", "/categories"),
    ("budgets", "/budgets"),
    ("reports", "/reports"),
    ("rules", "/rules"),
    ("recurring", "/recurring"),
    ("data", "/data"),
    ("settings", "/settings"),
]


def _contrast_problems(page) -> list[str]:
    found = axe_violations(page, rules=["color-contrast"])
    return [node for violation in found for node in violation["nodes"]]


def _settled(page) -> None:
    page.wait_for_function(
        """() => !document.querySelector('[aria-busy="true"]')
            && ![...document.querySelectorAll("#main p")]
                .some((p) => p.textContent.startsWith("Loading"))"""
    )


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_page_is_readable_in_dark_mode(browser, app_url, make_user, size, tmp_path):
    alice = make_user("alice")
    expense_id = _seed(alice)
    viewport = DESKTOP if size == "desktop" else PHONE
    context, page, errors = _new_page(browser, app_url, "dark", viewport)
    shots = os.environ.get("SCREENSHOT_DIR")
    found = {}
    assert _dark(page)
    found["sign-in"] = _contrast_problems(page)
    _sign_in(page, "alice")
    for name, path in PAGES:
        page.evaluate(f"location.hash = '#{path.format(id=expense_id)}'")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _settled(page)
        assert _dark(page), name
        found[name] = _contrast_problems(page)
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{shots}/look-dark-{name}-{size}.png", full_page=True)
    context.close()
    assert {name: problems for name, problems in found.items() if problems} == {}
    assert errors == []
