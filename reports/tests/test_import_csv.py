import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from categories.models import Category
from categories.tests.factories import CategoryFactory, TagFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/import/expenses.csv"
DATA = Path(__file__).parent / "data"


def post(client, content: bytes, name="expenses.csv", query="", **form):
    for key, value in list(form.items()):
        if isinstance(value, dict):
            form[key] = json.dumps(value)
    form["file"] = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(f"{URL}{query}", form, format="multipart")


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def total(owner) -> Decimal:
    return Expense.objects.filter(owner=owner).aggregate(s=Sum("amount"))["s"]


def test_export_then_import_gives_back_the_same_rows(alice_client, alice, bob, bob_client):
    food = Category.objects.get(owner=None, name="Food")
    mine = CategoryFactory(owner=alice, name="Pets")
    ExpenseFactory(
        owner=alice,
        date=datetime.date(2026, 1, 2),
        amount=Decimal("12.50"),
        description="=SUM(A1:A9) lunch",
        merchant="+Cafe",
        notes="-note\nsecond line",
        category=food,
        payment_method="upi",
        tags=[TagFactory(owner=alice, name="@work"), TagFactory(owner=alice, name="team")],
    )
    ExpenseFactory(owner=alice, amount=Decimal("3.00"), category=mine, currency="USD")
    exported = b"".join(alice_client.get("/api/v1/export/expenses.csv").streaming_content)

    response = post(bob_client, exported)
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 2
    assert response.json()["new_categories"] == ["Pets"]

    def picture(user):
        return sorted(
            (
                e.date,
                e.amount,
                e.currency,
                e.description,
                e.category.name if e.category else None,
                e.merchant,
                e.payment_method,
                sorted(t.name for t in e.tags.all()),
                e.notes,
            )
            for e in Expense.objects.filter(owner=user)
        )

    assert picture(bob) == picture(alice)
    again = b"".join(bob_client.get("/api/v1/export/expenses.csv").streaming_content)
    assert again == exported


def test_dry_run_answers_what_would_happen_and_writes_nothing(alice_client, alice):
    content = b"date,amount,description,category\n2026-01-02,12.50,Lunch,Snacks\n"
    response = post(alice_client, content, query="?dry_run=true")
    assert response.status_code == 200
    body = response.json()
    assert body["dry_run"] is True
    assert (body["created"], body["skipped"], body["duplicates"]) == (1, 0, 0)
    assert body["new_categories"] == ["Snacks"]
    assert body["rows"] == [
        {
            "status": "import",
            "reason": None,
            "row": 2,
            "date": "2026-01-02",
            "amount": "12.50",
            "currency": "INR",
            "description": "Lunch",
            "category": "Snacks",
            "merchant": "",
            "payment_method": None,
            "tags": [],
            "notes": "",
            "duplicate": False,
            # Without auto_categorize nothing is suggested.
            "suggested_category": None,
            "suggested_category_id": None,
            "confidence": None,
            "rationale": None,
            "rule": None,
        }
    ]
    assert not Expense.objects.exists()
    assert not Category.objects.filter(owner=alice).exists()


def test_one_bad_row_rejects_the_whole_file(alice_client, alice):
    content = (
        b"date,amount,description\n"
        b"2026-01-01,10.00,Fine\n"
        b"2026-01-02,abc,Bad amount\n"
        b"2026-13-01,5.00,Bad date\n"
        b"2026-01-04,5.00,\n"
    )
    response = post(alice_client, content)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "row": 3,
            "field": "amount",
            "message": "Row 3: the amount 'abc' is not a number.",
        },
        {
            "row": 4,
            "field": "date",
            "message": "Row 4: the date '2026-13-01' does not exist (dates are read like "
            "2026-12-31).",
        },
        {"row": 5, "field": "description", "message": "Row 5: the description is empty."},
    ]
    assert not Expense.objects.exists()


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (b"2026-01-01,0,Zero", "amount"),
        (b"2026-01-01,1.234,Three places", "amount"),
        (b"2026-01-01,1000000000,Too big", "amount"),
    ],
)
def test_amount_rules_apply_to_imported_rows(alice_client, line, field):
    response = post(alice_client, b"date,amount,description\n" + line + b"\n")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert not Expense.objects.exists()


def test_duplicates_are_reported_and_skipped_when_asked(alice_client, alice):
    ExpenseFactory(
        owner=alice, date=datetime.date(2026, 1, 2), amount=Decimal("12.50"), description="Lunch"
    )
    content = b"date,amount,description\n2026-01-02,12.50,lunch\n2026-01-03,5.00,Tea\n"
    reported = post(alice_client, content, query="?dry_run=true")
    assert reported.json()["duplicates"] == 1
    assert [row["duplicate"] for row in reported.json()["rows"]] == [True, False]
    skipped = post(alice_client, content, skip_duplicates="true")
    assert skipped.status_code == 201
    assert (skipped.json()["created"], skipped.json()["skipped"]) == (1, 1)
    assert Expense.objects.filter(owner=alice).count() == 2
    by_default = post(alice_client, content, query="?dry_run=true")
    assert (by_default.json()["created"], by_default.json()["counts"]["duplicate"]) == (0, 2)
    kept = post(alice_client, content, skip_duplicates="false")
    assert (kept.json()["created"], kept.json()["duplicates"]) == (2, 2)


def test_auto_categorize_is_a_clear_400_when_the_smart_features_are_off(alice_client, settings):
    settings.AI_ENABLED = False
    response = post(
        alice_client, b"date,amount,description\n2026-01-01,1,x\n", auto_categorize=True
    )
    assert response.status_code == 400
    assert "smart features" in response.json()["auto_categorize"][0]
    assert not Expense.objects.exists()


def test_icici_layout_with_preamble_debit_credit_and_indian_grouping(alice_client, alice):
    response = post(
        alice_client,
        sample("icici-style.csv"),
        skip_rows=5,
        date_format="%d-%m-%Y",
        mapping={
            "date": "Transaction Date",
            "description": "Transaction Remarks",
            "debit": "Withdrawal Amount (INR )",
            "credit": "Deposit Amount (INR )",
        },
    )
    assert response.status_code == 201, response.content
    # The Swiggy charge (row 12) and its refund (row 13) are not spending.
    assert (response.json()["created"], response.json()["skipped"]) == (5, 4)
    assert response.json()["counts"]["refunded"] == 2
    assert total(alice) == Decimal("45589.75")
    rent = Expense.objects.get(owner=alice, amount=Decimal("28000.00"))
    assert rent.date == datetime.date(2025, 3, 1)
    assert rent.description.startswith("UPI/506012345678/Rent March")


def test_sbi_tab_separated_with_blank_debits(alice_client, alice):
    response = post(
        alice_client,
        sample("sbi-style.tsv"),
        name="sbi.tsv",
        date_format="%d %b %Y",
        mapping={
            "date": "Txn Date",
            "description": "Description",
            "debit": "Debit",
            "credit": "Credit",
        },
    )
    assert response.status_code == 201, response.content
    assert (response.json()["created"], response.json()["skipped"]) == (4, 1)
    assert total(alice) == Decimal("9391.00")
    assert Expense.objects.filter(description__contains="ride, airport").exists()


def test_chase_signed_amounts_spending_is_negative(alice_client, alice):
    response = post(
        alice_client,
        sample("chase-style.csv"),
        date_format="%m/%d/%Y",
        currency="USD",
        mapping={
            "date": "Transaction Date",
            "description": "Description",
            "amount": "Amount",
            "category": "Category",
        },
    )
    assert response.status_code == 201, response.content
    # The Amazon charge and its return are a refunded pair; the card payment is money in.
    assert (response.json()["created"], response.json()["skipped"]) == (5, 3)
    assert total(alice) == Decimal("177.53")
    assert set(Expense.objects.values_list("currency", flat=True)) == {"USD"}
    assert Expense.objects.get(description="NETFLIX.COM").category.name == "Entertainment"
    assert "Food & Drink" in response.json()["new_categories"]


def test_revolut_currencies_fees_and_reverted_rows(alice_client, alice):
    response = post(
        alice_client,
        sample("revolut-style.csv"),
        mapping={
            "date": "Started Date",
            "description": "Description",
            "amount": "Amount",
            "fee": "Fee",
            "currency": "Currency",
        },
        skip_values={"State": ["REVERTED", "DECLINED"]},
    )
    assert response.status_code == 201, response.content
    assert (response.json()["created"], response.json()["skipped"]) == (5, 2)
    by_currency = dict(
        Expense.objects.filter(owner=alice).values_list("currency").annotate(s=Sum("amount"))
    )
    assert by_currency == {"GBP": Decimal("128.44"), "EUR": Decimal("42.30")}
    assert not Expense.objects.filter(description="Deliveroo").exists()


def test_n26_decimal_comma_semicolons_bom_and_umlauts(alice_client, alice):
    response = post(
        alice_client,
        sample("n26-style.csv"),
        decimal=",",
        currency="EUR",
        mapping={
            "date": "Datum",
            "description": "Empfänger",
            "amount": "Betrag (EUR)",
            "notes": "Verwendungszweck",
        },
    )
    assert response.status_code == 201, response.content
    assert (response.json()["created"], response.json()["skipped"]) == (4, 1)
    assert total(alice) == Decimal("1277.17")
    assert Expense.objects.get(description="Stadtwerke München").notes == "Strom Abschlag März"
    assert Expense.objects.filter(description="Café Müller").exists()


N26_MAPPING = {"date": "Datum", "description": "Empfänger", "amount": "Betrag (EUR)"}


def test_n26_with_no_decimal_given_detects_the_comma(alice_client, alice):
    preview = post(
        alice_client, sample("n26-style.csv"), query="?dry_run=true", mapping=N26_MAPPING
    )
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert (body["decimal"], body["delimiter"]) == (",", ";")
    assert set(body["detected"]) == {"decimal", "delimiter"}
    imported = [row["amount"] for row in body["rows"] if row["status"] == "import"]
    assert imported == ["54.37", "129.90", "1084.50", "8.40"]
    assert not Expense.objects.exists()

    response = post(alice_client, sample("n26-style.csv"), mapping=N26_MAPPING)
    assert response.status_code == 201, response.content
    assert response.json()["decimal"] == ","
    amounts = sorted(Expense.objects.filter(owner=alice).values_list("amount", flat=True))
    assert amounts == [Decimal("8.40"), Decimal("54.37"), Decimal("129.90"), Decimal("1084.50")]


def test_n26_read_with_a_decimal_point_is_refused_at_line_2_and_writes_nothing(alice_client):
    response = post(alice_client, sample("n26-style.csv"), decimal=".", mapping=N26_MAPPING)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["row"] == 2
    assert errors[0]["field"] == "amount"
    assert "decimal point" in errors[0]["message"]
    assert "54.37" in errors[0]["message"]  # it says what the other separator would read
    assert {error["row"] for error in errors} == {2, 3, 4, 5, 6}
    assert not Expense.objects.exists()


def test_indian_grouping_is_detected_as_a_decimal_point(alice_client, alice):
    content = b'date,description,amount\n2026-01-05,Rent,"1,23,456.00"\n2026-01-06,Tea,40\n'
    response = post(alice_client, content)
    assert response.status_code == 201, response.content
    assert response.json()["decimal"] == "."
    assert total(alice) == Decimal("123496.00")


def test_a_given_decimal_is_not_reported_as_detected(alice_client):
    response = post(
        alice_client,
        b"date;description;amount\n2026-01-05;Bread;2,50\n",
        query="?dry_run=true",
        decimal=",",
    )
    assert response.status_code == 200, response.content
    assert response.json()["detected"] == ["delimiter"]
    assert response.json()["rows"][0]["amount"] == "2.50"


def test_latin1_file_is_read(alice_client, alice):
    response = post(alice_client, sample("latin1-style.csv"))
    assert response.status_code == 201, response.content
    assert set(Expense.objects.values_list("description", flat=True)) == {
        "Café de Flore",
        "Crème brûlée dessert",
        "Boulangerie Païsienne",
    }


def test_unknown_mapping_column_is_400_naming_mapping(alice_client):
    response = post(
        alice_client,
        b"a,b,c\n1,2,3\n",
        mapping={"date": "Datum", "description": "b", "amount": "c"},
    )
    assert response.status_code == 400
    assert "Datum" in response.json()["mapping"][0]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"mapping": "{not json"}, "mapping"),
        ({"mapping": {"date": "d", "description": "x"}}, "mapping"),
        ({"mapping": {"date": "d", "description": "x", "amount": "a", "debit": "b"}}, "mapping"),
        ({"decimal": ";"}, "decimal"),
        ({"date_format": "dd/mm/yyyy"}, "date_format"),
        ({"skip_rows": -1}, "skip_rows"),
        ({"delimiter": ";;"}, "delimiter"),
    ],
)
def test_bad_options_are_400_naming_them(alice_client, form, field):
    response = post(alice_client, b"date,amount,description\n2026-01-01,1,x\n", **form)
    assert response.status_code == 400
    assert field in response.json()


def test_missing_file_is_400(alice_client):
    response = alice_client.post(URL, {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()


def test_file_size_and_row_limits(alice_client, settings):
    settings.IMPORT_MAX_BYTES = 50
    big = post(alice_client, b"date,amount,description\n" + b"2026-01-01,1,x\n" * 10)
    assert big.status_code == 413
    assert big.json()["code"] == "file_too_large"
    settings.IMPORT_MAX_BYTES = 10_000
    settings.IMPORT_MAX_ROWS = 3
    many = post(alice_client, b"date,amount,description\n" + b"2026-01-01,1,x\n" * 4)
    assert many.status_code == 400
    assert many.json()["code"] == "too_many_rows"
    assert not Expense.objects.exists()


def test_large_import_is_batched(alice_client, alice, django_assert_max_num_queries):
    rows = b"".join(
        b"2026-01-%02d,%d.50,Row %d\n" % (i % 28 + 1, i % 90 + 1, i) for i in range(5000)
    )
    with django_assert_max_num_queries(200):
        response = post(alice_client, b"date,amount,description\n" + rows)
    assert response.status_code == 201
    assert Expense.objects.filter(owner=alice).count() == 5000
