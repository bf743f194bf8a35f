"""Input an attacker (or a fuzzer) sends: amounts in other scripts' digits or with
underscores, endless tag lists and notes, PDFs that run JavaScript when opened."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from expenses.models import MAX_NOTES_LENGTH, MAX_TAGS_PER_EXPENSE, Expense
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import pdf_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/expenses/"


def body(**overrides) -> dict:
    return {"amount": "5.00", "date": "2026-01-01", "description": "x", **overrides}


@pytest.mark.parametrize(
    "amount",
    [
        "\u0661\u0662\u0663",  # Arabic-Indic 123
        "\u0661\u0662\u0663.\u0665\u0660",
        "1_000",
        "1_000.00",
        "\uff11\uff12",  # fullwidth 12
        "\u0967\u0968\u0969",  # Devanagari 123
        "12.5_0",
        "\u0663",
        " 1 000",
        "0x10",
    ],
)
def test_amounts_with_unicode_digits_or_underscores_are_refused(alice_client, amount):
    response = alice_client.post(URL, body(amount=amount), format="json")
    assert response.status_code == 400, (amount, response.content)
    assert response.json()["amount"] == ["Enter an amount such as 12.50."]
    assert not Expense.objects.exists()


@pytest.mark.parametrize(
    ("amount", "stored"),
    [
        ("12.50", "12.50"),
        (" 12.5 ", "12.50"),
        ("+7", "7.00"),
        (".5", "0.50"),
        ("3.", "3.00"),
        ("1.5e2", "150.00"),
        (12.5, "12.50"),
        (7, "7.00"),
    ],
)
def test_ascii_amounts_and_json_numbers_are_still_accepted(alice_client, amount, stored):
    response = alice_client.post(URL, body(amount=amount), format="json")
    assert response.status_code == 201, response.content
    assert Expense.objects.get().amount == Decimal(stored)


def test_an_expense_carries_at_most_the_tag_cap(alice_client):
    tags = [f"t{n}" for n in range(MAX_TAGS_PER_EXPENSE + 1)]
    response = alice_client.post(URL, body(tags=tags), format="json")
    assert response.status_code == 400
    assert "tags" in response.json()
    assert not Expense.objects.exists()
    ok = alice_client.post(URL, body(tags=tags[:MAX_TAGS_PER_EXPENSE]), format="json")
    assert ok.status_code == 201, ok.content
    assert len(ok.json()["tags"]) == MAX_TAGS_PER_EXPENSE


def test_patch_cannot_go_past_the_tag_cap(alice_client, alice):
    expense = ExpenseFactory(owner=alice, date=datetime.date.today())
    tags = [f"t{n}" for n in range(MAX_TAGS_PER_EXPENSE + 1)]
    response = alice_client.patch(f"{URL}{expense.id}/", {"tags": tags}, format="json")
    assert response.status_code == 400
    assert "tags" in response.json()
    assert not expense.tags.exists()


def test_notes_are_capped(alice_client):
    response = alice_client.post(URL, body(notes="n" * (MAX_NOTES_LENGTH + 1)), format="json")
    assert response.status_code == 400
    assert "notes" in response.json()
    assert not Expense.objects.exists()
    ok = alice_client.post(URL, body(notes="n" * MAX_NOTES_LENGTH), format="json")
    assert ok.status_code == 201


def test_a_megabyte_of_notes_is_refused(alice_client):
    response = alice_client.post(URL, body(notes="n" * 1_000_000), format="json")
    assert response.status_code == 400
    assert "notes" in response.json()


def _pdf(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=300)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _js_action(writer: PdfWriter) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x')"),
        }
    )


def _document_js(writer: PdfWriter) -> None:
    writer.add_open_action(JavaScript("app.alert('x')"))


def _open_action_js(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_js_action(writer))


def _catalog_aa(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/AA")] = DictionaryObject(
        {NameObject("/WC"): writer._add_object(_js_action(writer))}
    )


def _page_aa(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): writer._add_object(_js_action(writer))}
    )


def _link_launch(writer: PdfWriter) -> None:
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/Launch"),
                    NameObject("/F"): TextStringObject("calc.exe"),
                }
            ),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])


@pytest.mark.parametrize(
    "change",
    [_document_js, _open_action_js, _catalog_aa, _page_aa, _link_launch],
    ids=["names-javascript", "open-action-javascript", "catalog-aa", "page-aa", "launch-link"],
)
def test_pdf_receipts_that_run_actions_are_refused(alice_client, alice, change):
    expense = ExpenseFactory(owner=alice, date=datetime.date.today())
    response = upload(alice_client, expense, "receipt.pdf", _pdf(change))
    assert response.status_code == 400, response.content
    message = response.json()["file"][0]
    assert "runs actions when opened" in message
    expense.refresh_from_db()
    assert not expense.receipt


def test_a_pdf_that_opens_at_a_page_is_still_a_receipt(alice_client, alice):
    """`/OpenAction [page /Fit]` only says how to show the first page: allowed."""

    def fit_first_page(writer: PdfWriter) -> None:
        page = writer.pages[0].indirect_reference
        writer._root_object[NameObject("/OpenAction")] = ArrayObject([page, NameObject("/Fit")])

    expense = ExpenseFactory(owner=alice, date=datetime.date.today())
    assert upload(alice_client, expense, "r.pdf", _pdf(fit_first_page)).status_code == 200
    assert upload(alice_client, expense, "r.pdf", pdf_bytes()).status_code == 200
