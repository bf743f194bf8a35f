"""The smart features in headless Chromium: the expense form's category suggestion and the
dashboard's insights, against the real API (ai/)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUGGESTION = re.compile(r"Suggested: Transport \(\d{1,3}\s%\)")


def _system_category(name: str):
    from categories.models import Category

    return Category.objects.get(owner=None, name=name)


def _uber_history(owner) -> None:
    """Three taxi rides in Transport: what the categorizer learns "Uber trip" from."""
    from expenses.services import expense_create

    transport = _system_category("Transport")
    today = timezone.localdate()
    for days, amount in ((3, "180.00"), (10, "240.00"), (17, "210.00")):
        expense_create(
            owner=owner,
            amount=Decimal(amount),
            date=today - datetime.timedelta(days=days),
            description="Uber trip",
            merchant="Uber",
            category=transport,
        )


def _open_new_expense_form(page) -> None:
    page.get_by_role("link", name="Add expense").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add expense")


def _categorize_calls(page) -> list[str]:
    calls: list[str] = []
    page.on(
        "request",
        lambda request: (
            calls.append(request.post_data or "") if "/ai/categorize/" in request.url else None
        ),
    )
    return calls


def test_typing_a_known_description_suggests_its_category_and_use_sets_it(page, make_user, sign_in):
    from expenses.models import Expense

    alice = make_user("alice")
    _uber_history(alice)
    transport = _system_category("Transport")
    sign_in("alice", PASSWORD)
    _open_new_expense_form(page)

    page.get_by_label("Description").press_sequentially("Uber trip", delay=40)

    expect(page.get_by_text(SUGGESTION)).to_be_visible()
    use = page.get_by_role("button", name="Use Transport")
    expect(use).to_have_attribute("aria-keyshortcuts", "Alt+S")
    category = page.get_by_label("Category")
    expect(category).to_have_value("")

    use.click()

    expect(category).to_have_value(str(transport.id))
    expect(category).to_be_focused()
    expect(page.get_by_text(SUGGESTION)).to_be_hidden()
    page.get_by_label("Amount").fill("199.00")
    page.get_by_role("button", name="Add expense").click()
    expect(page.get_by_role("status")).to_have_text("Expense added.")
    saved = Expense.objects.get(owner=alice, amount=Decimal("199.00"))
    assert saved.category_id == transport.id


def test_alt_s_accepts_the_suggestion_without_leaving_the_description(page, make_user, sign_in):
    alice = make_user("alice")
    _uber_history(alice)
    transport = _system_category("Transport")
    sign_in("alice", PASSWORD)
    _open_new_expense_form(page)

    description = page.get_by_label("Description")
    description.fill("Uber trip home")
    expect(page.get_by_role("button", name="Use Transport")).to_be_visible()
    description.press("Alt+s")

    expect(page.get_by_label("Category")).to_have_value(str(transport.id))
    expect(description).to_be_focused()
    expect(page.get_by_role("button", name="Use Transport")).to_be_hidden()


def test_a_category_the_user_picked_is_never_overwritten(page, make_user, sign_in):
    from expenses.models import Expense

    alice = make_user("alice")
    _uber_history(alice)
    food = _system_category("Food")
    calls = _categorize_calls(page)
    sign_in("alice", PASSWORD)
    _open_new_expense_form(page)

    category = page.get_by_label("Category")
    category.select_option(label="Food")
    page.get_by_label("Description").press_sequentially("Uber trip", delay=40)
    # Well past the debounce and an answer: nothing is asked, nothing shown, nothing changed.
    page.wait_for_timeout(1200)

    assert calls == []
    expect(page.get_by_role("button", name="Use Transport")).to_have_count(0)
    expect(category).to_have_value(str(food.id))
    page.get_by_label("Amount").fill("99.00")
    page.get_by_role("button", name="Add expense").click()
    expect(page.get_by_role("status")).to_have_text("Expense added.")
    assert Expense.objects.get(owner=alice, amount=Decimal("99.00")).category_id == food.id


def test_choosing_a_category_while_a_suggestion_shows_hides_it_for_good(page, make_user, sign_in):
    alice = make_user("alice")
    _uber_history(alice)
    food = _system_category("Food")
    sign_in("alice", PASSWORD)
    _open_new_expense_form(page)

    description = page.get_by_label("Description")
    description.fill("Uber trip")
    expect(page.get_by_role("button", name="Use Transport")).to_be_visible()
    page.get_by_label("Category").select_option(label="Food")
    expect(page.get_by_role("button", name="Use Transport")).to_have_count(0)
    description.press_sequentially(" to the airport", delay=20)
    page.wait_for_timeout(1000)

    expect(page.get_by_role("button", name="Use Transport")).to_have_count(0)
    expect(page.get_by_label("Category")).to_have_value(str(food.id))


def test_an_older_answer_arriving_last_is_ignored(page, make_user, sign_in):
    """The first request's answer is held back until the second's is in: the form shows the
    newer one."""
    make_user("alice")
    food = _system_category("Food")
    transport = _system_category("Transport")
    held: list = []

    def answer(route, category, confidence):
        route.fulfill(
            status=200,
            headers={"Access-Control-Allow-Origin": "*"},
            json={
                "category": category.id,
                "category_name": category.name,
                "confidence": confidence,
                "rationale": f"Test answer: {category.name}.",
                "provider": "local",
            },
        )

    def handle(route):
        held.append(route)
        if len(held) == 2:
            answer(held[1], food, 0.8)  # The newer request ("Lunch …") answers first,
            answer(held[0], transport, 0.9)  # then the older one ("Uber").

    sign_in("alice", PASSWORD)
    _open_new_expense_form(page)
    page.route(re.compile(r"/api/v1/ai/categorize/$"), handle)
    description = page.get_by_label("Description")

    with page.expect_request(re.compile(r"/ai/categorize/$")):
        description.fill("Uber")
    description.fill("Lunch at the office")

    expect(page.get_by_text("Suggested: Food (80 %)")).to_be_visible()
    page.wait_for_timeout(500)
    expect(page.get_by_text("Suggested: Food (80 %)")).to_be_visible()
    expect(page.get_by_role("button", name="Use Transport")).to_have_count(0)
    assert len(held) == 2


def test_low_confidence_and_no_category_show_nothing(page, make_user, sign_in):
    make_user("alice")
    transport = _system_category("Transport")
    answers = iter(
        [
            {"category": transport.id, "category_name": "Transport", "confidence": 0.2},
            {"category": None, "category_name": None, "confidence": 0.0},
        ]
    )

    def handle(route):
        route.fulfill(
            status=200,
            headers={"Access-Control-Allow-Origin": "*"},
            json={**next(answers), "rationale": "Not sure.", "provider": "local"},
        )

    sign_in("alice", PASSWORD)
    _open_new_expense_form(page)
    page.route(re.compile(r"/api/v1/ai/categorize/$"), handle)
    description = page.get_by_label("Description")

    for text in ("Something", "Something else"):
        with page.expect_response(re.compile(r"/ai/categorize/$")):
            description.fill(text)
        page.wait_for_timeout(200)
        expect(page.get_by_text("Suggested:")).to_have_count(0)


def test_with_the_smart_features_off_the_app_shows_none_of_them(page, make_user, sign_in, settings):
    settings.AI_ENABLED = False
    alice = make_user("alice")
    _uber_history(alice)
    sign_in("alice", PASSWORD)

    expect(page.get_by_role("heading", name="Insights")).to_have_count(0)
    _open_new_expense_form(page)
    with page.expect_response(re.compile(r"/ai/categorize/$")) as answer:
        page.get_by_label("Description").fill("Uber trip")
    assert answer.value.status == 503
    page.wait_for_timeout(300)
    expect(page.get_by_text("Suggested:")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)


def _months_back(day: datetime.date, count: int) -> datetime.date:
    """The same day `count` months before `day` (capped at the 28th)."""
    month_index = day.year * 12 + day.month - 1 - count
    return datetime.date(month_index // 12, month_index % 12 + 1, min(day.day, 28))


def _history_with_a_subscription_and_an_outlier(owner):
    """A monthly streaming bill over the four months before this one, everyday Food spending
    in those months and this one, and one Food expense far above the rest today."""
    from expenses.services import expense_create

    food = _system_category("Food")
    entertainment = _system_category("Entertainment")
    today = timezone.localdate()
    for months in range(1, 5):
        expense_create(
            owner=owner,
            amount=Decimal("649.00"),
            date=_months_back(today, months).replace(day=10),
            description="Netflix subscription",
            merchant="Netflix",
            category=entertainment,
        )
    for months in range(0, 5):
        for offset, amount in enumerate(("220.00", "180.00", "250.00", "205.00")):
            day = _months_back(today, months).replace(day=1 + offset)
            if day > today:
                day = today
            expense_create(
                owner=owner,
                amount=Decimal(amount),
                date=day,
                description="Groceries",
                merchant="Local store",
                category=food,
            )
    return expense_create(
        owner=owner,
        amount=Decimal("9500.00"),
        date=today,
        description="Wedding catering",
        merchant="Caterers",
        category=food,
    )


def test_the_dashboard_shows_insights_that_lead_to_the_expenses(page, make_user, sign_in):
    alice = make_user("alice")
    outlier = _history_with_a_subscription_and_an_outlier(alice)
    sign_in("alice", PASSWORD)

    insights = page.get_by_role("region", name="Insights")
    expect(insights.get_by_text("Likely month-end total")).to_be_visible()
    subscriptions = insights.get_by_role("region", name="Subscriptions")
    netflix = subscriptions.get_by_role("listitem").filter(has_text="Netflix")
    expect(netflix).to_contain_text("Monthly")
    expect(netflix).to_contain_text("Usually ₹649.00")
    expect(netflix).to_contain_text("next ")

    unusual = insights.get_by_role("region", name="Unusual spending")
    link = unusual.get_by_role("link", name=re.compile(r"₹9,500\.00"))
    expect(link).to_have_attribute("href", f"#/expenses/{outlier.id}")
    link.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Edit expense")
    expect(page.get_by_label("Description")).to_have_value("Wedding catering")


def test_a_subscription_and_a_category_spike_link_to_their_expenses(page, make_user, sign_in):
    alice = make_user("alice")
    _history_with_a_subscription_and_an_outlier(alice)
    food = _system_category("Food")
    today = timezone.localdate()
    sign_in("alice", PASSWORD)

    page.get_by_role("region", name="Subscriptions").get_by_role("link", name="Netflix").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    expect(page.get_by_label("Search")).to_have_value("Netflix")
    expect(page.get_by_role("row").filter(has_text="Netflix subscription")).to_have_count(4)

    page.get_by_role("link", name="Dashboard").click()
    spike = page.get_by_role("region", name="Unusual spending").get_by_role(
        "link", name=re.compile(r"^Category spike: Food")
    )
    spike.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    expect(page.get_by_label("Category")).to_have_value(str(food.id))
    expect(page.get_by_label("From")).to_have_value(today.replace(day=1).isoformat())
    expect(page.get_by_role("row").filter(has_text="Wedding catering")).to_have_count(1)
    expect(page.get_by_role("row").filter(has_text="Netflix")).to_have_count(0)


def test_the_csv_import_suggests_categories_and_fills_them_in(page, make_user, sign_in, tmp_path):
    from expenses.models import Expense

    alice = make_user("alice")
    _uber_history(alice)
    transport = _system_category("Transport")
    statement = tmp_path / "statement.csv"
    statement.write_text(
        "date,description,amount,category\n"
        "2026-01-03,Uber trip,250.00,\n"
        "2026-01-05,Coffee beans,1250.00,Food\n"
    )
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Import & export", exact=True).click()
    form = page.get_by_role("form", name="Import a CSV file")
    expect(form.get_by_label("Suggest categories")).to_be_checked()

    form.get_by_label("CSV file").set_input_files(statement)
    form.get_by_role("button", name="Preview").click()

    preview = page.get_by_role("table", name="Rows to import")
    uber = preview.get_by_role("row").filter(has_text="Uber trip")
    expect(uber.get_by_role("cell").nth(4)).to_have_text(
        re.compile(r"^Suggested: Transport · \d{1,3}\s%$")
    )
    coffee = preview.get_by_role("row").filter(has_text="Coffee beans")
    expect(coffee.get_by_role("cell").nth(4)).to_have_text("Food")

    page.get_by_role("button", name="Import 2 expenses").click()

    expect(page.get_by_role("status")).to_contain_text("Imported 2 expenses.")
    imported = Expense.objects.get(owner=alice, amount=Decimal("250.00"))
    assert imported.category_id == transport.id
    assert Expense.objects.get(owner=alice, amount=Decimal("1250.00")).category.name == "Food"


def test_without_suggestions_the_preview_leaves_the_category_empty(
    page, make_user, sign_in, tmp_path
):
    from expenses.models import Expense

    alice = make_user("alice")
    _uber_history(alice)
    statement = tmp_path / "statement.csv"
    statement.write_text("date,description,amount\n2026-01-03,Uber trip,250.00\n")
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Import & export", exact=True).click()
    form = page.get_by_role("form", name="Import a CSV file")
    form.get_by_label("Suggest categories").uncheck()

    form.get_by_label("CSV file").set_input_files(statement)
    with page.expect_request(re.compile(r"/import/expenses\.csv")) as sent:
        form.get_by_role("button", name="Preview").click()

    assert b"auto_categorize" not in (sent.value.post_data_buffer or b"")
    uber = (
        page.get_by_role("table", name="Rows to import")
        .get_by_role("row")
        .filter(has_text="Uber trip")
    )
    expect(uber.get_by_role("cell").nth(4)).to_have_text("None")
    page.get_by_role("button", name="Import 1 expense").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 1 expense.")
    assert Expense.objects.get(owner=alice, amount=Decimal("250.00")).category is None


def test_with_the_smart_features_off_an_import_goes_through_without_them(
    page, make_user, sign_in, settings, tmp_path
):
    from expenses.models import Expense

    settings.AI_ENABLED = False
    alice = make_user("alice")
    statement = tmp_path / "statement.csv"
    statement.write_text("date,description,amount\n2026-01-03,Uber trip,250.00\n")
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Import & export", exact=True).click()
    form = page.get_by_role("form", name="Import a CSV file")
    form.get_by_label("CSV file").set_input_files(statement)

    form.get_by_role("button", name="Preview").click()

    suggest = form.get_by_label("Suggest categories")
    expect(suggest).not_to_be_checked()
    expect(suggest).to_be_disabled()
    expect(suggest).to_have_accessible_description(re.compile("switched off"))
    form.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Import 1 expense").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 1 expense.")
    assert Expense.objects.get(owner=alice).category is None
