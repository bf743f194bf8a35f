import datetime
import json
import zipfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from budgets.tests.factories import BudgetFactory
from categories.models import Category
from categories.tests.factories import TagFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


@pytest.fixture
def alices_rows(alice):
    food = Category.objects.get(owner=None, name="Food")
    ExpenseFactory(
        owner=alice,
        date=datetime.date(2026, 1, 2),
        amount=Decimal("9.99"),
        description="=cmd('calc')",
        category=food,
        tags=[TagFactory(owner=alice, name="x")],
    )
    ExpenseFactory(owner=alice, date=datetime.date(2026, 2, 2), amount=Decimal("1.00"))
    BudgetFactory(owner=alice, month=datetime.date(2026, 1, 1), amount=Decimal("50"))


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_to_stdout_writes_the_csv_and_counts_its_rows(alice, alices_rows):
    out, err = run("export_expenses", "--user", "alice")
    assert out.splitlines()[0].startswith("date,amount,currency")
    assert len(out.splitlines()) == 3
    assert "Exported 2 expenses" in err


def test_export_then_import_through_the_commands(tmp_path, alice, bob, alices_rows):
    target = tmp_path / "out.csv"
    _, err = run("export_expenses", "--user", "alice", "--output", str(target))
    assert "Exported 2 expenses" in err
    assert "Exporting: 100%" in err
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("date,amount,currency")
    assert "'=cmd('calc')" in text

    dry, _ = run("import_expenses", "--user", "bob", str(target), "--dry-run")
    assert "Would create 2 expenses" in dry
    assert not Expense.objects.filter(owner=bob).exists()
    done, progress = run("import_expenses", "--user", "bob", str(target))
    assert "Created 2 expenses for bob" in done
    assert "Importing: 100%" in progress
    assert "2/2" in progress
    assert Expense.objects.get(owner=bob, amount=Decimal("9.99")).description == "=cmd('calc')"


def test_export_command_filters_by_date(tmp_path, alice, alices_rows):
    target = tmp_path / "jan.csv"
    run(
        "export_expenses",
        "--user",
        "alice",
        "-o",
        str(target),
        "--start",
        "2026-01-01",
        "--end",
        "2026-01-31",
    )
    assert len(target.read_text().splitlines()) == 2


def test_import_command_reads_a_bank_layout_and_ofx(tmp_path, alice):
    out, _ = run(
        "import_expenses",
        "--user",
        "alice",
        str(DATA / "sbi-style.tsv"),
        "--date-format",
        "%d %b %Y",
        "--mapping",
        json.dumps(
            {"date": "Txn Date", "description": "Description", "debit": "Debit", "credit": "Credit"}
        ),
    )
    assert "Created 4 expenses" in out
    out, _ = run("import_expenses", "--user", "alice", str(DATA / "statement.ofx"))
    assert "Created 4 expenses" in out
    assert Expense.objects.filter(owner=alice).count() == 8


def test_import_command_rejects_a_bad_file_and_writes_nothing(tmp_path, alice):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,amount,description\n2026-01-01,ten,x\n")
    with pytest.raises(CommandError, match="line 2, amount"):
        run("import_expenses", "--user", "alice", str(bad))
    assert not Expense.objects.exists()


def test_backup_and_restore_commands_round_trip(tmp_path, alice, bob, alices_rows):
    archive = tmp_path / "alice.zip"
    out, _ = run("backup", "--user", "alice", str(archive))
    assert "Backed up alice (2 expenses)" in out
    _, progress = run("backup", "--user", "alice", str(tmp_path / "alice-progress.json"))
    assert "Backing up: 100%" in progress
    assert "backup.json" in zipfile.ZipFile(archive).namelist()
    out, _ = run("restore", "--user", "bob", str(archive))
    assert "created 0 categories, 1 tags, 2 expenses, 1 budgets" in out
    out, _ = run("restore", "--user", "bob", str(archive))
    assert "created 0 categories, 0 tags, 0 expenses, 0 budgets" in out
    document = tmp_path / "alice.json"
    run("backup", "--user", "alice", str(document))
    assert json.loads(document.read_text())["format"] == "smart-expense-tracker-backup"


def test_restore_command_explains_a_bad_backup(tmp_path, bob):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "smart-expense-tracker-backup", "version": 9}))
    with pytest.raises(CommandError, match="Version 9"):
        run("restore", "--user", "bob", str(bad))


def test_commands_need_a_known_user(tmp_path):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run("export_expenses", "--user", "nobody")


def test_command_line_import_detects_a_decimal_comma(alice):
    mapping = json.dumps({"date": "Datum", "description": "Empfänger", "amount": "Betrag (EUR)"})
    out, _ = run(
        "import_expenses", "--user", "alice", str(DATA / "n26-style.csv"), "--mapping", mapping
    )
    assert "Created 4 expenses" in out
    assert "decimal separator ','" in out
    assert sorted(Expense.objects.filter(owner=alice).values_list("amount", flat=True)) == [
        Decimal("8.40"),
        Decimal("54.37"),
        Decimal("129.90"),
        Decimal("1084.50"),
    ]


def test_command_line_import_can_fill_categories(tmp_path, alice):
    statement = tmp_path / "s.csv"
    statement.write_text("date,description,amount\n2026-03-02,NETFLIX.COM,649.00\n")
    out, _ = run("import_expenses", "--user", "alice", str(statement), "--auto-categorize")
    assert "Created 1 expenses" in out
    assert Expense.objects.get(owner=alice).category.name == "Entertainment"
