"""CSV export: streamed, UTF-8, safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Callable, Iterator

from django.db.models import QuerySet

from config.batching import batched
from expenses.models import Expense
from expenses.selectors import expense_tag_names

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


_RISKY_FIRST = frozenset("'" + "".join(FORMULA_PREFIXES))


def _needs_quote(text: str) -> bool:
    # Quotes already in front are counted too, so that `'=x` survives a round trip.
    return text.lstrip("'").startswith(FORMULA_PREFIXES)


def csv_escape(text: str) -> str:
    """Neutralise a formula: a dangerous first character gets a leading quote. Most cells
    start with a harmless character, which the first test alone settles."""
    return f"'{text}" if text[:1] in _RISKY_FIRST and _needs_quote(text) else text


def csv_unescape(text: str) -> str:
    """Undo `csv_escape`, so export followed by import gives back the same text."""
    return text[1:] if text.startswith("'") and _needs_quote(text) else text


# The export's columns as stored, read as tuples: no model instances, no per-row prefetch.
ROW_FIELDS = (
    "id",
    "date",
    "amount",
    "currency",
    "description",
    "category__name",
    "merchant",
    "payment_method",
    "notes",
)


def expense_csv_cells(row: tuple, tags: list[str]) -> list[str]:
    """One CSV line's cells from a `ROW_FIELDS` tuple and the expense's tag names."""
    _, day, amount, currency, description, category, merchant, method, notes = row
    return [
        day.isoformat(),
        f"{amount:.2f}",
        currency,
        csv_escape(description),
        csv_escape(category or ""),
        csv_escape(merchant),
        csv_escape(method or ""),
        csv_escape(TAG_SEPARATOR.join(tags)),
        csv_escape(notes),
    ]


def expenses_csv_chunks(
    expenses: QuerySet[Expense], *, on_rows: Callable[[int], None] = lambda count: None
) -> Iterator[str]:
    """The CSV file in pieces of `CHUNK_SIZE` rows (the header first), in the queryset's
    order. The rows are streamed from the database as tuples and each piece's tags come in
    one query, so memory stays flat however many expenses there are, and a web server
    sends a few large writes rather than one per line. `on_rows` hears each piece's size."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    rows = expenses.select_related(None).prefetch_related(None).values_list(*ROW_FIELDS)
    for chunk in batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        tags = expense_tag_names(expense_ids=[row[0] for row in chunk])
        writer.writerows(expense_csv_cells(row, tags.get(row[0], [])) for row in chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        on_rows(len(chunk))
    if buffer.tell():  # no rows: the header alone
        yield buffer.getvalue()
