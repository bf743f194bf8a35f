"""CSV export: streamed, UTF-8, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from expenses.models import Expense

CSV_HEADER = [
    "date",
    "amount",
    "currency",
    "description",
    "category",
    "merchant",
    "payment_method",
    "tags",
    "notes",
]
TAG_SEPARATOR = "|"
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000


def _needs_quote(text: str) -> bool:
    # Quotes already in front are counted too, so that `'=x` survives a round trip.
    return text.lstrip("'").startswith(FORMULA_PREFIXES)


def csv_escape(text: str) -> str:
    """Neutralise a formula: a dangerous first character gets a leading quote."""
    return f"'{text}" if _needs_quote(text) else text


def csv_unescape(text: str) -> str:
    """Undo `csv_escape`, so export followed by import gives back the same text."""
    return text[1:] if text.startswith("'") and _needs_quote(text) else text


class _Echo:
    """A file-like object whose `write` hands the line back, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def expense_csv_cells(expense: Expense) -> list[str]:
    text = [
        expense.description,
        expense.category.name if expense.category_id and expense.category else "",
        expense.merchant,
        expense.payment_method or "",
        TAG_SEPARATOR.join(tag.name for tag in expense.tag_objects()),
        expense.notes,
    ]
    description, category, merchant, method, tags, notes = (csv_escape(cell) for cell in text)
    return [
        expense.date.isoformat(),
        f"{expense.amount:.2f}",
        expense.currency,
        description,
        category,
        merchant,
        method,
        tags,
        notes,
    ]


def expenses_csv_lines(expenses: QuerySet[Expense]) -> Iterator[str]:
    """The CSV file line by line, reading the rows in chunks: memory stays flat however
    many expenses there are (tags and categories are fetched per chunk)."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for expense in expenses.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(expense_csv_cells(expense))


def write_lines(lines: Iterable[str], target) -> int:
    """Write streamed lines to an open text file; returns how many data rows were written."""
    count = -1
    for line in lines:
        target.write(line)
        count += 1
    return max(count, 0)
