"""Issue 14, "Reports: click a slice, bar or row to open the matching expenses": each lands on
the expense list filtered to exactly the expenses behind it (the report's currency and range,
the category or the period), uncategorised ones included."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.shots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REPORT = "/reports?start=2025-01-01&end=2025-03-31&currency=INR&bucket=monthly&month=2025-02"


def _expense(owner, description, day, amount, category=None, currency="INR"):
    from categories.models import Category
    from expenses.services import expense_create

    return expense_create(
        owner=owner,
        amount=Decimal(amount),
        date=day,
        description=description,
        currency=currency,
        category=Category.objects.get(owner=None, name=category) if category else None,
        apply_rules=False,
    )


@pytest.fixture
def alice(make_user):
    alice = make_user("alice", default_currency="INR")
    _expense(alice, "Groceries Jan", date(2025, 1, 10), "100.00", "Food")
    _expense(alice, "Groceries Feb", date(2025, 2, 14), "50.00", "Food")
    _expense(alice, "Flight", date(2025, 2, 3), "400.00", "Travel")
    _expense(alice, "Mystery", date(2025, 1, 20), "30.00")
    _expense(alice, "Gift", date(2025, 3, 5), "20.00")
    # Not in the report: after its range, or in another currency.
    _expense(alice, "April food", date(2025, 4, 2), "999.00", "Food")
    _expense(alice, "April mystery", date(2025, 4, 3), "9.00")
    _expense(alice, "Dollar lunch", date(2025, 1, 15), "12.00", "Food", currency="USD")
    _expense(alice, "Dollar mystery", date(2025, 2, 15), "7.00", currency="USD")
    return alice


def _open_report(page, sign_in):
    sign_in("alice", PASSWORD)
    page.evaluate(f"location.hash = '#{REPORT}'")
    expect(page.get_by_role("heading", name="By category")).to_be_visible()


def _listed(page) -> set[str]:
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    rows = page.locator("tbody tr[data-expense-id]")
    expect(rows.first).to_be_visible()
    return set(rows.locator("td:nth-child(3) > div:first-child").all_inner_texts())


def _chart_point(canvas, index: int) -> dict:
    """Where element `index` of the chart's first dataset is drawn (canvas pixels)."""
    return canvas.evaluate(
        """(canvas, index) => {
            const point = window.Chart.getChart(canvas).getDatasetMeta(0).data[index];
            const { x, y } = point.tooltipPosition();
            return { x, y };
        }""",
        index,
    )


def _chart_labels(canvas) -> list[str]:
    return canvas.evaluate("canvas => window.Chart.getChart(canvas).data.labels")


def test_a_category_row_opens_its_expenses_from_the_keyboard(page, alice, sign_in, tmp_path):
    _open_report(page, sign_in)
    table = page.get_by_role("table", name="Spending by category in INR")
    link = table.get_by_role("link", name="Uncategorised")
    expect(link).to_be_visible()
    shot(page, tmp_path, "list-reports")

    link.focus()
    page.keyboard.press("Enter")

    assert _listed(page) == {"Mystery", "Gift"}
    expect(page.locator("[data-expense-totals]")).to_have_text("2 expenses · ₹50.00")
    for part in ["category_id=none", "start_date=2025-01-01", "end_date=2025-03-31"]:
        assert re.search(rf"[?&]{part}(&|$)", page.url), page.url
    expect(page.get_by_label("Category")).to_have_value("none")
    expect(page.get_by_label("From")).to_have_value("2025-01-01")
    expect(page.get_by_label("To")).to_have_value("2025-03-31")


def test_a_named_category_row_opens_exactly_its_expenses_on_a_phone(page, alice, sign_in, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    _open_report(page, sign_in)
    shot(page, tmp_path, "list-reports-phone")
    page.get_by_role("table", name="Spending by category in INR").get_by_role(
        "link", name="Food"
    ).click()

    expect(page.locator("[data-expense-totals]")).to_have_text("2 expenses · ₹150.00")
    cards = page.locator("li[data-expense-id]")
    expect(cards).to_have_count(2)
    assert {text.splitlines()[0] for text in cards.all_inner_texts()} == {
        "Groceries Jan",
        "Groceries Feb",
    }


def test_a_doughnut_slice_opens_its_category(page, alice, sign_in):
    _open_report(page, sign_in)
    canvas = page.get_by_role("img", name=re.compile("^Doughnut chart"))
    expect(canvas).to_be_visible()
    labels = _chart_labels(canvas)
    assert set(labels) == {"Food", "Travel", "Uncategorised"}
    assert canvas.evaluate("canvas => getComputedStyle(canvas).cursor") != "pointer"

    point = _chart_point(canvas, labels.index("Travel"))
    canvas.hover(position=point)
    expect(canvas).to_have_css("cursor", "pointer")
    canvas.click(position=point)

    assert _listed(page) == {"Flight"}
    expect(page.locator("[data-expense-totals]")).to_have_text("1 expense · ₹400.00")


def test_a_bar_opens_the_expenses_of_its_month(page, alice, sign_in):
    _open_report(page, sign_in)
    canvas = page.get_by_role("img", name=re.compile("^Bar chart"))
    expect(canvas).to_be_visible()
    assert len(_chart_labels(canvas)) == 3  # January to March

    canvas.click(position=_chart_point(canvas, 1))  # February

    assert _listed(page) == {"Groceries Feb", "Flight"}
    for part in ["start_date=2025-02-01", "end_date=2025-02-28", "currency=INR"]:
        assert re.search(rf"[?&]{part}(&|$)", page.url), page.url
    assert "category_id" not in page.url


def test_a_period_row_of_the_numbers_opens_its_expenses(page, alice, sign_in):
    _open_report(page, sign_in)
    page.get_by_text("Show the numbers").click()
    page.get_by_role("table", name="Spending per month in INR").get_by_role(
        "link", name=re.compile("March 2025|Mar 2025")
    ).click()

    assert _listed(page) == {"Gift"}


def test_a_month_on_month_row_opens_that_months_expenses(page, alice, sign_in):
    _open_report(page, sign_in)
    trends = page.get_by_role("region", name="Month on month")
    # February has no uncategorised rupee expense (January's is the row's other side): no link
    # to an empty list.
    expect(trends.get_by_role("row").filter(has_text="Uncategorised")).to_be_visible()
    expect(trends.get_by_role("link", name="Uncategorised")).to_have_count(0)

    trends.get_by_role("link", name="Travel").click()
    assert _listed(page) == {"Flight"}
    for part in ["start_date=2025-02-01", "end_date=2025-02-28"]:
        assert re.search(rf"[?&]{part}(&|$)", page.url), page.url


def test_without_chart_js_the_boxes_go_and_the_tables_still_link(page, alice, sign_in):
    page.route("**/vendor/chart.umd.min.js", lambda route: route.abort())
    _open_report(page, sign_in)
    table = page.get_by_role("table", name="Spending by category in INR")
    expect(table.get_by_role("link", name="Food")).to_be_visible()
    expect(page.locator("#main canvas")).to_have_count(0)
    # The boxes kept for the charts are dropped: no empty space where a chart would be.
    expect(page.locator("#main .h-56.w-56, #main .h-64")).to_have_count(0)


def test_the_dashboard_categories_open_this_months_expenses(page, make_user, sign_in):
    bob = make_user("bob", default_currency="INR")
    today = date.today()
    _expense(bob, "Lunch today", today, "12.00", "Food")
    _expense(bob, "Taxi today", today, "8.00", "Transport")
    _expense(bob, "Old lunch", date(today.year - 1, 1, 5), "5.00", "Food")
    sign_in("bob", PASSWORD)
    section = page.get_by_role("region", name=re.compile("^By category"))
    section.get_by_role("link", name="Food").click()

    assert _listed(page) == {"Lunch today"}
    expect(page.get_by_label("Category")).not_to_have_value("")

    page.go_back()
    canvas = page.get_by_role("img", name=re.compile("^Spending by category"))
    expect(canvas).to_be_visible()
    labels = _chart_labels(canvas)
    canvas.click(position=_chart_point(canvas, labels.index("Transport")))
    assert _listed(page) == {"Taxi today"}
