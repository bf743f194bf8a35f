"""Importing bank statements in headless Chromium with nothing set but the file: ICICI (a
preamble, debit/credit columns, a refund), N26 (semicolons, decimal comma, BOM) and Revolut
(ISO datetimes, a reverted payment, several currencies); then a bank profile saved on the
first ICICI import is chosen by itself for the next ICICI statement."""

import datetime
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STATEMENTS = Path(__file__).parents[2] / "reports" / "tests" / "data"


def open_importer(page):
    page.get_by_role("link", name="Import & export", exact=True).click()
    return page.get_by_role("form", name="Import a CSV file")


def spending(owner) -> list[tuple]:
    from expenses.models import Expense

    return sorted(
        (e.date, e.amount, e.currency) for e in Expense.objects.filter(owner=owner).order_by("id")
    )


def in_frame(page, preview, element, widths=(1280, 390)):
    """`element` is inside the preview's scrolling frame, unscrolled, at each width."""
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        box = element.bounding_box()
        frame = page.locator("div.overflow-auto", has=preview).bounding_box()
        assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, width
    page.set_viewport_size({"width": 1280, "height": 900})


def test_three_bank_statements_import_with_only_the_file_chosen(page, make_user, sign_in, tmp_path):
    from expenses.models import Expense
    from reports.models import ImportProfile

    alice = make_user("alice", default_currency="INR")
    sign_in("alice", PASSWORD)
    form = open_importer(page)

    # ICICI: six lines before the header, debit/credit columns, a refunded Swiggy order.
    form.get_by_label("Statement or CSV file").set_input_files(STATEMENTS / "icici-style.csv")
    expect(page.locator("[data-read-as]")).to_have_text(
        "We read this file as: comma-separated, UTF-8, header on line 6, dates like "
        "31-12-2026, decimal point."
    )
    preview = page.get_by_role("table", name="Rows to import")
    expect(preview.get_by_role("row").filter(has_text="Swiggy refund")).to_contain_text("Refunded")
    expect(preview.get_by_role("row").filter(has_text="SALARY")).to_contain_text("Money in")
    expect(page.locator("[data-counts]")).to_have_text("5 to import, 1 money in, 2 refunded.")
    # ICICI's long unbroken narrations wrap: amounts and reasons stay in view on a phone.
    salary = preview.get_by_role("row").filter(has_text="SALARY")
    in_frame(page, preview, salary.get_by_text(re.compile(r"145,000\.00")), widths=(390,))
    in_frame(page, preview, salary.get_by_text("Money in (income"), widths=(390,))
    expect(form.get_by_label("Save these settings as a bank profile")).to_have_value("Icici style")
    form.get_by_label("Save these settings as a bank profile").fill("ICICI savings")
    page.get_by_role("button", name="Import 5 expenses").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 5 expenses.")
    expect(page.get_by_role("status")).to_contain_text("Saved the bank profile “ICICI savings”.")
    assert Expense.objects.filter(owner=alice).count() == 5
    assert sum(e.amount for e in Expense.objects.filter(owner=alice)) == Decimal("45589.75")
    assert not Expense.objects.filter(owner=alice, description__icontains="swiggy").exists()
    assert ImportProfile.objects.get(owner=alice).name == "ICICI savings"

    # N26: semicolons, a decimal comma and a BOM.
    form.get_by_label("Statement or CSV file").set_input_files(STATEMENTS / "n26-style.csv")
    expect(page.locator("[data-read-as]")).to_have_text(
        "We read this file as: semicolon-separated, UTF-8 with BOM, header on line 1, dates "
        "like 2026-12-31, decimal comma."
    )
    form.get_by_label("Save these settings as a bank profile").fill("")
    page.get_by_role("button", name="Import 4 expenses").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 4 expenses.")
    n26 = Expense.objects.filter(owner=alice, date__year=2025, description__in=[
        "REWE Markt GmbH", "Deutsche Bahn", "Stadtwerke München", "Café Müller"
    ])  # fmt: skip
    assert sorted(e.amount for e in n26) == [
        Decimal("8.40"),
        Decimal("54.37"),
        Decimal("129.90"),
        Decimal("1084.50"),
    ]

    # Revolut: the reverted Deliveroo order is named and left out; the top-up is money in.
    form.get_by_label("Statement or CSV file").set_input_files(STATEMENTS / "revolut-style.csv")
    deliveroo = preview.get_by_role("row").filter(has_text="Deliveroo")
    expect(deliveroo).to_contain_text("Reverted")
    expect(deliveroo).to_contain_text("The bank marked this payment REVERTED")
    expect(page.locator("[data-counts]")).to_have_text("5 to import, 1 money in, 1 reverted.")
    page.set_viewport_size({"width": 390, "height": 844})
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)  # to look at them: set it
    page.screenshot(path=shots / "import-preview-phone.png", full_page=True)
    preview.screenshot(path=shots / "import-preview-phone-table.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=shots / "import-preview-desktop.png", full_page=True)
    # Why a row is left out is in view without scrolling the table sideways, at both widths.
    in_frame(page, preview, deliveroo.get_by_text("The bank marked this payment REVERTED"))
    form.get_by_label("Save these settings as a bank profile").fill("")
    page.get_by_role("button", name="Import 5 expenses").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 5 expenses.")
    revolut = Expense.objects.filter(owner=alice, currency__in=["GBP", "EUR"])
    assert sorted((e.description, e.amount, e.currency) for e in revolut) == [
        ("Carrefour Paris", Decimal("42.30"), "EUR"),
        ("Exchanged to EUR", Decimal("100.50"), "GBP"),
        ("Pret A Manger", Decimal("7.85"), "GBP"),
        ("Spotify", Decimal("11.99"), "GBP"),
        ("Tfl Travel Charge", Decimal("8.10"), "GBP"),
    ]
    assert not Expense.objects.filter(owner=alice, description="Deliveroo").exists()
    assert Expense.objects.filter(owner=alice).count() == 14
    assert ImportProfile.objects.filter(owner=alice).count() == 1


def test_the_next_icici_statement_uses_the_saved_profile(page, make_user, sign_in, tmp_path):
    from expenses.models import Expense
    from reports.models import ImportProfile
    from reports.services.csv_import.reader import header_key

    alice = make_user("alice", default_currency="INR")
    icici = (STATEMENTS / "icici-style.csv").read_text()
    lines = icici.splitlines()
    header = next(line for line in lines if line.startswith("S No."))
    columns = header.split(",")
    ImportProfile.objects.create(
        owner=alice,
        name="ICICI savings",
        header=columns,
        header_key=header_key(columns),
        mapping={
            "date": "Value Date",  # not what detection would choose: proves the profile is used
            "description": "Transaction Remarks",
            "debit": "Withdrawal Amount (INR )",
            "credit": "Deposit Amount (INR )",
        },
        date_format="31-12-2026",
        decimal=".",
        delimiter=",",
        skip_rows=lines.index(header),
    )
    april = tmp_path / "icici-april.csv"
    april.write_text(
        icici.replace("1,01-03-2025,01-03-2025", "1,02-04-2025,01-04-2025").replace(
            "-03-2025", "-04-2025"
        )
    )
    sign_in("alice", PASSWORD)
    form = open_importer(page)
    form.get_by_label("Statement or CSV file").set_input_files(april)
    expect(page.locator("[data-profile-used]")).to_have_text("Using your profile “ICICI savings”.")
    expect(form.get_by_label("Bank profile", exact=True)).to_have_value(
        str(ImportProfile.objects.get(owner=alice).pk)
    )
    expect(form.get_by_label("Save these settings as a bank profile")).to_have_value("")
    form.get_by_text("Change how the file is read").click()
    expect(form.get_by_label("Date", exact=True)).to_have_value("Value Date")
    expect(form.get_by_label("Header on line")).to_have_value("6")
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    form.screenshot(path=shots / "import-settings-desktop.png")
    page.get_by_role("button", name="Import 5 expenses").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 5 expenses.")
    rent = Expense.objects.get(owner=alice, amount=Decimal("28000.00"))
    assert rent.date == datetime.date(2025, 4, 2)  # the Value Date column, as the profile says

    # The profile is listed under "Saved bank profiles" and can be deleted there.
    saved = page.get_by_role("list", name="Saved bank profiles")
    expect(saved).to_contain_text("ICICI savings")
    saved.get_by_role("button", name="Delete the profile ICICI savings").click()
    expect(page.get_by_text("Deleted the profile “ICICI savings”.")).to_be_visible()
    assert not ImportProfile.objects.filter(owner=alice).exists()


def test_columns_the_app_cannot_tell_are_chosen_from_the_files_own(
    page, make_user, sign_in, tmp_path
):
    from expenses.models import Expense

    alice = make_user("alice")
    odd = tmp_path / "odd.txt"
    odd.write_text("When,What,How much\n2026-01-05,Tea,-2.00\n2026-01-06,Cake,-3.50\n")
    sign_in("alice", PASSWORD)
    form = open_importer(page)
    form.get_by_label("Statement or CSV file").set_input_files(odd)
    expect(form.get_by_text("We could not tell which column holds")).to_be_visible()
    form.get_by_label("Date", exact=True).select_option("When")
    form.get_by_label("Description", exact=True).select_option("What")
    form.get_by_label("Amount (one column", exact=False).select_option("How much")
    preview = page.get_by_role("table", name="Rows to import")
    expect(preview.get_by_role("row").filter(has_text="Cake")).to_contain_text("3.50")
    form.get_by_label("Save these settings as a bank profile").fill("")
    page.get_by_role("button", name="Import 2 expenses").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 2 expenses.")
    assert sorted(Expense.objects.filter(owner=alice).values_list("description", flat=True)) == [
        "Cake",
        "Tea",
    ]


def test_the_text_encoding_is_chosen_in_the_settings(page, make_user, sign_in, tmp_path):
    from expenses.models import Expense

    alice = make_user("alice")
    cafe = tmp_path / "cafe.csv"
    cafe.write_bytes("date,description,amount\n2026-01-05,Café,-2.00\n".encode())
    sign_in("alice", PASSWORD)
    form = open_importer(page)
    form.get_by_label("Statement or CSV file").set_input_files(cafe)
    preview = page.get_by_role("table", name="Rows to import")
    expect(preview).to_contain_text("Café")
    form.get_by_text("Change how the file is read").click()
    encoding = form.get_by_label("Text encoding")
    expect(encoding).to_have_value("utf-8")
    encoding.select_option(label="Windows (Western European)")
    expect(preview).to_contain_text("CafÃ©")  # the server read it as sent
    expect(page.locator("[data-read-as]")).to_contain_text("Windows-1252")
    encoding.select_option(label="UTF-16 (Excel Unicode text)")
    expect(
        form.get_by_text("The file does not read as UTF-16 (Excel Unicode text)")
    ).to_be_visible()
    encoding.select_option(label="UTF-8")
    expect(preview).to_contain_text("Café")
    form.get_by_label("Save these settings as a bank profile").fill("")
    page.get_by_role("button", name="Import 1 expense").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 1 expense.")
    assert list(Expense.objects.filter(owner=alice).values_list("description", flat=True)) == [
        "Café"
    ]


def test_an_ofx_statement_chosen_in_the_same_picker_imports_too(page, make_user, sign_in):
    from expenses.models import Expense
    from reports.services.ofx_import import parse_ofx

    alice = make_user("alice")
    statement = STATEMENTS / "statement.ofx"
    expected = len(parse_ofx(statement.read_bytes(), max_rows=1000).rows)
    sign_in("alice", PASSWORD)
    form = open_importer(page)
    form.get_by_label("Statement or CSV file").set_input_files(statement)
    expect(page.get_by_role("table", name="Rows to import")).to_be_visible()
    expect(page.locator("[data-read-as]")).to_be_hidden()  # nothing to detect in an OFX file
    page.get_by_role("button", name=f"Import {expected} expenses").click()
    expect(page.get_by_role("status")).to_contain_text(f"Imported {expected} expenses.")
    assert Expense.objects.filter(owner=alice).count() == expected
