"""Writing imported rows (from CSV or OFX): duplicates found, categories resolved, all rows
inserted in one transaction, or nothing when it is a dry run."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from ai.services import categorize_many
from ai.suggestions import Suggestion
from categories.models import name_key
from categories.selectors import category_list
from categories.services import category_create
from expenses.selectors import expense_keys_between
from expenses.services import NewExpense, expenses_bulk_create
from reports.services.csv_import import CsvOptions, parse_csv
from reports.services.import_rows import ImportRow, ParsedFile
from reports.services.ofx_import import parse_ofx
from rules.services import rules_classify_rows


@dataclass
class ImportResult:
    dry_run: bool
    created: int
    skipped: int
    duplicates: int
    new_categories: list[str]
    decimal: str | None = None
    delimiter: str | None = None
    detected: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    detection: dict | None = None
    profile: dict | None = None


def _duplicate_keys(owner: User, rows: list[ImportRow]) -> set[tuple]:
    """(date, amount, description) of the owner's expenses in the file's date range."""
    if not rows:
        return set()
    first, last = min(r.date for r in rows), max(r.date for r in rows)
    return {
        (day, amount, name_key(description))
        for day, amount, description in expense_keys_between(owner=owner, start=first, end=last)
    }


def _key(row: ImportRow) -> tuple:
    return (row.date, Decimal(row.amount), name_key(row.description))


AUTO_FILL_CONFIDENCE = 0.5
"""Suggestions at least this confident fill the category of imported rows that have none."""


def _suggested(owner: User, rows: list[ImportRow]) -> dict[int, Suggestion]:
    """{line: suggestion} for the rows without a category that the categorizer is
    confident enough about."""
    open_rows = [row for row in rows if not row.category]
    suggestions = categorize_many(
        owner=owner, items=[(row.description, row.merchant, row.amount) for row in open_rows]
    )
    return {
        row.line: suggestion
        for row, suggestion in zip(open_rows, suggestions, strict=True)
        if suggestion.category_name and suggestion.confidence >= AUTO_FILL_CONFIDENCE
    }


@transaction.atomic
def expenses_import(
    *,
    owner: User,
    parsed: ParsedFile,
    dry_run: bool,
    skip_duplicates: bool,
    auto_categorize: bool = False,
    on_progress: Callable[[int], None] = lambda done: None,
) -> ImportResult:
    """Import every row, reporting likely duplicates (same date, amount and description as
    an expense already there) and skipping them when asked. Unknown category names become
    the owner's categories. With `auto_categorize`, rows without a category get the one the
    categorizer suggests (when confident enough); the preview shows each suggestion."""
    # The owner's rules first: a row a rule categorized gets no suggestion.
    parsed.rows, ruled = rules_classify_rows(owner=owner, rows=parsed.rows)
    suggested = _suggested(owner, parsed.rows) if auto_categorize else {}
    if suggested:
        parsed.rows = [
            replace(row, category=suggested[row.line].category_name or "")
            if row.line in suggested
            else row
            for row in parsed.rows
        ]
    existing = _duplicate_keys(owner, parsed.rows)
    duplicates = [row for row in parsed.rows if _key(row) in existing]
    to_create = [row for row in parsed.rows if not (skip_duplicates and _key(row) in existing)]
    categories = {c.name_key: c for c in category_list(owner=owner)}
    new_names: dict[str, str] = {}
    for row in to_create:
        key = name_key(row.category)
        if key and key not in categories:
            new_names.setdefault(key, " ".join(row.category.split()))
    result = ImportResult(
        dry_run=dry_run,
        created=len(to_create),
        skipped=parsed.skipped + len(parsed.rows) - len(to_create),
        duplicates=len(duplicates),
        new_categories=sorted(new_names.values()),
        decimal=parsed.decimal,
        delimiter=parsed.delimiter,
        detected=parsed.detected,
        counts=_counts(parsed, created=len(to_create), duplicates=len(duplicates)),
        detection=parsed.detection,
    )
    if dry_run:
        result.rows = [
            {
                **_preview(row, _key(row) in existing, suggested.get(row.line), skip_duplicates),
                "rule": ruled.get(row.line),
            }
            for row in parsed.rows
        ]
        result.rows = sorted(result.rows + _excluded_previews(parsed), key=lambda r: r["row"])
        return result
    for key, name in new_names.items():
        categories[key] = category_create(owner=owner, name=name)
    expenses_bulk_create(
        owner=owner,
        rows=(
            NewExpense(
                amount=row.amount,
                date=row.date,
                description=row.description,
                currency=row.currency,
                category=categories.get(name_key(row.category)),
                payment_method=row.payment_method,
                merchant=row.merchant,
                notes=row.notes,
                tags=row.tags,
            )
            for row in to_create
        ),
        on_progress=on_progress,
    )
    return result


DUPLICATE_REASON = "Already imported: an expense with the same date, amount and description."
EXCLUDED = ("reverted", "refunded", "money_in")


def _counts(parsed: ParsedFile, *, created: int, duplicates: int) -> dict[str, int]:
    """How many rows are imported, found to be duplicates, and not spending, by reason."""
    counts = {"import": created, "duplicate": duplicates}
    for status in EXCLUDED:
        counts[status] = sum(1 for row in parsed.excluded if row.status == status)
    return counts


def _excluded_previews(parsed: ParsedFile) -> list[dict]:
    """The dry run's rows that are not spending, with why."""
    return [
        {
            "row": row.line,
            "date": row.date.isoformat(),
            "amount": f"{row.amount:.2f}",
            "currency": row.currency,
            "description": row.description,
            "merchant": row.merchant,
            "status": row.status,
            "reason": row.reason,
        }
        for row in parsed.excluded
    ]


def _preview(
    row: ImportRow, duplicate: bool, suggestion: Suggestion | None, skip_duplicates: bool
) -> dict:
    return {
        "status": "duplicate" if duplicate and skip_duplicates else "import",
        "reason": DUPLICATE_REASON if duplicate else None,
        "row": row.line,
        "date": row.date.isoformat(),
        "amount": f"{row.amount:.2f}",
        "currency": row.currency,
        "description": row.description,
        "category": row.category or None,
        "merchant": row.merchant,
        "payment_method": row.payment_method,
        "tags": list(row.tags),
        "notes": row.notes,
        "duplicate": duplicate,
        "suggested_category": suggestion.category_name if suggestion else None,
        "suggested_category_id": suggestion.category_id if suggestion else None,
        "confidence": suggestion.confidence if suggestion else None,
        "rationale": suggestion.rationale if suggestion else None,
    }


def statement_import(
    *,
    owner: User,
    raw: bytes,
    csv_options: CsvOptions | None,
    max_rows: int,
    dry_run: bool,
    skip_duplicates: bool,
    auto_categorize: bool = False,
    on_parsed: Callable[[int], None] = lambda rows: None,
    on_progress: Callable[[int], None] = lambda done: None,
) -> ImportResult:
    """Read a statement and import it: a CSV read with `csv_options`, or with none an OFX/QFX
    statement. The one import flow of the API and of `manage.py import_expenses`;
    `on_parsed` hears how many rows the file has, `on_progress` each batch written."""
    if csv_options is None:
        parsed = parse_ofx(raw, max_rows=max_rows)
    else:
        parsed = parse_csv(raw, csv_options, max_rows=max_rows)
    on_parsed(len(parsed.rows))
    return expenses_import(
        owner=owner,
        parsed=parsed,
        dry_run=dry_run,
        skip_duplicates=skip_duplicates,
        auto_categorize=auto_categorize,
        on_progress=on_progress,
    )
