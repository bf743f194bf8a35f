"""Reading backup files: the JSON document, and a zip with the receipts beside it.

Everything is read within bounded memory, whatever the file claims: a zip member is
refused before it is read when its declared size is over its limit or it is compressed
suspiciously well (a zip bomb), and is read by a reader that stops at the limit even if
the header lies; the JSON document is refused before it is parsed when it is over
`BACKUP_JSON_MAX_BYTES` or has more arrays and objects than a backup of
`BACKUP_MAX_ROWS` rows per section can have (`[[],[],…]` costs ~30 times its size once
parsed), and after parsing when a section has more than `BACKUP_MAX_ROWS` rows."""

import contextlib
import json
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings

from reports.errors import BackupInvalid
from reports.services.backup import BACKUP_MEMBER
from rules.engine import MAX_CONDITIONS
from rules.services import MAX_RULES_PER_USER
from schedules.services import MAX_SCHEDULES_PER_USER

MAX_ZIP_MEMBERS = 100_000

# A member may unpack to at most this many times its compressed size; below
# RATIO_FREE_BYTES unpacked the ratio does not matter (a small file is harmless).
MAX_COMPRESSION_RATIO = 100
RATIO_FREE_BYTES = 1024 * 1024

SECTIONS = ("categories", "tags", "expenses", "budgets", "schedules")
# The most arrays and objects one row of a section has: an expense is an object with a
# `category` object and a `tags` array; a budget an object with a `category` object.
CONTAINERS_PER_ROW = {"categories": 1, "tags": 1, "expenses": 3, "budgets": 2}
CONTAINERS_OUTSIDE_ROWS = 16  # the document, its profile, the section arrays, some slack
# Rules are few (an account has at most MAX_RULES_PER_USER) but each has a list of up to
# MAX_CONDITIONS condition objects (an amount's with a range object), a reference, a tag list.
RULE_CONTAINERS = MAX_RULES_PER_USER * (2 * MAX_CONDITIONS + 4)
# Schedules too (MAX_SCHEDULES_PER_USER): an object with a `category` object, a `tags` array
# and a `skipped` array.
SCHEDULE_CONTAINERS = MAX_SCHEDULES_PER_USER * 4

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')


def _unreadable(message: str) -> BackupInvalid:
    return BackupInvalid([{"path": "", "message": message}])


def max_containers() -> int:
    """How many JSON arrays and objects a backup within the row limit can have at most."""
    return (
        settings.BACKUP_MAX_ROWS * sum(CONTAINERS_PER_ROW.values())
        + CONTAINERS_OUTSIDE_ROWS
        + RULE_CONTAINERS
        + SCHEDULE_CONTAINERS
    )


def member_problem(info: zipfile.ZipInfo, limit: int) -> str:
    """Why a zip member must not be read (from its header, before reading it), or ""."""
    if info.file_size > limit:
        return f"{info.filename} unpacks to more than the {limit:,} byte limit."
    if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
        info.compress_size, 1
    ):
        return (
            f"{info.filename} is compressed more than {MAX_COMPRESSION_RATIO}:1 "
            "(a zip bomb?); it was not read."
        )
    return ""


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, reading at most `limit` + 1 of them: whatever its header says,
    a member that unpacks to more than `limit` raises `BackupInvalid`."""
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _unreadable(f"{info.filename} unpacks to more than the {limit:,} byte limit.")
    return data


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
        """The declared unpacked size; `read` never returns more than this."""
        return self.members[name].file_size

    def problem(self, name: str) -> str:
        """Why the member must not be read (too large, a zip bomb), or ""."""
        return member_problem(self.members[name], settings.RECEIPT_MAX_BYTES)

    def read(self, name: str) -> bytes:
        return read_member(self.archive, self.members[name], settings.RECEIPT_MAX_BYTES)


def _count_containers(raw: bytes, limit: int) -> int:
    """The arrays and objects of a JSON text, counted without parsing it: every `[` and
    `{` when that is within `limit` (the common case, at the speed of `bytes.count`),
    else those outside strings."""
    count = raw.count(b"[") + raw.count(b"{")
    if count <= limit:
        return count
    outside_strings = _JSON_STRING.sub(b'""', raw)
    return outside_strings.count(b"[") + outside_strings.count(b"{")


def backup_check_rows(document: Any) -> None:
    """Refuse a document with more than `BACKUP_MAX_ROWS` rows in a section (before any
    row is checked: checking builds objects for every row)."""
    if not isinstance(document, dict):
        return  # the validation says what is wrong with it
    limit = settings.BACKUP_MAX_ROWS
    errors = [
        {"path": section, "message": f"More than {limit:,} rows; a backup may have at most that."}
        for section in SECTIONS
        if isinstance(document.get(section), list) and len(document[section]) > limit
    ]
    if errors:
        raise BackupInvalid(errors)


def backup_read_json(raw: bytes) -> Any:
    """Parse a backup document within bounded memory, or raise `BackupInvalid`."""
    limit = settings.BACKUP_JSON_MAX_BYTES
    if len(raw) > limit:
        raise _unreadable(f"The backup document is larger than the {limit:,} byte limit.")
    if _count_containers(raw, max_containers()) > max_containers():
        raise _unreadable(
            "The document has more JSON arrays and objects than a backup of at most "
            f"{settings.BACKUP_MAX_ROWS:,} rows per section can have; it was not parsed."
        )
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _unreadable("The file is not valid UTF-8 JSON.") from exc
    backup_check_rows(document)
    return document


def backup_read_json_file(upload: IO[bytes]) -> Any:
    """`backup_read_json` of a file, reading no more than the document limit allows."""
    limit = settings.BACKUP_JSON_MAX_BYTES
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise _unreadable(f"The backup document is larger than the {limit:,} byte limit.")
    return backup_read_json(raw)


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
        problem = member_problem(info, settings.BACKUP_JSON_MAX_BYTES)
        if problem:
            raise _unreadable(problem)
        try:
            raw = read_member(archive, info, settings.BACKUP_JSON_MAX_BYTES)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
            raise _unreadable(f"{BACKUP_MEMBER} cannot be read from the zip.") from exc
        document = backup_read_json(raw)
        del raw
        yield document, ZipReceipts(archive)
