import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expenses.models import Expense

pytestmark = pytest.mark.django_db

URL = "/api/v1/import/expenses.ofx"
DATA = Path(__file__).parent / "data"


def post(client, content: bytes, query: str = "", **form):
    form["file"] = SimpleUploadedFile("statement.ofx", content)
    return client.post(f"{URL}{query}", form, format="multipart")


@pytest.mark.parametrize("name", ["statement.ofx", "statement-v2.ofx"])
def test_ofx_debits_become_expenses(alice_client, alice, name):
    response = post(alice_client, (DATA / name).read_bytes())
    assert response.status_code == 201, response.content
    assert (response.json()["created"], response.json()["skipped"]) == (4, 1)
    rows = list(
        Expense.objects.filter(owner=alice)
        .order_by("date")
        .values_list("date", "amount", "currency", "description", "notes")
    )
    assert rows == [
        (datetime.date(2025, 3, 2), Decimal("54.21"), "USD", "TRADER JOE'S #552", "POS PURCHASE"),
        (datetime.date(2025, 3, 5), Decimal("1800.00"), "USD", "CHECK 1042", "RENT MARCH"),
        (datetime.date(2025, 3, 9), Decimal("89.99"), "USD", "COMCAST CABLE COMM", "INTERNET"),
        (datetime.date(2025, 3, 12), Decimal("37.50"), "USD", "CHEVRON 0091234", ""),
    ]


def test_ofx_dry_run_and_duplicates(alice_client, alice):
    content = (DATA / "statement.ofx").read_bytes()
    dry = post(alice_client, content, query="?dry_run=true")
    assert dry.status_code == 200
    assert dry.json()["created"] == 4
    assert not Expense.objects.exists()
    assert post(alice_client, content).status_code == 201
    again = post(alice_client, content, skip_duplicates="true")
    assert (again.json()["created"], again.json()["duplicates"]) == (0, 4)
    assert Expense.objects.filter(owner=alice).count() == 4


@pytest.mark.parametrize("content", [b"not an ofx file", b"OFXHEADER:100\n<OFX><broken", b""])
def test_unreadable_ofx_is_400_on_file(alice_client, content):
    response = post(alice_client, content)
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Expense.objects.exists()


def statement_with(old: str, new: str) -> bytes:
    """The sample statement with one piece of text replaced (which must be there)."""
    text = (DATA / "statement.ofx").read_text()
    assert old in text
    return text.replace(old, new).encode()


def test_ofx_dates_stay_in_the_statements_time_zone(alice_client, alice):
    # Midnight in India is still the previous day in UTC.
    content = statement_with("20250302120000.000[-5:EST]", "20250302000000.000[+5.30:IST]")
    response = post(alice_client, content)
    assert response.status_code == 201, response.content
    assert str(Expense.objects.get(description="TRADER JOE'S #552").date) == "2025-03-02"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("<CURDEF>USD", "<CURDEF>XAU", "currency"),
        ("TRADER JOE'S #552", "TRADER\x00JOE", "file"),
    ],
    ids=["precious-metal-currency", "nul-byte"],
)
def test_ofx_with_a_bad_currency_or_nul_bytes_is_400(alice_client, old, new, field):
    response = post(alice_client, statement_with(old, new))
    assert response.status_code == 400
    body = response.json()
    assert field in body or field in [error["field"] for error in body.get("errors", [])]
    assert not Expense.objects.exists()
