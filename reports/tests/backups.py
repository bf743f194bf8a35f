"""Backup files for tests: zips built in memory, and restoring one through the API."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def restore_zip(client, content: bytes):
    return client.post(
        "/api/v1/import/backup.zip",
        {"file": SimpleUploadedFile("b.zip", content)},
        format="multipart",
    )
