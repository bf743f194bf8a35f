"""CSV text encodings: UTF-16 (Excel's "Unicode text") and UTF-8 files with a byte-order
mark are read with no options; the `encoding` option corrects the detection, in the import
and in saved bank profiles; a file that does not read in the chosen encoding is a plain 400."""

import codecs

import pytest

from expenses.models import Expense
from reports.models import ImportProfile
from reports.tests.test_import_detection import (
    STATEMENTS,
    expected_sbi,
    imported,
    post,
    text_of,
)

pytestmark = pytest.mark.django_db

PROFILES_URL = "/api/v1/import/profiles/"


def sbi_rows():
    return sorted((day, " ".join(text.split()), *rest) for day, text, *rest in expected_sbi())


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (lambda text: text.encode("utf-16-le"), "UTF-16 LE"),
        (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "UTF-16 LE with BOM"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "UTF-16 BE with BOM"),
    ],
    ids=["no-bom", "le", "be"],
)
def test_an_excel_unicode_text_file_imports(alice_client, alice, content, name):
    raw = content(text_of("sbi-style.tsv"))
    if name == "UTF-16 LE":  # without a byte-order mark it is read only when chosen
        refused = post(alice_client, raw, name="sbi.txt")
        assert refused.status_code == 400
        assert "UTF-16" in refused.json()["file"][0]
        response = post(alice_client, raw, name="sbi.txt", query="?dry_run=1", encoding="utf-16")
    else:
        response = post(alice_client, raw, name="sbi.txt", query="?dry_run=1")
    assert response.status_code == 200, response.content
    assert response.json()["detection"]["encoding"] == name
    assert response.json()["detection"]["delimiter"] == "\t"


def test_a_utf16_tsv_imports_with_no_options(alice_client, alice):
    raw = text_of("sbi-style.tsv").encode("utf-16")  # with its BOM, as Excel writes it
    response = post(alice_client, raw, name="sbi-style.txt")
    assert response.status_code == 201, response.content
    assert imported(alice) == sbi_rows()


def test_utf16_text_keeps_its_accents(alice_client, alice):
    raw = "Date\tDescription\tAmount\n2026-03-01\tCafé ₹ Flore\t-12.50\n".encode("utf-16")
    response = post(alice_client, raw, name="cafe.txt")
    assert response.status_code == 201, response.content
    assert Expense.objects.get(owner=alice).description == "Café ₹ Flore"


def test_a_windows_file_read_as_utf8_is_a_plain_400_on_encoding(alice_client, alice):
    raw = (STATEMENTS / "latin1-style.csv").read_bytes()
    response = post(alice_client, raw, encoding="utf-8")
    assert response.status_code == 400, response.content
    assert response.json()["encoding"] == [
        "The file does not read as UTF-8: choose another encoding."
    ]
    assert not Expense.objects.exists()
    # As UTF-16 its bytes read as other text: no column is found, nothing is imported.
    assert post(alice_client, raw, encoding="utf-16").status_code == 400
    assert not Expense.objects.exists()
    assert post(alice_client, raw, encoding="windows-1252").status_code == 201
    assert Expense.objects.filter(owner=alice, description="Café de Flore").exists()


def test_a_utf8_file_read_as_windows_text_reads_differently(alice_client, alice):
    raw = "date,description,amount\n2026-03-01,Café,12.50\n".encode()
    response = post(alice_client, raw, query="?dry_run=1", encoding="windows-1252")
    assert response.status_code == 200, response.content
    assert response.json()["detection"]["encoding"] == "Windows-1252"
    assert response.json()["rows"][0]["description"] == "CafÃ©"
    detected = post(alice_client, raw, query="?dry_run=1")
    assert detected.json()["rows"][0]["description"] == "Café"


def test_a_utf16_file_read_as_windows_text_is_a_400_on_encoding(alice_client):
    raw = text_of("sbi-style.tsv").encode("utf-16")
    response = post(alice_client, raw, encoding="windows-1252")
    assert response.status_code == 400, response.content
    assert "Windows (Western European)" in response.json()["encoding"][0]


@pytest.mark.parametrize("value", ["ebcdic", "UTF-8 with BOM", "latin-1 "])
def test_an_unknown_encoding_is_a_400_naming_it(alice_client, value):
    raw = b"date,description,amount\n2026-03-01,Tea,2.00\n"
    response = post(alice_client, raw, encoding=value)
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["encoding"]


def test_profiles_hold_an_encoding(alice_client):
    created = alice_client.post(PROFILES_URL, {"name": "SBI", "encoding": "utf-16"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["encoding"] == "utf-16"
    bad = alice_client.post(PROFILES_URL, {"name": "Other", "encoding": "ebcdic"}, format="json")
    assert bad.status_code == 400
    assert list(bad.json()) == ["encoding"]
    cleared = alice_client.patch(
        f"{PROFILES_URL}{created.json()['id']}/", {"encoding": ""}, format="json"
    )
    assert cleared.json()["encoding"] == ""


def test_a_profile_reads_the_file_in_its_encoding(alice_client, alice):
    raw = text_of("sbi-style.tsv").encode("utf-16-le")  # no byte-order mark
    saved = post(alice_client, raw, name="sbi.txt", encoding="utf-16", save_profile="SBI")
    assert saved.status_code == 201, saved.content
    profile = ImportProfile.objects.get(owner=alice)
    assert profile.encoding == "utf-16"
    Expense.objects.all().delete()
    again = post(alice_client, raw, name="sbi.txt", profile=profile.pk)
    assert again.status_code == 201, again.content
    assert imported(alice) == sbi_rows()
    # Not given: the file has no byte-order mark, but reads in the profile's encoding, and
    # its header is the profile's.
    Expense.objects.all().delete()
    matched = post(alice_client, raw, name="sbi.txt", query="?dry_run=1")
    assert matched.status_code == 200, matched.content
    assert matched.json()["profile"] == {"id": profile.pk, "name": "SBI"}
    assert matched.json()["detection"]["encoding"] == "UTF-16 LE"
    profile.delete()
    assert post(alice_client, raw, name="sbi.txt").status_code == 400  # not detected alone


def test_a_profile_saved_with_a_detected_encoding_keeps_detecting(alice_client, alice):
    raw = text_of("sbi-style.tsv").encode("utf-16")
    assert post(alice_client, raw, name="sbi.txt", save_profile="SBI").status_code == 201
    assert ImportProfile.objects.get(owner=alice).encoding == ""
