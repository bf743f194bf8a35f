"""CSV import edge cases: malformed files, odd encodings, limits, form fields sent empty,
names that grow when case-folded, and errors reported in file order."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from categories.models import Category, Tag
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

CSV_URL = "/api/v1/import/expenses.csv"


def csv_post(client, content: bytes, query: str = "", **form):
    form["file"] = SimpleUploadedFile("x.csv", content)
    return client.post(f"{CSV_URL}{query}", form, format="multipart")


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
