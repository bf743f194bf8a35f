"""CSV imports with nothing said but the file: the delimiter, encoding, header row, columns,
date format and decimal separator are detected; reverted payments, refunded charges and money
in are named and not imported; duplicates are skipped by default; row errors are plain words.

The expected expenses of each sample statement are computed here by reading the file with
its known layout, independently of the importer."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expenses.models import Expense

pytestmark = pytest.mark.django_db

URL = "/api/v1/import/expenses.csv"
STATEMENTS = Path(__file__).parent / "data"  # the sample statements (see its README.md)


def post(client, content: bytes, name: str = "statement.csv", query: str = "", **form):
    form["file"] = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(f"{URL}{query}", form, format="multipart")


def text_of(name: str, encoding: str = "utf-8-sig") -> str:
    return (STATEMENTS / name).read_bytes().decode(encoding)


def number(text: str, decimal: str = ".") -> Decimal:
    text = text.strip()
    if decimal == ",":
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text.replace(",", "")) if text else Decimal(0)


Row = tuple[datetime.date, str, Decimal, str]  # date, description, amount, currency


def expected_icici() -> list[Row]:
    lines = text_of("icici-style.csv").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("S No."))
    header = next(csv.reader([lines[start]]))
    records = [
        dict(zip(header, cells, strict=False))
        for cells in csv.reader(lines[start + 1 :])
        if cells and cells[0].strip().isdigit()
    ]
    debit, credit = "Withdrawal Amount (INR )", "Deposit Amount (INR )"
    refunds = [r for r in records if "refund" in r["Transaction Remarks"].lower()]
    refunded = {
        charge["S No."]
        for refund in refunds
        for charge in records
        if number(charge[debit]) == number(refund[credit])
        and refund["Transaction Remarks"].split("/")[1] in charge["Transaction Remarks"]
    }
    return [
        (
            datetime.datetime.strptime(r["Transaction Date"], "%d-%m-%Y").date(),
            r["Transaction Remarks"],
            number(r[debit]),
            "INR",
        )
        for r in records
        if number(r[debit]) > 0 and r["S No."] not in refunded
    ]


def expected_sbi() -> list[Row]:
    records = csv.DictReader(io.StringIO(text_of("sbi-style.tsv")), delimiter="\t")
    return [
        (
            datetime.datetime.strptime(r["Txn Date"], "%d %b %Y").date(),
            r["Description"],
            number(r["Debit"]),
            "INR",
        )
        for r in records
        if r["Debit"].strip()
    ]


def expected_chase() -> list[Row]:
    records = list(csv.DictReader(io.StringIO(text_of("chase-style.csv"))))
    returned = {(r["Description"], number(r["Amount"])) for r in records if r["Type"] == "Return"}
    return [
        (
            datetime.datetime.strptime(r["Transaction Date"], "%m/%d/%Y").date(),
            r["Description"],
            -number(r["Amount"]),
            "INR",
        )
        for r in records
        if r["Type"] == "Sale" and (r["Description"], -number(r["Amount"])) not in returned
    ]


def expected_revolut() -> list[Row]:
    records = csv.DictReader(io.StringIO(text_of("revolut-style.csv")))
    return [
        (
            datetime.date.fromisoformat(r["Started Date"][:10]),
            r["Description"],
            -number(r["Amount"]) + number(r["Fee"]),
            r["Currency"],
        )
        for r in records
        if number(r["Amount"]) < 0 and r["State"] == "COMPLETED"
    ]


def expected_n26() -> list[Row]:
    records = csv.DictReader(io.StringIO(text_of("n26-style.csv")), delimiter=";")
    return [
        (
            datetime.date.fromisoformat(r["Datum"]),
            r["Empfänger"],
            -number(r["Betrag (EUR)"], ","),
            "INR",
        )
        for r in records
        if number(r["Betrag (EUR)"], ",") < 0
    ]


def expected_latin1() -> list[Row]:
    records = csv.DictReader(io.StringIO(text_of("latin1-style.csv", "latin-1")))
    return [
        (datetime.date.fromisoformat(r["date"]), r["description"], number(r["amount"]), "INR")
        for r in records
    ]


SAMPLES = {
    "icici-style.csv": expected_icici,
    "sbi-style.tsv": expected_sbi,
    "chase-style.csv": expected_chase,
    "revolut-style.csv": expected_revolut,
    "n26-style.csv": expected_n26,
    "latin1-style.csv": expected_latin1,
}


def imported(owner) -> list[Row]:
    return sorted(
        (e.date, e.description, e.amount, e.currency) for e in Expense.objects.filter(owner=owner)
    )


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_statement_imports_with_no_options(alice_client, alice, name):
    # Descriptions are stored with their runs of spaces folded ("UBER   *TRIP").
    expected = sorted((day, " ".join(text.split()), *rest) for day, text, *rest in SAMPLES[name]())
    assert expected, "the sample has spending rows"
    response = post(alice_client, (STATEMENTS / name).read_bytes(), name=name)
    assert response.status_code == 201, response.content
    assert response.json()["created"] == len(expected)
    assert response.json()["counts"]["import"] == len(expected)
    assert imported(alice) == expected


def test_the_dry_run_says_what_was_detected_for_a_file_with_a_preamble(alice_client):
    response = post(alice_client, (STATEMENTS / "icici-style.csv").read_bytes(), query="?dry_run=1")
    assert response.status_code == 200, response.content
    detection = response.json()["detection"]
    assert detection["encoding"] == "UTF-8"
    assert detection["delimiter"] == ","
    assert detection["header_row"] == 6  # after five preamble lines
    assert detection["header"][:3] == ["S No.", "Value Date", "Transaction Date"]
    assert detection["date_format"] == "31-12-2026"
    assert detection["decimal"] == "."
    assert detection["mapping"] == {
        "date": "Transaction Date",
        "description": "Transaction Remarks",
        "debit": "Withdrawal Amount (INR )",
        "credit": "Deposit Amount (INR )",
    }
    assert detection["ambiguous"] == []
    assert {"header_row", "mapping", "date_format", "decimal", "delimiter"} <= set(
        detection["detected"]
    )
    # The legend line after the last transaction is not an error, nor a row.
    assert all(row["row"] <= 14 for row in response.json()["rows"])


def test_decimal_comma_semicolons_and_a_bom_are_detected(alice_client):
    response = post(alice_client, (STATEMENTS / "n26-style.csv").read_bytes(), query="?dry_run=1")
    detection = response.json()["detection"]
    assert (detection["encoding"], detection["delimiter"], detection["decimal"]) == (
        "UTF-8 with BOM",
        ";",
        ",",
    )
    assert detection["mapping"]["amount"] == "Betrag (EUR)"
    salary = [row for row in response.json()["rows"] if row["status"] == "money_in"]
    assert [(row["description"], row["amount"]) for row in salary] == [
        ("Arbeitgeber AG", "3250.00")
    ]
    assert "Money in" in salary[0]["reason"]


def test_a_latin1_file_is_read_as_such(alice_client, alice):
    response = post(alice_client, (STATEMENTS / "latin1-style.csv").read_bytes())
    assert response.status_code == 201, response.content
    assert Expense.objects.filter(owner=alice, description="Café de Flore").exists()
    preview = post(alice_client, (STATEMENTS / "latin1-style.csv").read_bytes(), query="?dry_run=1")
    assert preview.json()["detection"]["encoding"] == "Windows-1252"


def test_reverted_payments_are_listed_with_why_and_not_imported(alice_client, alice):
    content = (STATEMENTS / "revolut-style.csv").read_bytes()
    reverted = [
        r for r in csv.DictReader(io.StringIO(content.decode())) if r["State"] == "REVERTED"
    ]
    preview = post(alice_client, content, query="?dry_run=1").json()
    listed = [row for row in preview["rows"] if row["status"] == "reverted"]
    assert [row["description"] for row in listed] == [r["Description"] for r in reverted]
    assert "REVERTED" in listed[0]["reason"]
    assert preview["counts"]["reverted"] == len(reverted)
    post(alice_client, content)
    assert not Expense.objects.filter(
        owner=alice, description__in=[r["Description"] for r in reverted]
    ).exists()


def test_a_refund_and_its_charge_are_neither_imported(alice_client, alice):
    content = (
        b"Date,Description,Amount\n"
        b"2026-03-01,AMAZON MKTPL*2K4LL1V22,-39.99\n"
        b"2026-03-02,Coffee,-3.00\n"
        b"2026-03-20,AMAZON MKTPL refund 2K4LL1V22,39.99\n"
        b"2026-03-21,Salary,2000.00\n"
    )
    preview = post(alice_client, content, query="?dry_run=1").json()
    statuses = {row["row"]: (row["status"], row["reason"]) for row in preview["rows"]}
    assert statuses[2][0] == statuses[4][0] == "refunded"
    assert "2026-03-20" in statuses[2][1] and "2026-03-01" in statuses[4][1]
    assert statuses[3] == ("import", None)
    assert statuses[5][0] == "money_in"
    assert preview["counts"] == {
        "import": 1,
        "duplicate": 0,
        "reverted": 0,
        "refunded": 2,
        "money_in": 1,
    }
    assert post(alice_client, content).status_code == 201
    assert imported(alice) == [(datetime.date(2026, 3, 2), "Coffee", Decimal("3.00"), "INR")]


def test_a_refund_more_than_60_days_later_is_plain_money_in(alice_client):
    content = b"Date,Description,Amount\n2026-01-01,Shop 4411,-10.00\n2026-03-15,Shop 4411,10.00\n"
    rows = post(alice_client, content, query="?dry_run=1").json()["rows"]
    assert [row["status"] for row in rows] == ["import", "money_in"]


def test_ambiguous_dates_are_read_day_first_and_reported(alice_client, alice):
    content = b"Date,Description,Amount\n03/04/2026,Tea,-2.00\n05/06/2026,Cake,-3.00\n"
    detection = post(alice_client, content, query="?dry_run=1").json()["detection"]
    assert detection["ambiguous"] == ["date_format"]
    assert detection["date_formats"][:2] == ["31/12/2026", "12/31/2026"]
    assert detection["date_format"] == "31/12/2026"
    # The user picks the other reading by its example.
    response = post(alice_client, content, date_format="12/31/2026")
    assert response.status_code == 201, response.content
    assert {e.date for e in Expense.objects.filter(owner=alice)} == {
        datetime.date(2026, 3, 4),
        datetime.date(2026, 5, 6),
    }


def test_a_us_dollar_file_reads_ambiguous_dates_month_first(alice_client):
    content = b"Date,Description,Amount\n03/04/2026,Tea,-2.00\n"
    body = post(alice_client, content, query="?dry_run=1", currency="USD").json()
    assert body["detection"]["date_format"] == "12/31/2026"
    assert body["rows"][0]["date"] == "2026-03-04"


def test_strftime_codes_still_work(alice_client, alice):
    content = b"Date,Description,Amount\n03/04/2026,Tea,-2.00\n"
    response = post(alice_client, content, date_format="%m/%d/%Y")
    assert response.status_code == 201, response.content
    assert Expense.objects.get(owner=alice).date == datetime.date(2026, 3, 4)


def test_an_unknown_date_format_label_is_a_400_listing_the_examples(alice_client):
    response = post(alice_client, b"date,amount,description\n", date_format="dd/mm/yyyy")
    assert response.status_code == 400
    assert "31/12/2026" in response.json()["date_format"][0]


def test_row_errors_are_plain_words(alice_client, alice):
    content = (
        b"Date,Description,Amount\n"
        b"28/02/2026,Fine,-1.00\n"
        b"31/02/2026,No such day,-2.00\n"
        b"27/02/2026,Bad amount,-abc\n"
        b"26/02/2026,,-3.00\n"
    )
    response = post(alice_client, content)
    assert response.status_code == 400
    messages = [error["message"] for error in response.json()["errors"]]
    assert messages == [
        "Row 3: the date '31/02/2026' does not exist (dates are read like 31/12/2026).",
        "Row 4: the amount '-abc' is not a number.",
        "Row 5: the description is empty.",
    ]
    assert not any("%" in message or "date_format" in message for message in messages)
    assert not Expense.objects.exists()


def test_a_trailing_summary_line_is_ignored_but_a_bad_date_in_the_middle_is_not(alice_client):
    good = b"Date,Description,Amount\n2026-01-01,Tea,-2.00\n2026-01-02,Cake,-3.00\nTotal,,-5.00\n"
    response = post(alice_client, good, query="?dry_run=1")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2
    bad = b"Date,Description,Amount\n2026-01-01,Tea,-2.00\nsoon,Cake,-3.00\n2026-01-03,Pie,-1.00\n"
    response = post(alice_client, bad)
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 3


def test_columns_that_cannot_be_told_are_a_clear_400(alice_client):
    content = b"Foo,Bar,Baz\n2026-01-01,x,1.00\n"
    response = post(alice_client, content)
    assert response.status_code == 400
    message = response.json()["mapping"][0]
    assert "Choose the columns" in message and "'Foo'" in message


def test_duplicates_are_skipped_by_default_and_counted(alice_client, alice):
    content = (STATEMENTS / "n26-style.csv").read_bytes()
    first = post(alice_client, content)
    assert first.status_code == 201
    count = Expense.objects.filter(owner=alice).count()
    again = post(alice_client, content, query="?dry_run=1").json()
    assert (again["created"], again["duplicates"], again["counts"]["duplicate"]) == (
        0,
        count,
        count,
    )
    assert {row["status"] for row in again["rows"]} == {"duplicate", "money_in"}
    assert post(alice_client, content).json()["created"] == 0
    assert Expense.objects.filter(owner=alice).count() == count
    kept = post(alice_client, content, skip_duplicates="false")
    assert kept.json()["created"] == count
    assert Expense.objects.filter(owner=alice).count() == 2 * count


def test_given_options_still_win_over_detection(alice_client):
    content = (STATEMENTS / "icici-style.csv").read_bytes()
    response = post(alice_client, content, query="?dry_run=1", skip_rows="5", delimiter=",")
    assert response.status_code == 200, response.content
    detection = response.json()["detection"]
    assert detection["header_row"] == 6
    assert "header_row" not in detection["detected"]
    assert "delimiter" not in detection["detected"]
