"""Receipt files for tests: small real images and PDFs, and the upload through the API."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def image_bytes(kind: str = "PNG", size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color=1 if mode == "1" else (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def png() -> bytes:
    return image_bytes("PNG", size=(8, 8))


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=300)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(client, expense, name: str, content: bytes, content_type="application/octet-stream"):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.put(f"/api/v1/expenses/{expense.id}/receipt/", {"file": file}, format="multipart")


def attach_png(client, expense) -> None:
    """Give `expense` a PNG receipt through the API, checking that it was taken."""
    response = upload(client, expense, "r.png", png())
    assert response.status_code == 200, response.content
