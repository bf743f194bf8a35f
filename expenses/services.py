import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from accounts.models import User
from categories.models import Category, name_key
from categories.services import category_hold, tags_resolve
from config.batching import batched
from config.files import delete_unless_committed
from config.models import model_apply
from expenses.errors import EditWindowExpired, StorageQuotaExceeded
from expenses.models import Expense, ExpenseAudit
from expenses.receipts import receipt_check
from expenses.selectors import expense_ids_by_uid, expense_may_change, expense_receipt_bytes
from rules.engine import Draft
from rules.selectors import Classifier, rules_classifier
from rules.services import merge_tags

EDITABLE_FIELDS = (
    "amount",
    "currency",
    "date",
    "description",
    "category",
    "payment_method",
    "merchant",
    "notes",
)


def expense_snapshot(expense: Expense) -> dict[str, Any]:
    """A JSON-safe picture of an expense, for the audit trail."""
    return {
        "amount": str(expense.amount),
        "currency": expense.currency,
        "date": expense.date.isoformat(),
        "description": expense.description,
        "category": expense.category_id,
        "payment_method": expense.payment_method,
        "merchant": expense.merchant,
        "notes": expense.notes,
        "tags": sorted(tag.name for tag in expense.tags.all()),
        "receipt": expense.receipt.name or None,
    }


def expense_defaults(*, owner: User) -> dict[str, Any]:
    """The values of the optional fields of a new expense."""
    return {
        "currency": owner.default_currency,
        "category": None,
        "payment_method": None,
        "merchant": "",
        "notes": "",
        "tags": [],
    }


def _guard_change(*, expense: Expense, actor: User) -> bool:
    """Raise unless the change is allowed; True when it is an audited Admin override."""
    allowed, is_override = expense_may_change(expense=expense, actor=actor)
    if not allowed:
        raise EditWindowExpired(editable_until=expense.editable_until.isoformat())
    return is_override


def _audit(
    *, expense: Expense, actor: User, action: str, before: dict, deleted: bool = False
) -> None:
    """Record an Admin override: the expense before, and after unless it was deleted."""
    ExpenseAudit.objects.create(
        expense_id_ref=expense.id,
        expense_owner_id=expense.owner_id,
        actor=actor,
        action=action,
        before=before,
        after=None if deleted else expense_snapshot(expense),
    )


def _delete_file_after_commit(name: str | None, storage) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def expense_create(
    *,
    owner: User,
    amount: Decimal,
    date: date,
    description: str,
    currency: str | None = None,
    category: Category | None = None,
    payment_method: str | None = None,
    merchant: str = "",
    notes: str = "",
    tags: Iterable[str] = (),
    apply_rules: bool = True,
    rules: Classifier | None = None,
) -> Expense:
    """Record an expense for `owner`; the currency defaults to the owner's. With
    `apply_rules`, the owner's rules fill the category when none is given, replace the
    merchant with a rule's clean name, and add their tags up to `MAX_TAGS_PER_EXPENSE` (one
    query for the rules)."""
    currency = currency or owner.default_currency
    if apply_rules:
        ruled = (rules or rules_classifier(owner=owner))(
            draft=Draft(
                description=description,
                merchant=merchant,
                amount=amount,
                payment_method=payment_method,
                currency=currency,
            ),
        )
        if ruled is not None:
            category = category or ruled.category
            merchant = ruled.merchant or merchant
            tags = merge_tags(tags, ruled.tags)
    category_hold(category=category)  # 400 if it was deleted meanwhile
    expense = Expense.objects.create(
        owner=owner,
        amount=amount,
        date=date,
        description=description,
        currency=currency,
        category=category,
        payment_method=payment_method,
        merchant=merchant,
        notes=notes,
    )
    if tags:
        expense.tags.set(tags_resolve(owner=owner, names=tags))
    return expense


# The financial record, which the edit window protects (with the receipt and deletion).
# Category, tags and notes are classification: the owner may change them at any time.
RECORD_FIELDS = ("amount", "currency", "date", "description", "payment_method", "merchant")


def expense_record_changes(*, expense: Expense, data: dict[str, Any]) -> list[str]:
    """The record fields whose value `data` changes (a field sent unchanged is not a change)."""
    return [name for name in RECORD_FIELDS if name in data and data[name] != getattr(expense, name)]


@transaction.atomic
def expense_update(*, expense: Expense, actor: User, data: dict[str, Any]) -> Expense:
    """Change an expense. A change of its record (`RECORD_FIELDS`) needs the edit window, or
    an Admin's override, which is audited; classification alone is allowed at any time."""
    changes_record = bool(expense_record_changes(expense=expense, data=data))
    is_override = changes_record and _guard_change(expense=expense, actor=actor)
    before = expense_snapshot(expense) if is_override else None
    if "category" in data:
        category_hold(category=data["category"])  # 400 if it was deleted meanwhile
    fields = model_apply(expense, data, EDITABLE_FIELDS)
    expense.save(update_fields=[*fields, "updated_at"])
    if "tags" in data:
        expense.tags.set(tags_resolve(owner=expense.owner, names=data["tags"]))
        # The prefetched tags are stale now.
        getattr(expense, "_prefetched_objects_cache", {}).pop("tags", None)
        expense.__dict__.pop("tag_list", None)
    if is_override and before is not None:
        _audit(expense=expense, actor=actor, action=ExpenseAudit.Action.UPDATE, before=before)
    return expense


@transaction.atomic
def expense_delete(*, expense: Expense, actor: User) -> None:
    """Delete an expense and, once the transaction commits, its receipt file."""
    if _guard_change(expense=expense, actor=actor):
        _audit(
            expense=expense,
            actor=actor,
            action=ExpenseAudit.Action.DELETE,
            before=expense_snapshot(expense),
            deleted=True,
        )
    _delete_file_after_commit(expense.receipt.name, expense.receipt.storage)
    expense.delete()


@transaction.atomic
def expense_receipt_set(*, expense: Expense, actor: User, upload: UploadedFile | None) -> Expense:
    """Attach (or with `upload=None` remove) the receipt. The file is decoded before it is
    stored under a random name; a replaced file is deleted once the change commits."""
    is_override = _guard_change(expense=expense, actor=actor)
    before = expense_snapshot(expense) if is_override else None
    storage = expense.receipt.storage
    old_name = expense.receipt.name or None
    if upload is None:
        expense.receipt = None
    else:
        checked = receipt_check(upload)
        storage_quota_check(owner=expense.owner, adding=upload.size or 0, replacing=old_name)
        expense.receipt.save(f"receipt{checked.extension}", upload, save=False)
        # No orphan file if this change, or a transaction around it, does not commit.
        delete_unless_committed(storage, cast(str, expense.receipt.name))  # set by save()
    expense.save(update_fields=["receipt", "updated_at"])
    if is_override and before is not None:
        _audit(expense=expense, actor=actor, action=ExpenseAudit.Action.RECEIPT, before=before)
    _delete_file_after_commit(old_name, storage)
    return expense


@dataclass(frozen=True)
class NewExpense:
    """One row for `expenses_bulk_create`: an expense's values with tags by name."""

    amount: Decimal
    date: date
    description: str
    currency: str
    category: Category | None = None
    payment_method: str | None = None
    merchant: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    uid: uuid.UUID | None = None
    created_at: datetime | None = None
    receipt: str | None = None


BULK_BATCH_SIZE = 2000
# What `expenses_bulk_create` writes, in column order; `id` comes from the database.
_INSERTED = ("owner", "uid", *EDITABLE_FIELDS, "receipt", "created_at", "updated_at")


def _parameters_per_statement() -> int:
    """How many values one statement may bind: SQLite says its own limit (32,766 since 3.32;
    Django assumes the old 999), PostgreSQL's protocol allows 65,535."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 65_535


def _insert_batch(*, owner: User, batch: list[NewExpense]) -> list[uuid.UUID]:
    """Insert a batch with multi-row INSERT statements and return the rows' uids, in order.
    The values are prepared by each field's own `get_db_prep_save` (the current time once
    per batch), without building a model instance per row: for imports of 100,000 rows that
    was most of the time. The rollup triggers see these inserts like any other."""
    fields = [cast(Field, Expense._meta.get_field(name)) for name in _INSERTED]
    prep = {name: field.get_db_prep_save for name, field in zip(_INSERTED, fields, strict=True)}
    uid, amount, day, receipt, stamp = (
        prep["uid"], prep["amount"], prep["date"], prep["receipt"], prep["created_at"]
    )  # fmt: skip
    now = stamp(timezone.now(), connection)
    uids = [row.uid or uuid.uuid4() for row in batch]
    # In `_INSERTED`'s order (test_bulk_insert.py compares every column with the ORM's).
    values = [
        (
            owner.id,
            uid(row_uid, connection),
            amount(row.amount, connection),
            row.currency,
            day(row.date, connection),
            row.description,
            row.category.id if row.category is not None else None,
            row.payment_method,
            row.merchant,
            row.notes,
            receipt(row.receipt or "", connection),
            stamp(row.created_at, connection) if row.created_at else now,
            now,
        )
        for row, row_uid in zip(batch, uids, strict=True)
    ]
    per_statement = max(1, min(500, _parameters_per_statement() // len(fields)))
    columns = ", ".join(connection.ops.quote_name(cast(str, field.column)) for field in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    table = connection.ops.quote_name(Expense._meta.db_table)
    with connection.cursor() as cursor:
        for chunk in batched(values, per_statement):
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - names from _meta
                + ", ".join([one_row] * len(chunk)),
                [value for row in chunk for value in row],
            )
    return uids


def expenses_bulk_create(
    *,
    owner: User,
    rows: Iterable[NewExpense],
    on_progress: Callable[[int], None] = lambda done: None,
) -> int:
    """Insert many expenses for `owner` in batches (multi-row inserts for the rows,
    `bulk_create` for tag links), inside one transaction. `rows` may be a generator of any
    length. Returns the count."""
    tag_ids: dict[str, int] = {}
    Through = Expense.tags.through
    created = 0
    with transaction.atomic():
        for batch in batched(rows, BULK_BATCH_SIZE):
            uids = _insert_batch(owner=owner, batch=batch)
            tagged = [(uid, row) for uid, row in zip(uids, batch, strict=True) if row.tags]
            if tagged:
                unseen: dict[str, str] = {}
                for _, row in tagged:
                    for name in row.tags:
                        key = name_key(name)
                        if key and key not in tag_ids:
                            unseen.setdefault(key, name)
                if unseen:
                    tags = tags_resolve(owner=owner, names=list(unseen.values()))
                    tag_ids.update((key, tag.id) for key, tag in zip(unseen, tags, strict=True))
                ids = expense_ids_by_uid(owner=owner, uids=[uid for uid, _ in tagged])
                Through.objects.bulk_create(
                    Through(expense_id=ids[uid], tag_id=tag_id)
                    for uid, row in tagged
                    for tag_id in {tag_ids[name_key(name)] for name in row.tags if name_key(name)}
                )
            created += len(batch)
            on_progress(len(batch))
    return created


def expenses_reassign_category(
    *, owner: User, from_category: Category, to_category: Category | None
) -> int:
    """Move every expense of `owner` in one category to another (or to none)."""
    return Expense.objects.filter(owner=owner, category=from_category).update(category=to_category)


def storage_quota_check(*, owner: User, adding: int, replacing: str | None = None) -> None:
    """Raise `StorageQuotaExceeded` (413) unless `owner`'s receipt files, with `adding` more
    bytes (and without the file `replacing`, which the change deletes), stay within
    `STORAGE_QUOTA_MB` (0: no quota)."""
    quota_mb = settings.STORAGE_QUOTA_MB
    if quota_mb <= 0:
        return
    quota = quota_mb * 1024 * 1024
    used = expense_receipt_bytes(owner=owner, excluding=replacing)
    if used + adding > quota:
        raise StorageQuotaExceeded(
            f"Storing {adding:,} more bytes would exceed your {quota_mb:,} MB storage quota "
            f"for receipts ({used:,} bytes used); delete some receipts first.",
            quota_bytes=quota,
            used_bytes=used,
        )


def expense_files_delete_on_commit(*, owner: User) -> None:
    """Delete every receipt file of `owner` once the current transaction commits (the account
    is being deleted; its rows go with the database cascade)."""
    storage = Expense._meta.get_field("receipt").storage
    names = (
        Expense.objects.filter(owner=owner).exclude(receipt="").values_list("receipt", flat=True)
    )
    for name in names:
        _delete_file_after_commit(name, storage)
