"""Checking a whole backup before anything is written: its shape, format and version,
every row, every reference between rows, and every receipt file (by decoding it)."""

import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile

from categories.models import name_key
from categories.selectors import category_system_by_key
from config.exceptions import DomainError, FieldErrors
from expenses.receipts import receipt_check
from reports.errors import BackupInvalid
from reports.services.backup import FORMAT, VERSION
from reports.services.restore.archive import ZipReceipts, backup_check_rows
from reports.services.restore.document import BackupDocument


@dataclass
class Backup:
    """A validated backup, the receipt files that came with it (zip restores) and the
    extension each receipt really has (found by decoding it)."""

    data: dict[str, Any]
    receipts: ZipReceipts | None = None
    extensions: dict[str, str] = field(default_factory=dict)


def _flatten(errors: Any, path: str = "") -> list[dict[str, str]]:
    if isinstance(errors, dict):
        found = []
        for key, value in errors.items():
            if isinstance(key, int):  # a row of a list, as DRF reports it
                found += _flatten(value, f"{path}[{key}]")
                continue
            name = "" if key == "non_field_errors" else str(key)
            found += _flatten(value, f"{path}.{name}" if path and name else path or name)
        return found
    if isinstance(errors, list) and errors and all(isinstance(e, str) for e in errors):
        return [{"path": path, "message": str(message)} for message in errors]
    if isinstance(errors, list):
        found = []
        for index, value in enumerate(errors):
            if value:
                found += _flatten(value, f"{path}[{index}]")
        return found
    return [{"path": path, "message": str(errors)}]


def _receipt_problem(receipts: ZipReceipts, name: str, extensions: dict[str, str]) -> str:
    """Decode one receipt of the zip; note its real extension, or say what is wrong."""
    if receipts.size(name) > settings.RECEIPT_MAX_BYTES:
        return f"Larger than the {settings.RECEIPT_MAX_BYTES:,} byte receipt limit."
    problem = receipts.problem(name)
    if problem:
        return problem
    try:
        checked = receipt_check(ContentFile(receipts.read(name), name=name))
    except FieldErrors as exc:
        return exc.errors["file"][0]
    except BackupInvalid as exc:  # more bytes than its header says
        return exc.errors[0]["message"]
    except DomainError as exc:
        return exc.detail
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
        return "The file cannot be read from the zip."
    extensions[name] = checked.extension
    return ""


def _check_receipt_references(data: dict[str, Any], receipts: ZipReceipts | None) -> list[dict]:
    """A receipt file of the zip belongs to one expense (deleting an expense deletes its
    file, so rows cannot share one, and copying it for each row would let a small zip
    write a file many times over); at most `RESTORE_MAX_RECEIPTS` of them per restore."""
    if receipts is None:
        return []
    errors: list[dict[str, str]] = []
    first_row: dict[str, int] = {}
    for index, row in enumerate(data["expenses"]):
        name = row["receipt"]
        if not name or name not in receipts:
            continue
        if name in first_row:
            errors.append(
                {
                    "path": f"expenses[{index}].receipt",
                    "message": f"{name} is already the receipt of expenses[{first_row[name]}]; "
                    "a receipt file belongs to one expense.",
                }
            )
            continue
        first_row[name] = index
    limit = settings.RESTORE_MAX_RECEIPTS
    if len(first_row) > limit:
        errors.append(
            {
                "path": "expenses",
                "message": f"{len(first_row):,} receipt files; a restore takes at most {limit:,}.",
            }
        )
    return errors


def _check_references(
    data: dict[str, Any], receipts: ZipReceipts | None, extensions: dict[str, str]
) -> list[dict]:
    errors: list[dict[str, str]] = []
    system = set(category_system_by_key())
    uids: dict[str, set] = {}
    for section in ("categories", "tags", "expenses", "budgets"):
        seen: set = set()
        for index, row in enumerate(data[section]):
            if row["uid"] in seen:
                errors.append({"path": f"{section}[{index}].uid", "message": "Repeated uid."})
            seen.add(row["uid"])
        uids[section] = seen

    def check_ref(ref: dict | None, path: str) -> None:
        if ref is None:
            return
        if "uid" in ref and ref["uid"] not in uids["categories"]:
            errors.append({"path": path, "message": f"No category with uid {ref['uid']}."})
        if "system" in ref and name_key(ref["system"]) not in system:
            errors.append({"path": path, "message": f"No system category {ref['system']!r}."})

    receipt_errors = _check_receipt_references(data, receipts)
    errors += receipt_errors
    # No receipt is decoded when they are referenced wrongly (or too many).
    decode = receipts if not receipt_errors else None
    for index, row in enumerate(data["expenses"]):
        check_ref(row["category"], f"expenses[{index}].category")
        for tag in row["tags"]:
            if tag not in uids["tags"]:
                errors.append(
                    {"path": f"expenses[{index}].tags", "message": f"No tag with uid {tag}."}
                )
        if decode is not None and row["receipt"] and row["receipt"] in decode:
            message = _receipt_problem(decode, row["receipt"], extensions)
            if message:
                errors.append({"path": f"expenses[{index}].receipt", "message": message})
    for index, row in enumerate(data["budgets"]):
        path = f"budgets[{index}].category"
        if (row["scope"] == "category") != (row["category"] is not None):
            errors.append(
                {
                    "path": path,
                    "message": "Category budgets need a category; overall budgets have none.",
                }
            )
        check_ref(row["category"], path)
    return errors


def _check_category_references(data: dict[str, Any], *, section: str, field: str) -> list[dict]:
    """Rows of `section` (rules, schedules): each uid once, and the category in `field` is in
    the backup or a system one."""
    errors: list[dict[str, str]] = []
    categories = {row["uid"] for row in data["categories"]}
    system = set(category_system_by_key())
    seen: set = set()
    for index, row in enumerate(data[section]):
        if row["uid"] in seen:
            errors.append({"path": f"{section}[{index}].uid", "message": "Repeated uid."})
        seen.add(row["uid"])
        ref, path = row[field], f"{section}[{index}].{field}"
        if ref is not None and "uid" in ref and ref["uid"] not in categories:
            errors.append({"path": path, "message": f"No category with uid {ref['uid']}."})
        if ref is not None and "system" in ref and name_key(ref["system"]) not in system:
            errors.append({"path": path, "message": f"No system category {ref['system']!r}."})
    return errors


def backup_validate(document: Any, *, receipts: ZipReceipts | None = None) -> Backup:
    """Check everything (shape, format, version, every row, every reference) before any
    write; raise `BackupInvalid` listing every problem found."""
    if not isinstance(document, dict):
        raise BackupInvalid([{"path": "", "message": "A backup is a JSON object."}])
    if document.get("format") != FORMAT:
        raise BackupInvalid(
            [{"path": "format", "message": f"Not a backup: format must be {FORMAT!r}."}]
        )
    if document.get("version") != VERSION:
        raise BackupInvalid(
            [
                {
                    "path": "version",
                    "message": f"Version {document.get('version')!r} is not "
                    f"supported; this server reads version {VERSION}.",
                }
            ]
        )
    backup_check_rows(document)
    shape = BackupDocument(data=document)
    if not shape.is_valid():
        raise BackupInvalid(_flatten(shape.errors))
    extensions: dict[str, str] = {}
    errors = _check_references(shape.validated_data, receipts, extensions)
    errors += _check_category_references(
        shape.validated_data, section="rules", field="set_category"
    )
    errors += _check_category_references(
        shape.validated_data, section="schedules", field="category"
    )
    if errors:
        raise BackupInvalid(errors)
    return Backup(data=shape.validated_data, receipts=receipts, extensions=extensions)
