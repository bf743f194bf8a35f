"""Saved bank profiles: CRUD (owner-scoped), the profile chosen automatically when a file's
header matches, `save_profile` on the real import (upsert by name), a given `profile`."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expenses.models import Expense
from reports.models import ImportProfile
from reports.services.csv_import.reader import header_key

pytestmark = pytest.mark.django_db

URL = "/api/v1/import/profiles/"
CSV_URL = "/api/v1/import/expenses.csv"
DATA = Path(__file__).parent / "data"
HEADER = ["Date", "Description", "Amount"]
AMBIGUOUS = b"Date,Description,Amount\n03/04/2026,Tea,-2.00\n05/06/2026,Cake,-3.00\n"


def post_csv(client, content: bytes, query: str = "", **form):
    form["file"] = SimpleUploadedFile("statement.csv", content, content_type="text/csv")
    return client.post(f"{CSV_URL}{query}", form, format="multipart")


def create(client, **body):
    return client.post(URL, {"name": "My bank", "header": HEADER, **body}, format="json")


def test_create_list_read_update_and_delete(alice_client, alice):
    created = create(alice_client, date_format="%m/%d/%Y", decimal=",", delimiter="tab")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "My bank"
    assert body["header_key"] == header_key(HEADER)
    assert body["date_format"] == "12/31/2026"  # stored as its plain label
    assert (body["decimal"], body["delimiter"]) == (",", "\t")
    listed = alice_client.get(URL)
    assert listed.status_code == 200
    assert [p["id"] for p in listed.json()["results"]] == [body["id"]]
    assert listed.json()["count"] == 1
    one = alice_client.get(f"{URL}{body['id']}/")
    assert one.json()["name"] == "My bank"
    patched = alice_client.patch(
        f"{URL}{body['id']}/", {"name": "ICICI savings", "skip_rows": 5}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["name"], patched.json()["skip_rows"]) == ("ICICI savings", 5)
    assert alice_client.delete(f"{URL}{body['id']}/").status_code == 204
    assert not ImportProfile.objects.filter(owner=alice).exists()


def test_names_are_unique_per_user_whatever_their_case(alice_client, bob_client):
    assert create(alice_client).status_code == 201
    again = create(alice_client, name="  my   BANK ")
    assert again.status_code == 400
    assert "name" in again.json()
    assert create(bob_client).status_code == 201  # bob's own namesake
    other = create(alice_client, name="Other")
    renamed = alice_client.patch(f"{URL}{other.json()['id']}/", {"name": "MY BANK"}, format="json")
    assert renamed.status_code == 400 and "name" in renamed.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date_format": "dd/mm/yyyy"}, "date_format"),
        ({"decimal": ";"}, "decimal"),
        ({"delimiter": "ab"}, "delimiter"),
        ({"mapping": {"date": "Date"}}, "mapping"),
        ({"currency": "XX1"}, "currency"),
        ({"name": "   "}, "name"),
        ({"skip_rows": -1}, "skip_rows"),
    ],
)
def test_bad_profile_values_are_400_naming_the_field(alice_client, body, field):
    response = create(alice_client, **body)
    assert response.status_code == 400
    assert field in response.json()


def test_another_users_profile_is_404(alice_client, bob_client):
    mine = create(alice_client).json()["id"]
    assert bob_client.get(f"{URL}{mine}/").status_code == 404
    assert bob_client.patch(f"{URL}{mine}/", {"name": "x"}, format="json").status_code == 404
    assert bob_client.delete(f"{URL}{mine}/").status_code == 404
    assert bob_client.get(URL).json()["count"] == 0
    assert ImportProfile.objects.get(pk=mine).name == "My bank"


def test_the_list_takes_the_same_queries_for_few_and_many(
    alice_client, alice, django_assert_max_num_queries
):
    create(alice_client)
    with django_assert_max_num_queries(4):
        few = alice_client.get(URL)
    for index in range(20):
        ImportProfile.objects.create(owner=alice, name=f"Bank {index}")
    with django_assert_max_num_queries(4):
        many = alice_client.get(URL)
    assert (few.json()["count"], many.json()["count"]) == (1, 21)


def test_a_matching_profile_is_used_automatically(alice_client, alice):
    profile = create(alice_client, name="US card", date_format="12/31/2026").json()
    preview = post_csv(alice_client, AMBIGUOUS, query="?dry_run=1")
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["profile"] == {"id": profile["id"], "name": "US card"}
    assert body["detection"]["date_format"] == "12/31/2026"  # the profile's, not day first
    assert [row["date"] for row in body["rows"]] == ["2026-03-04", "2026-05-06"]


def test_a_file_with_another_header_gets_no_profile(alice_client):
    create(alice_client, date_format="12/31/2026")
    other = b"Date,Details,Amount\n03/04/2026,Tea,-2.00\n"
    body = post_csv(alice_client, other, query="?dry_run=1").json()
    assert body["profile"] is None
    assert body["rows"][0]["date"] == "2026-04-03"


def test_reading_options_sent_turn_the_automatic_choice_off(alice_client):
    create(alice_client, date_format="12/31/2026")
    body = post_csv(alice_client, AMBIGUOUS, query="?dry_run=1", decimal=".").json()
    assert body["profile"] is None
    assert body["rows"][0]["date"] == "2026-04-03"


def test_a_given_profile_is_used_and_options_sent_win(alice_client):
    profile = create(alice_client, name="Other header", header=["X"], date_format="12/31/2026")
    pk = profile.json()["id"]
    body = post_csv(alice_client, AMBIGUOUS, query="?dry_run=1", profile=str(pk)).json()
    assert body["profile"]["id"] == pk
    assert body["rows"][0]["date"] == "2026-03-04"
    body = post_csv(
        alice_client, AMBIGUOUS, query="?dry_run=1", profile=str(pk), date_format="31/12/2026"
    ).json()
    assert body["rows"][0]["date"] == "2026-04-03"


def test_another_users_profile_in_an_import_is_a_400_on_profile(alice_client, bob_client):
    pk = create(alice_client).json()["id"]
    response = post_csv(bob_client, AMBIGUOUS, query="?dry_run=1", profile=str(pk))
    assert response.status_code == 400
    assert "profile" in response.json()


def test_another_users_matching_profile_is_never_used(alice_client, bob_client):
    create(alice_client, date_format="12/31/2026")
    body = post_csv(bob_client, AMBIGUOUS, query="?dry_run=1").json()
    assert body["profile"] is None
    assert body["rows"][0]["date"] == "2026-04-03"


def test_save_profile_saves_how_the_file_was_read_on_the_real_import(alice_client, alice):
    content = (DATA / "icici-style.csv").read_bytes()
    dry = post_csv(alice_client, content, query="?dry_run=1", save_profile="ICICI savings")
    assert dry.status_code == 200
    assert not ImportProfile.objects.exists()  # a dry run saves nothing

    response = post_csv(alice_client, content, save_profile="ICICI savings")
    assert response.status_code == 201, response.content
    profile = ImportProfile.objects.get(owner=alice)
    assert response.json()["profile"] == {"id": profile.pk, "name": "ICICI savings"}
    assert (profile.skip_rows, profile.delimiter, profile.decimal, profile.date_format) == (
        5,
        ",",
        ".",
        "31-12-2026",
    )
    assert profile.mapping["debit"] == "Withdrawal Amount (INR )"
    assert profile.header[:2] == ["S No.", "Value Date"]

    # The next statement of that bank (new rows) is read with it, chosen by its header.
    lines = content.decode().splitlines()
    lines[6] = lines[6].replace("01-03-2025", "01-04-2025")
    again = post_csv(alice_client, "\n".join(lines).encode(), query="?dry_run=1")
    assert again.json()["profile"] == {"id": profile.pk, "name": "ICICI savings"}
    assert again.json()["created"] == 1  # only the new row: the others are duplicates


def test_save_profile_replaces_the_profile_of_that_name(alice_client, alice):
    first = create(alice_client, name="ICICI Savings", header=["X"], decimal=",").json()
    content = (DATA / "icici-style.csv").read_bytes()
    response = post_csv(alice_client, content, save_profile="icici   savings", skip_rows="5")
    assert response.status_code == 201, response.content
    profile = ImportProfile.objects.get(owner=alice)
    assert profile.pk == first["id"]
    assert (profile.decimal, profile.skip_rows) == (".", 5)
    assert profile.header_key == header_key(profile.header)
    assert Expense.objects.filter(owner=alice, date=datetime.date(2025, 3, 1)).exists()
