"""Backups: every row a user owns, as one versioned JSON document (streamed) or a zip
with the receipt files beside it. `restore.py` reads them back."""

import json
import logging
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import IO, Any, cast

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from budgets.models import Budget
from budgets.selectors import budget_backup_list
from categories.models import Category, Tag
from categories.selectors import category_hidden_system_names, category_own_list, tag_own_list
from expenses.models import Expense
from expenses.selectors import expense_backup_list, expense_with_receipt_list
from rules.models import Rule
from rules.selectors import rule_backup_list
from schedules.models import Schedule
from schedules.selectors import occurrences_used, schedule_backup_list, schedule_skipped_ahead

logger = logging.getLogger(__name__)

FORMAT = "smart-expense-tracker-backup"
VERSION = 1
BACKUP_MEMBER = "backup.json"
CHUNK_SIZE = 2000


def category_ref(category: Category | None) -> dict[str, str] | None:
    """How a backup points at a category: a custom one by uid, a system one by name."""
    if category is None:
        return None
    if category.is_system:
        return {"system": category.name}
    return {"uid": str(category.uid)}


def receipt_member(expense: Expense) -> str | None:
    """The receipt's path inside a backup zip: stable, named after the expense's uid."""
    name = expense.receipt.name
    if not name:  # what `not expense.receipt` tests
        return None
    return f"receipts/{expense.uid}{PurePath(name).suffix}"


def _category_row(category: Category) -> dict[str, Any]:
    return {
        "uid": str(category.uid),
        "name": category.name,
        "icon": category.icon,
        "color_token": category.color_token,
        # Hidden from the owner's pickers (`category_own_list` annotates it).
        "hidden": bool(getattr(category, "hidden", False)),
    }


def _tag_row(tag: Tag) -> dict[str, Any]:
    return {"uid": str(tag.uid), "name": tag.name}


def _expense_row(expense: Expense) -> dict[str, Any]:
    return {
        "uid": str(expense.uid),
        "date": expense.date.isoformat(),
        "amount": f"{expense.amount:.2f}",
        "currency": expense.currency,
        "description": expense.description,
        "category": category_ref(expense.category),
        "payment_method": expense.payment_method,
        "merchant": expense.merchant,
        "notes": expense.notes,
        "tags": sorted(str(tag.uid) for tag in expense.tags.all()),
        "receipt": receipt_member(expense),
        "created_at": expense.created_at.isoformat(),
    }


def _budget_row(budget: Budget) -> dict[str, Any]:
    return {
        "uid": str(budget.uid),
        "month": budget.month.isoformat(),
        "scope": budget.scope,
        "category": category_ref(budget.category),
        "amount": f"{budget.amount:.2f}",
        "currency": budget.currency,
        "rollover_enabled": budget.rollover_enabled,
        "warn_threshold": str(budget.warn_threshold.normalize()),
    }


def _rule_row(rule: Rule) -> dict[str, Any]:
    return {
        "uid": str(rule.uid),
        "name": rule.name,
        "position": rule.position,
        "enabled": rule.enabled,
        "conditions": rule.conditions,
        "set_category": category_ref(rule.set_category),
        "add_tags": rule.add_tags,
        "set_merchant": rule.set_merchant,
    }


def _schedule_row(schedule: Schedule) -> dict[str, Any]:
    """A schedule with its `next_due` (what already happened is not created again by a
    restore), the occurrences it has left (`remaining`, null: no limit) and the dates after
    `next_due` skipped ahead of time (`skipped`: `remaining` does not count them)."""
    remaining = None
    if schedule.next_due is None:
        remaining = 0
    elif schedule.count is not None:
        remaining = max(0, schedule.count - occurrences_used(schedule))
    return {
        "uid": str(schedule.uid),
        "description": schedule.description,
        "amount": f"{schedule.amount:.2f}",
        "currency": schedule.currency,
        "category": category_ref(schedule.category),
        "tags": list(schedule.tags),
        "payment_method": schedule.payment_method,
        "merchant": schedule.merchant,
        "notes": schedule.notes,
        "start_date": schedule.start_date.isoformat(),
        "period": schedule.period,
        "interval": schedule.interval,
        "day_of_month": schedule.day_of_month,
        "end_date": schedule.end_date.isoformat() if schedule.end_date else None,
        "remaining": remaining,
        "paused": schedule.paused,
        "next_due": schedule.next_due.isoformat() if schedule.next_due else None,
        "skipped": [day.isoformat() for day in schedule_skipped_ahead(schedule)],
    }


def _sections(owner: User) -> list[tuple[str, Iterator[dict[str, Any]]]]:
    sections: list[tuple[str, Callable[[Any], dict[str, Any]], QuerySet[Any]]] = [
        ("categories", _category_row, category_own_list(owner=owner)),
        ("tags", _tag_row, tag_own_list(owner=owner)),
        ("expenses", _expense_row, expense_backup_list(owner=owner)),
        ("budgets", _budget_row, budget_backup_list(owner=owner)),
        ("rules", _rule_row, rule_backup_list(owner=owner)),
        ("schedules", _schedule_row, schedule_backup_list(owner=owner)),
    ]
    return [
        (name, map(to_row, rows.iterator(chunk_size=CHUNK_SIZE))) for name, to_row, rows in sections
    ]


def backup_json_chunks(
    *, owner: User, on_row: Callable[[str], None] = lambda section: None
) -> Iterator[str]:
    """The backup document as a stream of text pieces, one row at a time; `on_row` hears
    the section name of each row written (for progress bars)."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {"default_currency": owner.default_currency},
        # The system categories the owner hid (custom ones carry `hidden` in their rows).
        "hidden_system_categories": category_hidden_system_names(owner=owner),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1]
    for name, rows in _sections(owner):
        yield f', "{name}": ['
        for index, row in enumerate(rows):
            yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
            on_row(name)
        yield "]"
    yield "}\n"


def backup_zip_file(*, owner: User) -> IO[bytes]:
    """`backup.json` plus every receipt file, zipped into a temporary file (rewound)."""
    target = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(BACKUP_MEMBER, "w") as member:
            for chunk in backup_json_chunks(owner=owner):
                member.write(chunk.encode())
        with_receipts = expense_with_receipt_list(owner=owner)
        for expense in with_receipts.iterator(chunk_size=CHUNK_SIZE):
            try:
                source = expense.receipt.open("rb")
            except FileNotFoundError:
                # The restore reports it as a missing receipt; the rest of the backup is whole.
                logger.error("Receipt file %s is missing; left out of the backup", expense.receipt)
                continue
            # Only expenses with a receipt are listed, so each has a member name.
            name = cast(str, receipt_member(expense))
            with source, archive.open(name, "w") as member:
                shutil.copyfileobj(source, member)
    target.seek(0)
    return target
