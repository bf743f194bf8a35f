from pathlib import Path

import pytest

from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def expense(alice):
    return ExpenseFactory(owner=alice)


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize(
    ("kind", "extension", "content_type"),
    [("JPEG", ".jpg", "image/jpeg"), ("PNG", ".png", "image/png"), ("WEBP", ".webp", "image/webp")],
)
def test_each_image_type_is_accepted_and_streamed_back(
    alice_client, expense, settings, kind, extension, content_type
):
    content = image_bytes(kind)
    response = upload(alice_client, expense, "../../etc/passwd.txt", content)
    assert response.status_code == 200, response.content
    assert response.json()["receipt"].endswith(f"/api/v1/expenses/{expense.id}/receipt/")
    expense.refresh_from_db()
    assert expense.receipt.name.startswith("receipts/")
    assert expense.receipt.name.endswith(extension)
    assert "passwd" not in expense.receipt.name
    download = alice_client.get(f"/api/v1/expenses/{expense.id}/receipt/")
    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content


def test_a_pdf_is_accepted(alice_client, expense):
    content = pdf_bytes()
    response = upload(alice_client, expense, "bill.pdf", content, "application/pdf")
    assert response.status_code == 200, response.content
    download = alice_client.get(f"/api/v1/expenses/{expense.id}/receipt/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("receipt.jpg", b"just some text pretending to be a photo"),
        ("receipt.png", image_bytes("PNG")[:60]),
        ("receipt.jpg", image_bytes("JPEG")[:200] + b"\x00" * 50),
        ("receipt.pdf", b"%PDF-1.7\nthis is not really a pdf\n%%EOF"),
        ("receipt.gif", image_bytes("GIF")),
        ("receipt.bmp", image_bytes("BMP")),
    ],
    ids=["renamed-text", "truncated-png", "broken-jpeg", "fake-pdf", "gif", "bmp"],
)
def test_files_that_do_not_decode_as_an_allowed_type_are_400(
    alice_client, expense, settings, name, content
):
    response = upload(alice_client, expense, name, content, "image/jpeg")
    assert response.status_code == 400
    assert "file" in response.json()
    expense.refresh_from_db()
    assert not expense.receipt
    assert stored_files(settings) == []


def test_decompression_bomb_is_refused(alice_client, expense):
    bomb = image_bytes("PNG", size=(12000, 12000), mode="1")
    assert len(bomb) < 1_000_000
    response = upload(alice_client, expense, "bomb.png", bomb)
    assert response.status_code == 400
    assert "file" in response.json()


def test_oversize_file_is_413(alice_client, expense, settings):
    settings.RECEIPT_MAX_BYTES = 1000
    response = upload(alice_client, expense, "big.png", image_bytes("PNG", size=(400, 400)) * 2)
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    expense.refresh_from_db()
    assert not expense.receipt


def test_missing_file_field_is_400(alice_client, expense):
    response = alice_client.put(f"/api/v1/expenses/{expense.id}/receipt/", {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()


def test_get_without_receipt_is_404(alice_client, expense):
    assert alice_client.get(f"/api/v1/expenses/{expense.id}/receipt/").status_code == 404


def test_replacing_and_deleting_a_receipt_removes_old_files(
    alice_client, expense, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(alice_client, expense, "a.png", image_bytes("PNG"))
    first = stored_files(settings)
    assert len(first) == 1
    with django_capture_on_commit_callbacks(execute=True):
        upload(alice_client, expense, "b.jpg", image_bytes("JPEG"))
    second = stored_files(settings)
    assert len(second) == 1 and second != first
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.delete(f"/api/v1/expenses/{expense.id}/receipt/")
    assert response.status_code == 204
    assert stored_files(settings) == []
    expense.refresh_from_db()
    assert not expense.receipt


def test_deleting_the_expense_deletes_its_receipt_file(
    alice_client, expense, settings, django_capture_on_commit_callbacks
):
    upload(alice_client, expense, "a.png", image_bytes("PNG"))
    assert len(stored_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert alice_client.delete(f"/api/v1/expenses/{expense.id}/").status_code == 204
    assert stored_files(settings) == []
    assert not Expense.objects.filter(id=expense.id).exists()


def test_receipt_is_never_served_from_a_public_url(alice_client, client, expense, settings):
    assert upload(alice_client, expense, "a.png", image_bytes("PNG")).status_code == 200
    expense.refresh_from_db()
    assert client.get(f"/media/{expense.receipt.name}").status_code == 404
    assert client.get(f"{settings.MEDIA_URL}{expense.receipt.name}").status_code == 404


def test_bob_cannot_download_alices_receipt(alice_client, bob_client, expense):
    assert upload(alice_client, expense, "a.png", image_bytes("PNG")).status_code == 200
    assert alice_client.get(f"/api/v1/expenses/{expense.id}/receipt/").status_code == 200
    assert bob_client.get(f"/api/v1/expenses/{expense.id}/receipt/").status_code == 404


def test_a_receipt_whose_file_is_gone_from_storage_is_404_not_500(alice_client, expense):
    assert upload(alice_client, expense, "a.png", image_bytes("PNG")).status_code == 200
    expense.refresh_from_db()
    expense.receipt.storage.delete(expense.receipt.name)
    assert alice_client.get(f"/api/v1/expenses/{expense.id}/receipt/").status_code == 404


def test_an_image_with_too_many_pixels_is_refused_before_decoding(alice_client, expense):
    image = image_bytes("PNG", size=(6000, 5000), mode="1")  # 30 MP in a few KB
    response = upload(alice_client, expense, "a.png", image)
    assert response.status_code == 400
    assert response.json()["file"] == ["The image has too many pixels."]
