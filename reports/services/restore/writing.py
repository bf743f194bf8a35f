"""Writing a validated backup into an account, in one transaction."""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from accounts.models import User
from budgets.services import budgets_restore
from categories.models import Category, name_key
from categories.selectors import category_system_by_key
from categories.services import categories_hide, categories_restore, tags_restore
from config.files import delete_unless_committed
from expenses.models import receipt_upload_to
from expenses.selectors import expense_uids_owned
from expenses.services import NewExpense, expenses_bulk_create, storage_quota_check
from reports.errors import BackupInvalid
from reports.services.restore.validation import Backup
from rules.errors import TooManyRules
from rules.services import rules_restore
from schedules.errors import TooManySchedules
from schedules.services import schedules_restore


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
    system = category_system_by_key()
    hidden = [system[name_key(name)] for name in data["hidden_system_categories"]]
    categories_hide(owner=owner, categories=hidden)

    known = expense_uids_owned(owner=owner, uids=[row["uid"] for row in data["expenses"]])
    new_expenses = [row for row in data["expenses"] if row["uid"] not in known]
    receipts = backup.receipts
    if receipts is not None:
        # Before any file is written: the new receipts must fit in the owner's quota.
        storage_quota_check(
            owner=owner,
            adding=sum(
                receipts.size(row["receipt"])
                for row in new_expenses
                if row["receipt"] and row["receipt"] in backup.extensions
            ),
        )
    rows, missing = [], 0
    for row in new_expenses:
        receipt = None
        if row["receipt"]:
            # Only a zip restore has receipts; their names are the keys of `extensions`.
            if receipts is not None and row["receipt"] in backup.extensions:
                # Each member is the receipt of one row (validation refuses shared ones).
                receipt = default_storage.save(
                    receipt_upload_to(None, f"receipt{backup.extensions[row['receipt']]}"),
                    ContentFile(receipts.read(row["receipt"])),
                )
                # No orphan file for a restore that does not commit.
                delete_unless_committed(default_storage, receipt)
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
    try:
        rules_created = rules_restore(
            owner=owner,
            rows=[
                {**row, "set_category": _resolve(row["set_category"], categories, system)}
                for row in data["rules"]
            ],
        )
    except TooManyRules as exc:
        # All or nothing: the transaction is rolled back, receipts written are deleted.
        raise BackupInvalid([{"path": "rules", "message": exc.detail}]) from exc
    try:
        schedules_created = schedules_restore(
            owner=owner,
            rows=[
                {**row, "category": _resolve(row["category"], categories, system)}
                for row in data["schedules"]
            ],
        )
    except TooManySchedules as exc:
        raise BackupInvalid([{"path": "schedules", "message": exc.detail}]) from exc

    return RestoreResult(
        created={
            "categories": categories_created,
            "tags": tags_created,
            "expenses": expenses_created,
            "budgets": budgets_created,
            "rules": rules_created,
            "schedules": schedules_created,
        },
        skipped={
            "categories": len(data["categories"]) - categories_created,
            "tags": len(data["tags"]) - tags_created,
            "expenses": len(data["expenses"]) - expenses_created,
            "budgets": len(data["budgets"]) - budgets_created,
            "rules": len(data["rules"]) - rules_created,
            "schedules": len(data["schedules"]) - schedules_created,
        },
        receipts_missing=missing,
    )
