"""Import options and statement values that once crashed the import (500) answer 400."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expenses.models import Expense
from reports.services.csv_import.dates import parse_date

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
CSV = b"date,amount,description\n20262026,12.50,Lunch\n"


def post_csv(client, content: bytes = CSV, **form):
    form["file"] = SimpleUploadedFile("expenses.csv", content, content_type="text/csv")
    return client.post("/api/v1/import/expenses.csv", form, format="multipart")


@pytest.mark.parametrize(
    "date_format",
    ["%Y%Y", "%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y", "%d/%m/%Y %d", "%Q/%m", "%Y-%m-%", "%G-%m"],
    ids=["repeated-year", "ten-years", "repeated-day", "bad-directive", "stray-percent", "iso"],
)
def test_a_date_format_strptime_cannot_use_is_400_on_date_format(alice_client, date_format):
    response = post_csv(alice_client, date_format=date_format)
    assert response.status_code == 400, response.content
    assert "date_format" in response.json()
    assert not Expense.objects.exists()


@pytest.mark.parametrize(
    ("date_format", "text", "day"),
    [
        ("%d/%m/%Y", "31/01/2026", datetime.date(2026, 1, 31)),
        ("%Y-%m-%dT%H:%M:%S%z", "2026-01-31T10:00:00+0530", datetime.date(2026, 1, 31)),
        ("%d %b %Y %Z", "31 Jan 2026 UTC", datetime.date(2026, 1, 31)),
        ("%Y%m%d", "20260131", datetime.date(2026, 1, 31)),
    ],
)
def test_usual_date_formats_stay_accepted(alice_client, alice, date_format, text, day):
    content = f"date,amount,description\n{text},12.50,Lunch\n".encode()
    response = post_csv(alice_client, content, date_format=date_format)
    assert response.status_code == 201, response.content
    assert Expense.objects.get(owner=alice).date == day


def test_parse_date_never_leaks_re_error():
    with pytest.raises(ValueError):
        parse_date("20262026", "%Y%Y")


def statement_with(old: str, new: str) -> bytes:
    text = (DATA / "statement.ofx").read_text()
    assert old in text
    return text.replace(old, new).encode()


@pytest.mark.parametrize("amount", ["-NaN", "NaN", "-sNaN", "-Infinity", "-Inf"])
def test_ofx_amount_that_is_not_a_number_is_a_row_error(alice_client, amount):
    content = statement_with("<TRNAMT>-54.21", f"<TRNAMT>{amount}")
    response = alice_client.post(
        "/api/v1/import/expenses.ofx",
        {"file": SimpleUploadedFile("statement.ofx", content)},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    fields = [error["field"] for error in body.get("errors", [])]
    assert "amount" in fields or "file" in body, body
    assert not Expense.objects.exists()
