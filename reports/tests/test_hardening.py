"""Inputs found by review that once crashed, leaked memory or slipped past the rules."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from categories.models import Category, Tag
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory
from reports.services import restore

pytestmark = pytest.mark.django_db

CSV_URL = "/api/v1/import/expenses.csv"
OFX_URL = "/api/v1/import/expenses.ofx"
DATA = Path(__file__).parent / "data"


def csv_post(client, content: bytes, query: str = "", **form):
    form["file"] = SimpleUploadedFile("x.csv", content)
    return client.post(f"{CSV_URL}{query}", form, format="multipart")


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return buffer.getvalue()


def backup_of(client) -> dict:
    return json.loads(b"".join(client.get("/api/v1/export/backup.json").streaming_content))


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def restore_zip(client, content: bytes):
    return client.post(
        "/api/v1/import/backup.zip",
        {"file": SimpleUploadedFile("b.zip", content)},
        format="multipart",
    )


@pytest.mark.parametrize("when", ["9999-12-31T23:00:00+00:00", "2999-01-01T00:00:00+00:00"])
def test_a_backup_cannot_date_an_expense_in_the_future(alice_client, alice, bob_client, when):
    ExpenseFactory(owner=alice)
    document = backup_of(alice_client)
    document["expenses"][0]["created_at"] = when
    response = bob_client.post("/api/v1/import/backup.json", document)
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "expenses[0].created_at"
    assert bob_client.get("/api/v1/expenses/").status_code == 200


def test_restored_receipt_takes_the_extension_of_what_it_decodes_as(
    alice_client, alice, bob_client, bob
):
    expense = ExpenseFactory(owner=alice)
    document = backup_of(alice_client)
    document["expenses"][0]["receipt"] = "receipts/x.html"
    response = restore_zip(
        bob_client,
        zip_bytes({"backup.json": json.dumps(document).encode(), "receipts/x.html": png()}),
    )
    assert response.status_code == 201, response.content
    restored = Expense.objects.get(owner=bob, uid=expense.uid)
    assert restored.receipt.name.endswith(".png")


def test_an_oversized_receipt_in_a_zip_is_refused_before_it_is_read(
    alice_client, alice, bob_client, settings
):
    ExpenseFactory(owner=alice)
    document = backup_of(alice_client)
    document["expenses"][0]["receipt"] = "receipts/big.png"
    settings.RECEIPT_MAX_BYTES = 100
    response = restore_zip(
        bob_client,
        zip_bytes({"backup.json": json.dumps(document).encode(), "receipts/big.png": b"0" * 500}),
    )
    assert response.status_code == 400
    assert "limit" in response.json()["errors"][0]["message"]


def test_a_zip_with_an_unknown_compression_method_is_400(bob_client):
    content = bytearray(zip_bytes({"backup.json": b"{}"}))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = content.find(signature) + offset
        content[at : at + 2] = (99).to_bytes(2, "little")
    response = restore_zip(bob_client, bytes(content))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_backup"


def test_a_failed_restore_leaves_no_receipt_files(
    alice_client, alice, bob_client, bob, settings, monkeypatch
):
    expense = ExpenseFactory(owner=alice)
    alice_client.put(
        f"/api/v1/expenses/{expense.id}/receipt/",
        {"file": SimpleUploadedFile("r.png", png())},
        format="multipart",
    )
    content = b"".join(alice_client.get("/api/v1/export/backup.zip").streaming_content)
    before = set(Path(settings.MEDIA_ROOT).rglob("*"))

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(restore, "budgets_restore", broken)
    with pytest.raises(RuntimeError):
        restore_zip(bob_client, content)
    assert set(Path(settings.MEDIA_ROOT).rglob("*")) == before
    assert not Expense.objects.filter(owner=bob).exists()


def test_the_zip_export_skips_a_missing_receipt_file(alice_client, alice):
    expense = ExpenseFactory(owner=alice)
    alice_client.put(
        f"/api/v1/expenses/{expense.id}/receipt/",
        {"file": SimpleUploadedFile("r.png", png())},
        format="multipart",
    )
    expense.refresh_from_db()
    expense.receipt.storage.delete(expense.receipt.name)
    response = alice_client.get("/api/v1/export/backup.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert archive.namelist() == ["backup.json"]


def test_rows_beyond_the_limit_stop_the_parse(alice_client, settings):
    settings.IMPORT_MAX_ROWS = 10
    response = csv_post(alice_client, b"date,amount,description\n" + b"2026-01-01,1,x\n" * 11)
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_rows"


@pytest.mark.parametrize(
    "content",
    [
        b"date,amount,description\n2026-01-01,1,a\x00b\n",
        b'date,amount,description\n2026-01-01,1,"Lunch\n2026-01-02,2,Dinner\n',
        b"date,amount,description,amount\n2026-01-01,1,x,2\n",
    ],
    ids=["nul-byte", "unterminated-quote", "repeated-column"],
)
def test_malformed_csv_files_are_400_on_file(alice_client, content):
    response = csv_post(alice_client, content)
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Expense.objects.exists()


def test_mapping_errors_are_a_flat_list(alice_client):
    response = csv_post(alice_client, b"a,b\n1,2\n", mapping=json.dumps({"date": "a"}))
    assert response.status_code == 400
    assert all(isinstance(message, str) for message in response.json()["mapping"])


def test_deeply_nested_mapping_is_400(alice_client):
    response = csv_post(alice_client, b"a\n1\n", mapping="[" * 100_000)
    assert response.status_code == 400
    assert "mapping" in response.json()


def test_a_bom_followed_by_latin1_is_read(alice_client, alice):
    content = b"\xef\xbb\xbfdate,amount,description\n2026-01-01,1.00,Caf\xe9\n"
    response = csv_post(alice_client, content)
    assert response.status_code == 201, response.content
    assert Expense.objects.get(owner=alice).description == "Café"


@pytest.mark.parametrize("value", ["maybe", "on-ish"])
def test_an_unknown_dry_run_value_is_400_and_imports_nothing(alice_client, value):
    response = csv_post(
        alice_client, b"date,amount,description\n2026-01-01,1,x\n", query=f"?dry_run={value}"
    )
    assert response.status_code == 400
    assert "dry_run" in response.json()
    assert not Expense.objects.exists()


def test_names_that_grow_when_case_folded_fit(alice_client, alice):
    response = csv_post(
        alice_client,
        (
            "date,amount,description,category,tags\n2026-01-01,1,x,"
            + "ß" * 40
            + ","
            + "ß" * 30
            + "\n"
        ).encode(),
    )
    assert response.status_code == 201, response.content
    assert Category.objects.get(owner=alice).name == "ß" * 40
    assert Tag.objects.get(owner=alice).name_key == "ss" * 30
    assert alice_client.post("/api/v1/categories/", {"name": "ﬃ" * 64}).status_code == 201


def test_an_overlong_tag_in_a_csv_is_a_row_error(alice_client):
    response = csv_post(
        alice_client, ("date,amount,description,tags\n2026-01-01,1,x," + "t" * 51 + "\n").encode()
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "tags"


def test_text_starting_with_a_quote_and_a_formula_survives_a_round_trip(
    alice_client, alice, bob_client, bob
):
    ExpenseFactory(owner=alice, description="'=not a formula", notes="''@twice")
    exported = b"".join(alice_client.get("/api/v1/export/expenses.csv").streaming_content)
    assert csv_post(bob_client, exported).status_code == 201
    expense = Expense.objects.get(owner=bob)
    assert (expense.description, expense.notes) == ("'=not a formula", "''@twice")


OFX = (DATA / "statement.ofx").read_text()


def test_ofx_dates_stay_in_the_statements_time_zone(alice_client, alice):
    content = OFX.replace("20250302120000.000[-5:EST]", "20250302000000.000[+5.30:IST]")
    response = alice_client.post(
        OFX_URL, {"file": SimpleUploadedFile("s.ofx", content.encode())}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert str(Expense.objects.get(description="TRADER JOE'S #552").date) == "2025-03-02"


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (OFX.replace("<CURDEF>USD", "<CURDEF>XAU"), "currency"),
        (OFX.replace("TRADER JOE'S #552", "TRADER\x00JOE"), "file"),
    ],
)
def test_ofx_with_a_bad_currency_or_nul_bytes_is_400(alice_client, content, field):
    response = alice_client.post(
        OFX_URL, {"file": SimpleUploadedFile("s.ofx", content.encode())}, format="multipart"
    )
    assert response.status_code == 400
    body = response.json()
    assert field in body or field in [error["field"] for error in body.get("errors", [])]
    assert not Expense.objects.exists()


def test_a_json_body_over_the_upload_limit_is_413(alice_client):
    body = json.dumps({"format": "x", "pad": "a" * (11 * 1024 * 1024)})
    response = alice_client.post(
        "/api/v1/import/backup.json", data=body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_empty_form_fields_count_as_not_sent(alice_client, alice):
    response = csv_post(
        alice_client,
        b"date,amount,description\n2026-01-01,1.00,x\n",
        mapping="",
        date_format="",
        delimiter="",
        skip_values="",
    )
    assert response.status_code == 201, response.content
    assert Expense.objects.filter(owner=alice).count() == 1


def test_row_errors_come_in_file_order(alice_client):
    content = b"date,amount,description\n2026-01-01,1.001,a\n2026-13-01,1,b\n2026-01-03,0,c\n"
    response = csv_post(alice_client, content)
    assert [error["row"] for error in response.json()["errors"]] == [2, 3, 4]
