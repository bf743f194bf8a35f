"""Issue 14, "Measured, and kept measured": axe-core finds no violation on any page of the app,
at desktop (1280 x 800, light and dark) and phone (390 x 844) size, signed in as a user with
two years of data (budgets, rules, schedules), an import preview loaded. Each page view prints
its count, also when pytest captures output.

axe-core is the npm package pinned in frontend/package-lock.json (Lighthouse uses the same
engine). The page's Content-Security-Policy refuses inline scripts, so axe is evaluated through
the DevTools protocol, which the policy does not govern, rather than added as a script tag."""

import re
import sys
from collections.abc import Callable
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

STATEMENT = Path(__file__).parents[2] / "reports" / "tests" / "data" / "icici-style.csv"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
violations = axe_violations


def _describe(found: list[dict]) -> str:
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {node}" for node in violation["nodes"][:5]]
    return "\n".join(lines)


# Pages mark what is still loading with aria-busy or a "Loading…" line.
_SETTLED = """() => !document.querySelector('[aria-busy="true"]')
    && ![...document.querySelectorAll("#main p")].some((p) => p.textContent === "Loading…")"""


def _settled(page) -> None:
    """The page has drawn its data: no part of it is still loading."""
    page.wait_for_function(_SETTLED)


def _seed(owner) -> int:
    """Two years of everyday spending, budgets, a rule and schedules; an editable expense's id."""
    from budgets.demo import budgets_seed_demo, workflow_seed_demo
    from expenses.services import expense_create
    from expenses.services_seed import expenses_seed_demo

    today = timezone.localdate()
    expenses_seed_demo(owner=owner, seed=2026, end=today)
    budgets_seed_demo(owner=owner, today=today)
    workflow_seed_demo(owner=owner, today=today)
    recent = expense_create(
        owner=owner,
        amount=Decimal("420.00"),
        date=today - timedelta(days=1),
        description="Weekly groceries",
        tags=["home"],
    )
    return recent.id


def _go(path: str, heading: str | re.Pattern) -> Callable:
    def visit(page) -> None:
        page.evaluate(f"location.hash = '#{path}'")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    return visit


def _import_preview(page) -> None:
    _go("/data", re.compile("Import"))(page)
    form = page.get_by_role("form", name="Import a CSV file")
    form.get_by_label("Statement or CSV file").set_input_files(STATEMENT)
    expect(page.locator("[data-counts]")).to_contain_text("to import")


def _signed_in_pages(expense_id: int) -> list[tuple[str, Callable]]:
    return [
        ("dashboard", _go("/dashboard", re.compile("alice"))),
        ("expenses", _go("/expenses", "Expenses")),
        ("new expense", _go("/expenses/new", "Add expense")),
        ("edit expense", _go(f"/expenses/{expense_id}", "Edit expense")),
        ("categories", _go("/categories", "Categories")),
        ("budgets", _go("/budgets", "Budgets")),
        ("reports", _go("/reports", "Reports")),
        ("import preview", _import_preview),
        ("rules", _go("/rules", "Rules")),
        ("recurring", _go("/recurring", re.compile("Recurring"))),
        ("settings", _go("/settings", "Settings")),
    ]


def _audit(page, views, label: str, capsys) -> dict[str, list[dict]]:
    """Visits each page and runs axe on it, printing the count even when output is captured
    (the figures are the point of `make audit` and of CI's log)."""
    found = {}
    for name, visit in views:
        visit(page)
        _settled(page)
        # What a click unfolds ("Show the numbers") is checked too.
        page.evaluate("document.querySelectorAll('#main details').forEach((d) => (d.open = true))")
        found[name] = violations(page)
        with capsys.disabled():
            sys.stdout.write(f"\naxe {label:<8} {name:<15} {len(found[name])} violations\n")
    return found


def _assert_none(found: dict[str, list[dict]]) -> None:
    failing = {name: items for name, items in found.items() if items}
    assert not failing, "\n".join(f"{name}:\n{_describe(items)}" for name, items in failing.items())


VIEWS = [
    pytest.param("desktop", DESKTOP, "light", id="desktop"),
    pytest.param("phone", PHONE, "light", id="phone"),
    # Dark mode (following the system setting) has colours of its own to check.
    pytest.param("dark", DESKTOP, "dark", id="desktop-dark"),
]


def _show(page, viewport, scheme: str) -> None:
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    # theme.js follows the change from its media-query listener, a task after this one.
    page.wait_for_function(
        "(dark) => document.documentElement.classList.contains('dark') === dark",
        arg=scheme == "dark",
    )


@pytest.mark.parametrize(("label", "viewport", "scheme"), VIEWS)
def test_signed_out_pages_have_no_axe_violations(page, label, viewport, scheme, capsys):
    _show(page, viewport, scheme)
    views = [
        ("sign-in", _go("/login", "Sign in")),
        ("sign-up", _go("/register", "Create an account")),
    ]
    _assert_none(_audit(page, views, label, capsys))


@pytest.mark.parametrize(("label", "viewport", "scheme"), VIEWS)
def test_every_signed_in_page_has_no_axe_violations(
    page, make_user, sign_in, label, viewport, scheme, capsys
):
    expense_id = _seed(make_user("alice"))
    sign_in("alice", PASSWORD)
    _show(page, viewport, scheme)
    _assert_none(_audit(page, _signed_in_pages(expense_id), label, capsys))


def test_axe_runs_and_would_report_a_violation(page):
    """The check itself works: an unlabelled field added to the page is found."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.evaluate(
        """() => {
            const input = document.createElement("input");
            input.type = "text";
            document.querySelector("#main").append(input);
        }"""
    )
    assert "label" in {violation["id"] for violation in violations(page)}


# Layout shifts (Lighthouse's CLS) as a page loads, collected from the page's first moment.
_COLLECT_SHIFTS = """
window.__layoutShifts = [];
new PerformanceObserver((entries) => {
  for (const entry of entries.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShifts.push(entry.value);
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("path", ["/dashboard", "/reports"])
def test_a_signed_in_page_loads_without_moving_what_is_on_screen(page, make_user, sign_in, path):
    """The header appears once the user is known, and reports arrive after the page is drawn:
    neither may push what the reader already sees (a phone, as Lighthouse emulates)."""
    _seed(make_user("alice"))
    sign_in("alice", PASSWORD)
    page.set_viewport_size({"width": 412, "height": 823})
    page.add_init_script(_COLLECT_SHIFTS)
    # A slow network, as Lighthouse's: the page is drawn before the API has answered.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 300, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    page.evaluate(f"location.hash = '#{path}'")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _settled(page)
    # Charts are drawn when they come into view (below the fold on a phone): drawing them
    # must not move anything either.
    boxes = page.locator("[data-chart-box]")
    assert boxes.count() > 0
    for box in boxes.all():
        box.scroll_into_view_if_needed()
        expect(box.locator("canvas")).to_have_count(1)
    shifts = page.evaluate("window.__layoutShifts")
    assert sum(shifts) < 0.01, f"layout shifts while {path} loaded: {shifts}"
