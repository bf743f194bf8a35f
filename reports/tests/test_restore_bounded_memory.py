"""A restore reads and parses a backup within bounded memory, whatever the file claims:
zip bombs, members whose header lies, and JSON whose parsed form is far larger than its
text (`[[],[],…]`) are refused before they are read or parsed (issue 12, finding 6)."""

import io
import json
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from categories.models import Tag
from expenses.models import Expense
from reports.errors import BackupInvalid
from reports.services.restore.archive import backup_read_json_file, read_member
from reports.tests.backups import restore_zip, zip_bytes

DEFLATED = zipfile.ZIP_DEFLATED

pytestmark = pytest.mark.django_db

PEAK_LIMIT = 50 * 1024 * 1024


def empty_lists(size: int) -> bytes:
    """`[[],[],…]`: a JSON text of about `size` bytes that parses to ~30 times that."""
    return b"[" + b"[]," * (size // 3) + b"[]]"


def restore_json_file(client, content: bytes):
    return client.post(
        "/api/v1/import/backup.json",
        {"file": SimpleUploadedFile("b.json", content)},
        format="multipart",
    )


def peak_of(call):
    """(the result of `call()`, the peak of memory allocated by Python while it ran)."""
    tracemalloc.start()
    try:
        result = call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def messages(response) -> str:
    return " ".join(error["message"] for error in response.json()["errors"])


def test_a_zip_bomb_backup_is_refused_before_it_is_read(bob_client, bob):
    bomb = zip_bytes({"backup.json": empty_lists(30 * 1024 * 1024)}, compression=DEFLATED)
    assert len(bomb) < 100 * 1024  # a small zip …

    restore_zip(bob_client, b"not a zip")  # warm up: imports are not what is measured
    response, peak = peak_of(lambda: restore_zip(bob_client, bomb))

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_backup"
    assert "backup.json is compressed more than 100:1" in messages(response)
    assert peak < PEAK_LIMIT, f"peak {peak:,} bytes"
    assert not Expense.objects.filter(owner=bob).exists()


def test_a_backup_json_over_its_limit_in_a_zip_is_refused_before_it_is_read(bob_client, settings):
    settings.BACKUP_JSON_MAX_BYTES = 1000
    response = restore_zip(
        bob_client, zip_bytes({"backup.json": json.dumps({"x": "y" * 2000})}, compression=DEFLATED)
    )
    assert response.status_code == 400
    assert "backup.json unpacks to more than the 1,000 byte limit" in messages(response)


def test_a_member_is_never_read_past_its_limit_even_if_its_header_lies():
    content = zip_bytes({"backup.json": b"x" * 10_000}, compression=DEFLATED)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo("backup.json")
        with pytest.raises(BackupInvalid) as raised:
            read_member(archive, info, limit=100)
    assert "more than the 100 byte limit" in raised.value.errors[0]["message"]


def test_a_zip_whose_header_understates_a_member_is_refused(bob_client):
    content = bytearray(
        zip_bytes({"backup.json": b"[" + b"1," * 500_000 + b"1]"}, compression=DEFLATED)
    )
    # Patch the declared unpacked size, in the local and the central header, to 1,000.
    local = content.index(b"PK\x03\x04")
    content[local + 22 : local + 26] = (1000).to_bytes(4, "little")
    central = content.index(b"PK\x01\x02")
    content[central + 24 : central + 28] = (1000).to_bytes(4, "little")

    restore_zip(bob_client, b"not a zip")  # warm up: imports are not what is measured
    response, peak = peak_of(lambda: restore_zip(bob_client, bytes(content)))

    assert response.status_code == 400
    assert "backup.json cannot be read from the zip" in messages(response)
    assert peak < PEAK_LIMIT


def test_a_multipart_json_of_empty_lists_is_refused_before_it_is_parsed(bob_client):
    content = empty_lists(6 * 1024 * 1024)

    response = restore_json_file(bob_client, content)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_backup"
    assert "more JSON arrays and objects than a backup" in messages(response)

    # The test client's multipart encoding costs more than the restore itself: measure the
    # reading of the uploaded file alone (what the view does with it).
    def read() -> None:
        with pytest.raises(BackupInvalid):
            backup_read_json_file(io.BytesIO(content))

    _result, peak = peak_of(read)
    assert peak < PEAK_LIMIT, f"peak {peak:,} bytes"


def test_a_json_body_of_empty_lists_is_refused_before_it_is_parsed(bob_client):
    content = empty_lists(6 * 1024 * 1024)
    bob_client.post("/api/v1/import/backup.json", {})  # warm up: imports are not measured

    response, peak = peak_of(
        lambda: bob_client.post(
            "/api/v1/import/backup.json", data=content, content_type="application/json"
        )
    )

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_backup"
    assert "more JSON arrays and objects than a backup" in messages(response)
    assert peak < PEAK_LIMIT, f"peak {peak:,} bytes"


def test_brackets_inside_strings_do_not_count_as_arrays(alice_client, bob_client, settings):
    settings.BACKUP_MAX_ROWS = 1
    document = json.loads(
        b"".join(alice_client.get("/api/v1/export/backup.json").streaming_content)
    )
    document["tags"] = [{"uid": "8d1f4a3e-59f1-4a0e-a8a8-0d6c1d7c5a11", "name": "[" * 40}]
    response = bob_client.post("/api/v1/import/backup.json", document)
    assert response.status_code == 201, response.content


def test_a_multipart_json_over_the_document_limit_is_refused(bob_client, settings):
    settings.BACKUP_JSON_MAX_BYTES = 1000
    response = restore_json_file(bob_client, json.dumps({"x": "y" * 2000}).encode())
    assert response.status_code == 400
    assert "larger than the 1,000 byte limit" in messages(response)


@pytest.mark.parametrize("how", ["body", "file", "zip"])
def test_a_section_with_more_rows_than_the_limit_is_refused(
    how, alice_client, alice, bob_client, bob, settings
):
    for name in ("a", "b", "c"):
        Tag.objects.create(owner=alice, name=name)
    document = json.loads(
        b"".join(alice_client.get("/api/v1/export/backup.json").streaming_content)
    )
    settings.BACKUP_MAX_ROWS = 2
    raw = json.dumps(document).encode()
    if how == "body":
        response = bob_client.post("/api/v1/import/backup.json", document)
    elif how == "file":
        response = restore_json_file(bob_client, raw)
    else:
        response = restore_zip(bob_client, zip_bytes({"backup.json": raw}, compression=DEFLATED))
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == [
        {"path": "tags", "message": "More than 2 rows; a backup may have at most that."}
    ]
    assert not Tag.objects.filter(owner=bob).exists()
