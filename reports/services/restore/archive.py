"""Reading backup files: the JSON document, and a zip with the receipts beside it."""

import contextlib
import json
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings

from reports.errors import BackupInvalid
from reports.services.backup import BACKUP_MEMBER

MAX_ZIP_MEMBERS = 100_000


def _unreadable(message: str) -> BackupInvalid:
    return BackupInvalid([{"path": "", "message": message}])


class ZipReceipts:
    """The receipt files inside an open backup zip, read one at a time when needed, so a
    restore holds at most one receipt in memory."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.members = {
            info.filename: info
            for info in archive.infolist()
            if info.filename.startswith("receipts/") and not info.is_dir()
        }

    def __contains__(self, name: str) -> bool:
        return name in self.members

    def size(self, name: str) -> int:
        return self.members[name].file_size

    def read(self, name: str) -> bytes:
        return self.archive.read(self.members[name])


def backup_read_json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _unreadable("The file is not valid UTF-8 JSON.") from exc


@contextlib.contextmanager
def backup_open_zip(upload: IO[bytes]) -> Iterator[tuple[Any, ZipReceipts]]:
    """The document of a backup zip and its receipts, readable while the block runs."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _unreadable("The file is not a readable zip.") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise _unreadable("The zip has too many files to restore.")
        info = next((m for m in members if m.filename == BACKUP_MEMBER), None)
        if info is None:
            raise _unreadable(f"The zip has no {BACKUP_MEMBER}.")
        if info.file_size > settings.BACKUP_MAX_BYTES:
            raise _unreadable(f"{BACKUP_MEMBER} is too large.")
        try:
            raw = archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
            raise _unreadable(f"{BACKUP_MEMBER} cannot be read from the zip.") from exc
        yield backup_read_json(raw), ZipReceipts(archive)
