"""Restore a backup into an account: validate the whole document first, then write it all
in one transaction. Rows whose uid the account already has are left alone."""

import contextlib
import datetime
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from rest_framework import serializers

from accounts.models import User
from budgets.models import Budget
from budgets.serializers import WarnThresholdField
from budgets.services import budgets_restore
from categories.models import Category, name_key
from categories.services import categories_restore, tags_restore
from config.batching import uids_owned
from config.exceptions import DomainError
from config.fields import CurrencyField, MoneyField, MonthField
from expenses.models import Expense, PaymentMethod, receipt_upload_to
from expenses.receipts import receipt_check
from expenses.services import NewExpense, expenses_bulk_create
from reports.services.backup import BACKUP_MEMBER, FORMAT, VERSION

MAX_LISTED_ERRORS = 100
MAX_ZIP_MEMBERS = 100_000
LOOKUP_CHUNK = 500
CLOCK_SKEW = datetime.timedelta(days=1)


class BackupInvalid(DomainError):
    status_code = 400
    code = "invalid_backup"
    default_detail = "The backup was not restored because it has problems; nothing was changed."


# --- the document's shape -------------------------------------------------------------------


class RefField(serializers.Field):
    """A category reference: `{"uid": ...}` for a custom one, `{"system": name}`, or null."""

    def to_internal_value(self, data: Any) -> dict:
        if not isinstance(data, dict) or len(data) != 1 or not data.keys() <= {"uid", "system"}:
            raise serializers.ValidationError('Give {"uid": "..."} or {"system": "Food"}.')
        if "uid" in data:
            return {"uid": serializers.UUIDField().run_validation(data["uid"])}
        return {"system": serializers.CharField(max_length=64).run_validation(data["system"])}

    def to_representation(self, value: dict) -> dict:
        return value


class CategoryRow(serializers.Serializer):
    uid = serializers.UUIDField()
    name = serializers.CharField(max_length=64)
    icon = serializers.CharField(max_length=64, allow_blank=True, required=False, default="")
    color_token = serializers.CharField(max_length=64, allow_blank=True, required=False, default="")


class TagRow(serializers.Serializer):
    uid = serializers.UUIDField()
    name = serializers.CharField(max_length=50)


class ExpenseRow(serializers.Serializer):
    uid = serializers.UUIDField()
    date = serializers.DateField()
    amount = MoneyField()
    currency = CurrencyField()
    description = serializers.CharField(max_length=500)
    category = RefField(allow_null=True)
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices, allow_null=True)
    merchant = serializers.CharField(max_length=200, allow_blank=True)
    notes = serializers.CharField(allow_blank=True)
    tags = serializers.ListField(child=serializers.UUIDField())
    receipt = serializers.CharField(allow_null=True, max_length=200)
    created_at = serializers.DateTimeField()

    def validate_created_at(self, value: datetime.datetime) -> datetime.datetime:
        # A future creation time would reopen the edit window (and can overflow it).
        if value > timezone.now() + CLOCK_SKEW:
            raise serializers.ValidationError("Lies in the future.")
        return value


class BudgetRow(serializers.Serializer):
    uid = serializers.UUIDField()
    month = MonthField()
    scope = serializers.ChoiceField(choices=Budget.Scope.choices)
    category = RefField(allow_null=True)
    amount = MoneyField()
    currency = CurrencyField()
    rollover_enabled = serializers.BooleanField()
    warn_threshold = WarnThresholdField()


class ProfileRow(serializers.Serializer):
    default_currency = CurrencyField()


class BackupDocument(serializers.Serializer):
    format = serializers.CharField()
    version = serializers.IntegerField()
    exported_at = serializers.DateTimeField(required=False)
    profile = ProfileRow()
    categories = CategoryRow(many=True)
    tags = TagRow(many=True)
    expenses = ExpenseRow(many=True)
    budgets = BudgetRow(many=True)


# --- validation ----------------------------------------------------------------------------


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


def _reject(errors: list[dict[str, str]]) -> BackupInvalid:
    return BackupInvalid(errors=errors[:MAX_LISTED_ERRORS], error_count=len(errors))


def _receipt_problem(receipts: ZipReceipts, name: str, extensions: dict[str, str]) -> str:
    """Decode one receipt of the zip; note its real extension, or say what is wrong."""
    if receipts.size(name) > settings.RECEIPT_MAX_BYTES:
        return f"Larger than the {settings.RECEIPT_MAX_BYTES:,} byte receipt limit."
    try:
        checked = receipt_check(ContentFile(receipts.read(name), name=name))
    except serializers.ValidationError as exc:
        return str(exc.detail["file"][0])
    except DomainError as exc:
        return exc.detail
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
        return "The file cannot be read from the zip."
    extensions[name] = checked.extension
    return ""


def _check_references(
    data: dict[str, Any], receipts: ZipReceipts | None, extensions: dict[str, str]
) -> list[dict]:
    errors: list[dict[str, str]] = []
    system = set(Category.objects.filter(owner__isnull=True).values_list("name_key", flat=True))
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

    for index, row in enumerate(data["expenses"]):
        check_ref(row["category"], f"expenses[{index}].category")
        for tag in row["tags"]:
            if tag not in uids["tags"]:
                errors.append(
                    {"path": f"expenses[{index}].tags", "message": f"No tag with uid {tag}."}
                )
        if receipts is not None and row["receipt"] and row["receipt"] in receipts:
            message = _receipt_problem(receipts, row["receipt"], extensions)
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


def backup_validate(document: Any, *, receipts: ZipReceipts | None = None) -> Backup:
    """Check everything (shape, format, version, every row, every reference) before any
    write; raise `BackupInvalid` listing every problem found."""
    if not isinstance(document, dict):
        raise _reject([{"path": "", "message": "A backup is a JSON object."}])
    if document.get("format") != FORMAT:
        raise _reject([{"path": "format", "message": f"Not a backup: format must be {FORMAT!r}."}])
    if document.get("version") != VERSION:
        raise _reject(
            [
                {
                    "path": "version",
                    "message": f"Version {document.get('version')!r} is not "
                    f"supported; this server reads version {VERSION}.",
                }
            ]
        )
    shape = BackupDocument(data=document)
    if not shape.is_valid():
        raise _reject(_flatten(shape.errors))
    extensions: dict[str, str] = {}
    errors = _check_references(shape.validated_data, receipts, extensions)
    if errors:
        raise _reject(errors)
    return Backup(data=shape.validated_data, receipts=receipts, extensions=extensions)


def backup_read_json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _reject([{"path": "", "message": "The file is not valid UTF-8 JSON."}]) from exc


@contextlib.contextmanager
def backup_open_zip(upload: IO[bytes]) -> Iterator[tuple[Any, ZipReceipts]]:
    """The document of a backup zip and its receipts, readable while the block runs."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _reject([{"path": "", "message": "The file is not a readable zip."}]) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise _reject([{"path": "", "message": "The zip has too many files to restore."}])
        info = next((m for m in members if m.filename == BACKUP_MEMBER), None)
        if info is None:
            raise _reject([{"path": "", "message": f"The zip has no {BACKUP_MEMBER}."}])
        if info.file_size > settings.BACKUP_MAX_BYTES:
            raise _reject([{"path": "", "message": f"{BACKUP_MEMBER} is too large."}])
        try:
            raw = archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
            raise _reject(
                [{"path": "", "message": f"{BACKUP_MEMBER} cannot be read from the zip."}]
            ) from exc
        yield backup_read_json(raw), ZipReceipts(archive)


# --- writing -----------------------------------------------------------------------------


def _resolve(ref: dict | None, categories: dict, system: dict) -> Category | None:
    if ref is None:
        return None
    if "uid" in ref:
        return categories[ref["uid"]]
    return system[name_key(ref["system"])]


@dataclass
class RestoreResult:
    created: dict[str, int]
    skipped: dict[str, int]
    receipts_missing: int


@transaction.atomic
def backup_restore(*, owner: User, backup: Backup) -> RestoreResult:
    """Write a validated backup into `owner`'s account. Custom categories and tags are
    matched by uid, then by name, else created; expenses and budgets whose uid the account
    has are skipped, so restoring twice adds nothing."""
    data = backup.data
    owner.default_currency = data["profile"]["default_currency"]
    owner.save(update_fields=["default_currency"])
    categories, categories_created = categories_restore(owner=owner, rows=data["categories"])
    tags, tags_created = tags_restore(owner=owner, rows=data["tags"])
    system = {c.name_key: c for c in Category.objects.filter(owner__isnull=True)}

    known = uids_owned(Expense, owner=owner, uids=[row["uid"] for row in data["expenses"]])
    new_expenses = [row for row in data["expenses"] if row["uid"] not in known]
    stored: list[str] = []
    try:
        rows, missing = [], 0
        for row in new_expenses:
            receipt = None
            if row["receipt"]:
                if row["receipt"] in backup.extensions:
                    receipt = default_storage.save(
                        receipt_upload_to(None, f"receipt{backup.extensions[row['receipt']]}"),
                        ContentFile(backup.receipts.read(row["receipt"])),
                    )
                    stored.append(receipt)
                else:
                    missing += 1
            rows.append(
                NewExpense(
                    uid=row["uid"],
                    amount=row["amount"],
                    date=row["date"],
                    description=row["description"],
                    currency=row["currency"],
                    category=_resolve(row["category"], categories, system),
                    payment_method=row["payment_method"],
                    merchant=row["merchant"],
                    notes=row["notes"],
                    tags=tuple(tags[uid].name for uid in row["tags"]),
                    created_at=row["created_at"],
                    receipt=receipt,
                )
            )
        expenses_created = expenses_bulk_create(owner=owner, rows=rows)
        budgets_created = budgets_restore(
            owner=owner,
            rows=[
                {**row, "category": _resolve(row["category"], categories, system)}
                for row in data["budgets"]
            ],
        )
    except Exception:
        for name in stored:  # no orphan files for a restore that did not happen
            default_storage.delete(name)
        raise

    return RestoreResult(
        created={
            "categories": categories_created,
            "tags": tags_created,
            "expenses": expenses_created,
            "budgets": budgets_created,
        },
        skipped={
            "categories": len(data["categories"]) - categories_created,
            "tags": len(data["tags"]) - tags_created,
            "expenses": len(data["expenses"]) - expenses_created,
            "budgets": len(data["budgets"]) - budgets_created,
        },
        receipts_missing=missing,
    )
