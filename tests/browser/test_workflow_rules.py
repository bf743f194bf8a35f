"""Rules in headless Chromium: a rule made from an expense categorizes the next import; the
rules page creates, reorders, previews and applies rules."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STATEMENT = """date,amount,currency,description,category,merchant,payment_method,tags,notes
2026-03-02,120.00,INR,AMZN Mktp IN*9QX7,,,,,
2026-03-03,45.00,INR,Metro card,,,,,
"""


def test_a_rule_from_an_expense_categorizes_the_next_import(page, make_user, sign_in, tmp_path):
    from categories.models import Category
    from expenses.models import Expense
    from expenses.services import expense_create
    from rules.models import Rule

    alice = make_user("alice")
    shopping = Category.objects.get(owner=None, name="Shopping")
    expense = expense_create(
        owner=alice,
        amount=Decimal("499.00"),
        date=datetime.date(2026, 2, 20),
        description="AMZN Mktp IN*2K4",
        category=shopping,
    )
    statement = tmp_path / "statement.csv"
    statement.write_text(STATEMENT)
    sign_in("alice", PASSWORD)

    page.get_by_role("link", name="Expenses", exact=True).click()
    page.get_by_role("link", name="AMZN Mktp IN*2K4").first.click()
    page.get_by_role("link", name="Create a rule from this expense").click()

    form = page.get_by_role("form", name="New rule")
    expect(form.get_by_label("Name")).to_have_value("AMZN Mktp → Shopping")
    expect(form.get_by_label("Condition 1", exact=True)).to_have_value("description.contains")
    expect(form.get_by_label("Condition 1: text")).to_have_value("AMZN Mktp")
    expect(form.get_by_label("Set category")).to_have_value(str(shopping.id))
    form.get_by_role("button", name="Save rule").click()

    expect(page.get_by_role("status")).to_have_text("Saved the rule “AMZN Mktp → Shopping”.")
    rule = Rule.objects.get(owner=alice)
    assert rule.conditions == [
        {"field": "description", "operator": "contains", "value": "AMZN Mktp"}
    ]
    assert rule.set_category == shopping
    row = page.locator(f'[data-rule-id="{rule.id}"]')
    expect(row).to_contain_text("Description contains “AMZN Mktp”")
    expect(row.locator("[data-preview]")).to_have_text("Applies to 1 existing expense.")

    page.get_by_role("link", name="Import & export", exact=True).click()
    importer = page.get_by_role("form", name="Import a CSV file")
    importer.get_by_label("CSV file").set_input_files(statement)
    importer.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("table", name="Rows to import")
    ruled = preview.get_by_role("row").filter(has_text="AMZN Mktp IN*9QX7")
    expect(ruled).to_contain_text("Shopping")
    expect(ruled).not_to_contain_text("Suggested")  # the rule's, not a suggestion
    expect(preview.get_by_role("row").filter(has_text="Metro card")).not_to_contain_text("Shopping")
    page.get_by_role("button", name="Import 2 expenses").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 2 expenses.")

    imported = Expense.objects.get(owner=alice, description="AMZN Mktp IN*9QX7")
    assert imported.category == shopping
    assert Expense.objects.get(owner=alice, description="Metro card").category != shopping
    assert Expense.objects.get(pk=expense.pk).category == shopping


def test_the_rules_page_creates_reorders_previews_and_applies(page, make_user, sign_in):
    from categories.models import Category
    from expenses.models import Expense
    from expenses.services import expense_create
    from rules.models import Rule
    from rules.tests.factories import RuleFactory

    alice = make_user("alice")
    for n in range(3):
        expense_create(
            owner=alice,
            amount=Decimal(f"{20 + n}.00"),
            date=datetime.date(2026, 2, 1 + n),
            description=f"Uber trip {n}",
        )
    expense_create(
        owner=alice,
        amount=Decimal("900.00"),
        date=datetime.date(2026, 2, 9),
        description="Uber trip 9",
    )
    first = RuleFactory(
        owner=alice,
        name="Tag shops",
        position=0,
        conditions=[{"field": "description", "operator": "contains", "value": "shop"}],
        add_tags=["shop"],
    )
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Rules", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rules")

    page.get_by_role("button", name="New rule").click()
    form = page.get_by_role("form", name="New rule")
    form.get_by_label("Name").fill("Short rides")
    form.get_by_label("Condition 1", exact=True).select_option(label="Description matches pattern")
    form.get_by_label("Condition 1: pattern").fill(r"^uber trip \d+$")
    form.get_by_role("button", name="Add condition").click()
    form.get_by_label("Condition 2", exact=True).select_option(label="Amount between")
    form.get_by_label("Condition 2: minimum amount").fill("10")
    form.get_by_label("Condition 2: maximum amount").fill("5")
    transport = Category.objects.get(owner=None, name="Transport")
    form.get_by_label("Set category").select_option(str(transport.id))
    form.get_by_role("button", name="Save rule").click()
    # The API's answer is shown next to the condition it names.
    expect(form).to_contain_text("The maximum is less than the minimum.")
    form.get_by_label("Condition 2: maximum amount").fill("100")
    form.get_by_role("button", name="Save rule").click()

    expect(page.get_by_role("status")).to_have_text("Saved the rule “Short rides”.")
    rides = Rule.objects.get(owner=alice, name="Short rides")
    row = page.locator(f'[data-rule-id="{rides.id}"]')
    expect(row).to_contain_text("Description matches pattern “^uber trip \\d+$”")
    expect(row).to_contain_text("Amount between 10.00 and 100.00")
    expect(row.locator("[data-preview]")).to_have_text("Applies to 3 existing expenses.")

    page.get_by_role("button", name="Move Short rides up").click()
    rules = page.get_by_role("list", name="Rules").locator(":scope > li")
    expect(rules.first).to_contain_text("Short rides")
    assert list(
        Rule.objects.filter(owner=alice).order_by("position").values_list("id", flat=True)
    ) == [rides.id, first.id]

    row.get_by_role("button", name="Preview Short rides").click()
    row.get_by_role("button", name="Apply to those 3 expenses").click()
    expect(row).to_contain_text("3 expenses changed of 3 matching.")
    assert sorted(
        Expense.objects.filter(owner=alice, category=transport).values_list(
            "description", flat=True
        )
    ) == ["Uber trip 0", "Uber trip 1", "Uber trip 2"]

    page.get_by_label("Enabled: Tag shops").uncheck()
    expect(page.get_by_role("status")).to_have_text("Disabled “Tag shops”.")
    first.refresh_from_db()
    assert first.enabled is False
