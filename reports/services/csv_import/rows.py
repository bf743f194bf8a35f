"""One CSV record read into an expense draft, and the drafts' signs turned into expenses."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from config.fields import CurrencyField, FieldValueError, MoneyField, field_value
from expenses.models import MAX_NOTES_LENGTH, MAX_TAGS_PER_EXPENSE, PaymentMethod
from reports.services.csv_import.amounts import AmountError, parse_amount
from reports.services.csv_import.dates import parse_date
from reports.services.exports import TAG_SEPARATOR, csv_unescape
from reports.services.import_rows import ImportRow

TEXT_LIMITS = {
    "description": 500,
    "merchant": 200,
    "category": 64,
    "notes": MAX_NOTES_LENGTH,
}
TAG_LIMIT = 50
AMOUNT_SIGNS = ("auto", "positive", "negative")

_money = MoneyField()
_currency = CurrencyField()


@dataclass
class RowDraft:
    """A record's values, read and checked; the money columns still carry their signs."""

    line: int
    date: datetime.date
    currency: str
    description: str
    amount: Decimal | None = None
    debit: Decimal | None = None
    credit: Decimal | None = None
    fee: Decimal | None = None
    category: str = ""
    merchant: str = ""
    notes: str = ""
    payment_method: str | None = None
    tags: tuple[str, ...] = ()
    debit_column: bool = False


@dataclass
class RowReading:
    """What one record is: an expense draft, not a transaction at all (a summary or
    legend line: `draft` None and no problems), or a row with `problems`."""

    draft: RowDraft | None = None
    problems: list[dict] = field(default_factory=list)

    @property
    def not_a_transaction(self) -> bool:
        return self.draft is None and not self.problems


def cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return csv_unescape(cells[index].strip())


def read_row(
    cells: list[str],
    columns: dict[str, int],
    line: int,
    *,
    decimal: str,
    date_format: str | None,
    currency: str,
) -> RowReading:
    """Read one record with the file's columns: every value checked by the API's rules,
    every problem named with the line and the field."""

    def get(name: str) -> str:
        return cell(cells, columns, name)

    money_fields = [name for name in ("amount", "debit", "credit") if name in columns]
    if not get("date") and not any(get(name) for name in money_fields):
        return RowReading()
    problems: list[dict] = []

    def fail(name: str, message: str) -> None:
        problems.append({"row": line, "field": name, "message": message})

    values: dict = {}
    try:
        values["date"] = parse_date(get("date"), date_format)
    except ValueError:
        hint = f" in the format {date_format}" if date_format else " (YYYY-MM-DD)"
        fail("date", f"{get('date')!r} is not a date{hint}; set date_format to read it.")
    for name in money_fields + (["fee"] if "fee" in columns else []):
        text = get(name)
        try:
            values[name] = parse_amount(text, decimal) if text else None
        except AmountError as exc:
            fail(name, str(exc))
    description = " ".join(get("description").split())
    if not description:
        fail("description", "The description is empty.")
    for name, limit in TEXT_LIMITS.items():
        if len(description if name == "description" else get(name)) > limit:
            fail(name, f"Longer than {limit} characters.")
    try:
        values["currency"] = field_value(_currency, get("currency") or currency)
    except FieldValueError as exc:
        fail("currency", str(exc))
    method = get("payment_method") or None
    if method is not None and method not in PaymentMethod.values:
        fail("payment_method", f"{method!r} is not one of {', '.join(PaymentMethod.values)}.")
    tags = tuple(tag.strip() for tag in get("tags").split(TAG_SEPARATOR) if tag.strip())
    if any(len(tag) > TAG_LIMIT for tag in tags):
        fail("tags", f"A tag is longer than {TAG_LIMIT} characters.")
    if len(tags) > MAX_TAGS_PER_EXPENSE:
        fail("tags", f"More than {MAX_TAGS_PER_EXPENSE} tags.")
    if problems:
        return RowReading(problems=problems)
    return RowReading(
        draft=RowDraft(
            line=line,
            description=description,
            category=get("category"),
            merchant=get("merchant"),
            notes=get("notes"),
            tags=tags,
            payment_method=method,
            debit_column="debit" in columns,
            **values,
        )
    )


def spending_sign(drafts: list[RowDraft], amount_sign: str) -> str:
    """`positive` or `negative`: which sign a signed amount column gives spending. `auto`:
    negative when the file has any negative amount (bank style), else positive."""
    if amount_sign != "auto":
        return amount_sign
    negative = any((draft.amount or 0) < 0 for draft in drafts)
    return "negative" if negative else "positive"


def drafts_to_rows(
    drafts: list[RowDraft], amount_sign: str
) -> tuple[list[ImportRow], int, list[dict]]:
    """(expenses, how many drafts are not spending, problems). With debit/credit columns,
    rows without a debit are money in; with one signed amount column, the other sign is."""
    sign = spending_sign(drafts, amount_sign)
    rows, skipped, problems = [], 0, []
    for draft in drafts:
        if draft.debit_column:
            amount, name = draft.debit, "debit"
            if amount is None or amount == 0:
                skipped += 1
                continue
            amount = abs(amount)
        else:
            amount, name = draft.amount, "amount"
            if amount is None:
                problems.append({"row": draft.line, "field": "amount", "message": "Empty."})
                continue
            if sign == "negative":
                if amount >= 0:
                    skipped += 1
                    continue
                amount = -amount
        amount += abs(draft.fee or Decimal(0))
        try:
            amount = field_value(_money, str(amount))
        except FieldValueError as exc:
            problems.append({"row": draft.line, "field": name, "message": str(exc)})
            continue
        rows.append(
            ImportRow(
                line=draft.line,
                date=draft.date,
                amount=amount,
                currency=draft.currency,
                description=draft.description,
                category=draft.category,
                merchant=draft.merchant,
                payment_method=draft.payment_method,
                tags=draft.tags,
                notes=draft.notes,
            )
        )
    return rows, skipped, problems
