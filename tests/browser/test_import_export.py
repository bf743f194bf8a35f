"""Import and export in headless Chromium: CSV preview and import, backups."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BANK_CSV = """Txn Date,Narration,Withdrawal,Deposit
03/01/2026,Coffee beans,"1,250.00",
04/01/2026,Salary,,50000.00
05/01/2026,Metro card,300.00,
06/01/2026,Lunch with Bob,12.50,
"""


def test_alice_previews_a_bank_csv_then_imports_it(page, make_user, sign_in, tmp_path):
    from expenses.models import Expense
    from expenses.services import expense_create

    alice = make_user("alice")
    expense_create(
        owner=alice,
        amount=Decimal("12.50"),
        date=datetime.date(2026, 1, 6),
        description="Lunch with Bob",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(BANK_CSV.replace("300.00", "three hundred"))
    good = tmp_path / "statement.csv"
    good.write_text(BANK_CSV)
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Import & export", exact=True).click()
    form = page.get_by_role("form", name="Import a CSV file")

    # Choosing the file is enough: the bad row is named in plain words.
    form.get_by_label("Statement or CSV file").set_input_files(bad)
    problems = page.get_by_role("alert").filter(has_text="Nothing was imported")
    expect(problems).to_contain_text("Row 4: the money-out amount 'three hundred' is not a number.")

    form.get_by_label("Statement or CSV file").set_input_files(good)
    preview = page.get_by_role("table", name="Rows to import")
    expect(page.locator("[data-read-as]")).to_contain_text("dates like 31/12/2026")
    # Every day is 12 or less: the app says the dates could be read either way.
    expect(form.get_by_text("The dates could be read as 31/12/2026 or 12/31/2026")).to_be_visible()
    form.get_by_label("Dates written like").select_option("12/31/2026")
    expect(preview.get_by_role("row").filter(has_text="Coffee beans")).to_contain_text(
        "Mar 1, 2026"
    )
    form.get_by_label("Dates written like").select_option("31/12/2026")
    expect(preview.get_by_role("row").filter(has_text="Coffee beans")).to_contain_text(
        "Jan 3, 2026"
    )

    expect(preview.get_by_role("row")).to_have_count(5)
    expect(preview.get_by_role("row").filter(has_text="Coffee beans")).to_contain_text("₹1,250.00")
    expect(preview.get_by_role("row").filter(has_text="Lunch with Bob")).to_contain_text(
        "Duplicate, skipped"
    )
    expect(preview.get_by_role("row").filter(has_text="Salary")).to_contain_text("Money in")
    expect(page.locator("[data-counts]")).to_have_text(
        "2 to import, 1 duplicate skipped, 1 money in."
    )
    assert Expense.objects.count() == 1

    form.get_by_label("Save these settings as a bank profile").fill("")
    page.get_by_role("button", name="Import 2 expenses").click()

    expect(page.get_by_role("status")).to_contain_text("Imported 2 expenses.")
    expect(page.get_by_role("status")).to_contain_text("1 row already imported was skipped.")
    imported = Expense.objects.filter(owner=alice).exclude(description="Lunch with Bob")
    assert sorted((e.description, e.amount, e.date.isoformat()) for e in imported) == [
        ("Coffee beans", Decimal("1250.00"), "2026-01-03"),
        ("Metro card", Decimal("300.00"), "2026-01-05"),
    ]
    assert Expense.objects.filter(owner=alice, description="Lunch with Bob").count() == 1


def test_alice_downloads_a_json_backup_and_restoring_it_adds_nothing(page, make_user, sign_in):
    from expenses.models import Expense
    from expenses.services import expense_create

    alice = make_user("alice")
    expense_create(
        owner=alice, amount=Decimal("9.99"), date=timezone.localdate(), description="Cat food"
    )
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Import & export", exact=True).click()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download backup (JSON)").click()
    download = download_info.value

    assert download.suggested_filename.endswith(".json")
    backup = json.loads(download.path().read_text(encoding="utf-8"))
    assert backup["format"] == "smart-expense-tracker-backup"
    assert backup["version"] == 1
    assert [row["description"] for row in backup["expenses"]] == ["Cat food"]

    restore = page.get_by_role("form", name="Restore a backup")
    restore.get_by_label("Backup file").set_input_files(download.path())
    restore.get_by_role("button", name="Restore backup").click()

    expect(page.get_by_role("status")).to_have_text("Restored: everything in it was already here.")
    result = page.get_by_role("table", name="What the restore did")
    expect(result.get_by_role("row").filter(has_text="Expenses")).to_have_text("Expenses01")
    assert Expense.objects.filter(owner=alice).count() == 1


def test_a_decimal_comma_statement_imports_with_the_separator_detected(page, make_user, sign_in):
    from pathlib import Path

    from expenses.models import Expense

    alice = make_user("alice")
    statement = Path(__file__).parents[2] / "reports" / "tests" / "data" / "n26-style.csv"
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Import & export", exact=True).click()
    form = page.get_by_role("form", name="Import a CSV file")
    form.get_by_label("Statement or CSV file").set_input_files(statement)
    expect(page.locator("[data-read-as]")).to_contain_text("decimal comma")
    form.get_by_text("Change how the file is read").click()
    expect(form.get_by_label("Amounts written like")).to_have_value(",")
    form.get_by_label("Currency of the file").fill("EUR")
    form.get_by_label("Currency of the file").blur()

    preview = page.get_by_role("table", name="Rows to import")
    expect(preview.get_by_role("row").filter(has_text="REWE")).to_contain_text("€54.37")
    expect(preview.get_by_role("row").filter(has_text="Stadtwerke")).to_contain_text("€1,084.50")
    form.get_by_label("Save these settings as a bank profile").fill("")
    page.get_by_role("button", name="Import 4 expenses").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 4 expenses.")
    assert sorted(Expense.objects.filter(owner=alice).values_list("amount", flat=True)) == [
        Decimal("8.40"),
        Decimal("54.37"),
        Decimal("129.90"),
        Decimal("1084.50"),
    ]
