"""Reading expenses from CSV: the app's own export, and bank layouts through a mapping.

Parsing only: the result is a list of `ImportRow`s or a list of row errors. Writing is
`imports.expenses_import`, shared with OFX statements.
"""

import codecs
import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from rest_framework import serializers

from categories.models import name_key
from config.exceptions import DomainError
from config.fields import CurrencyField, MoneyField
from expenses.models import PaymentMethod
from reports.services.amounts import AmountError, detect_decimal, parse_amount
from reports.services.exports import CSV_HEADER, TAG_SEPARATOR, csv_unescape
from reports.services.limits import TooManyRows

FIELDS = {
    "date",
    "description",
    "amount",
    "debit",
    "credit",
    "fee",
    "category",
    "merchant",
    "tags",
    "currency",
    "notes",
    "payment_method",
}
OWN_FORMAT = {name: name for name in CSV_HEADER}
TEXT_LIMITS = {"description": 500, "merchant": 200, "category": 64}
TAG_LIMIT = 50
MONEY_COLUMNS = ("amount", "debit", "credit", "fee")
MAX_LISTED_ERRORS = 200


@dataclass(frozen=True)
class CsvOptions:
    mapping: dict[str, str] | None = None
    date_format: str | None = None
    decimal: str | None = None  # None: detected from the file's amounts
    delimiter: str | None = None
    skip_rows: int = 0
    amount_sign: str = "auto"  # auto | positive | negative
    skip_values: dict[str, list[str]] = field(default_factory=dict)
    currency: str = "INR"


@dataclass(frozen=True)
class ImportRow:
    """One expense read from a file, `line` being its line number there."""

    line: int
    date: datetime.date
    amount: Decimal
    currency: str
    description: str
    category: str = ""
    merchant: str = ""
    payment_method: str | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""


@dataclass
class ParsedFile:
    rows: list[ImportRow]
    skipped: int
    decimal: str | None = None
    delimiter: str | None = None
    detected: list[str] = field(default_factory=list)
    """Which of the reading options were detected from the file rather than given."""


class RowErrors(DomainError):
    """Rows that could not be read: `errors` is `[{"row", "field", "message"}]` (the first
    200 are answered, with `error_count` saying how many there are)."""

    code = "invalid_rows"
    default_detail = "Nothing was imported: some rows have problems."

    def __init__(self, errors: list[dict]) -> None:
        self.errors = errors
        super().__init__(errors=errors[:MAX_LISTED_ERRORS], error_count=len(errors))


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252/Latin-1, which decode any byte."""
    raw = raw.removeprefix(codecs.BOM_UTF8)
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def parse_date(text: str, date_format: str | None) -> datetime.date:
    text = text.strip()
    if date_format:
        return datetime.datetime.strptime(text, date_format).date()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return datetime.datetime.fromisoformat(text).date()


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _count(header: list[str], column: str) -> int:
    return sum(1 for name in header if name_key(name) == name_key(column))


def _resolve_columns(
    header: list[str], mapping: dict[str, str], field_name: str = "mapping"
) -> dict[str, int]:
    positions = {name_key(name): index for index, name in enumerate(header)}
    repeated = sorted(
        {column for column in mapping.values() if _count(header, column) > 1}, key=str
    )
    if repeated:
        names = ", ".join(map(repr, repeated))
        message = f"The header has more than one column named {names}."
        raise serializers.ValidationError({"file": [message]})
    columns, missing = {}, []
    for target, column in mapping.items():
        index = positions.get(name_key(column))
        if index is None:
            missing.append(column)
        else:
            columns[target] = index
    if missing:
        wanted = ", ".join(map(repr, missing))
        found = ", ".join(map(repr, header))
        raise serializers.ValidationError(
            {field_name: [f"No column named {wanted}; the header has {found}."]}
        )
    return columns


def mapping_problems(mapping: dict[str, str]) -> list[str]:
    """What is wrong with a mapping: it names a date and a description column, and amount
    or debit (+credit)."""
    unknown = set(mapping) - FIELDS
    problems = []
    if unknown:
        problems.append(f"Unknown fields {sorted(unknown)}; use {sorted(FIELDS)}.")
    if not {"date", "description"} <= mapping.keys():
        problems.append("Map at least `date` and `description`.")
    if ("amount" in mapping) == ("debit" in mapping):
        problems.append("Map either `amount`, or `debit` (with `credit` if there is one).")
    if "credit" in mapping and "debit" not in mapping:
        problems.append("`credit` goes with `debit`.")
    return problems


_money = MoneyField()
_currency = CurrencyField()
_method = serializers.ChoiceField(choices=PaymentMethod.choices)


def parse_csv(raw: bytes, options: CsvOptions, *, max_rows: int) -> ParsedFile:
    """Every row of the file read and checked; raises `RowErrors` if any row is bad, and
    `TooManyRows` as soon as the file has more than `max_rows` rows."""
    text = decode(raw)
    if "\x00" in text:
        raise serializers.ValidationError(
            {"file": ["The file contains NUL bytes: it is not a text CSV file."]}
        )
    lines = text.splitlines(keepends=True)
    if len(lines) <= options.skip_rows:
        raise serializers.ValidationError({"file": ["The file has no header row."]})
    body = "".join(lines[options.skip_rows :])
    detected = [] if options.delimiter else ["delimiter"]
    delimiter = options.delimiter or _sniff_delimiter(body[:8192])
    # strict: an unterminated quote is an error, not a row that swallows the rest of the file.
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise serializers.ValidationError({"file": ["The file has no header row."]}) from exc
    present = {name_key(column) for column in header}
    mapping = options.mapping or {
        name: column for name, column in OWN_FORMAT.items() if name_key(column) in present
    }
    problems = mapping_problems(mapping)
    if problems:
        raise serializers.ValidationError({"mapping": problems})
    columns = _resolve_columns(header, mapping)
    skip_columns = _resolve_columns(header, {k: k for k in options.skip_values}, "skip_values")
    skip_values = {
        skip_columns[name]: {name_key(v) for v in values}
        for name, values in options.skip_values.items()
    }

    records, skipped = [], 0
    try:
        for cells in reader:
            line = options.skip_rows + reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(records) + skipped >= max_rows:
                raise TooManyRows(
                    f"The file has more than {max_rows:,} rows; split it.", field="file"
                )
            if any(
                index < len(cells) and name_key(cells[index]) in values
                for index, values in skip_values.items()
            ):
                skipped += 1
                continue
            records.append((line, cells))
    except csv.Error as exc:
        raise serializers.ValidationError({"file": [f"The CSV is malformed: {exc}"]}) from exc
    decimal = options.decimal
    if decimal is None:
        detected.append("decimal")
        decimal = detect_decimal(
            _cell(cells, columns, name)
            for _, cells in records
            for name in MONEY_COLUMNS
            if name in columns
        )
    drafts, errors = [], []
    for line, cells in records:
        draft = _read_row(cells, columns, line, options, decimal, errors)
        if draft is None:
            skipped += 1
        elif draft is not False:
            drafts.append(draft)
    rows, more_skipped = _apply_sign(drafts, options, errors)
    if errors:
        raise RowErrors(sorted(errors, key=lambda error: error["row"]))
    return ParsedFile(
        rows=rows,
        skipped=skipped + more_skipped,
        decimal=decimal,
        delimiter=delimiter,
        detected=detected,
    )


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return csv_unescape(cells[index].strip())


def _read_row(cells, columns, line, options, decimal, errors):
    """A draft dict, None for a row that is not an expense, False for a bad row."""
    get = lambda name: _cell(cells, columns, name)  # noqa: E731
    money_fields = [name for name in ("amount", "debit", "credit") if name in columns]
    if not get("date") and not any(get(name) for name in money_fields):
        return None  # a summary or legend line, not a transaction
    bad = len(errors)

    def fail(name: str, message: str) -> None:
        errors.append({"row": line, "field": name, "message": message})

    draft: dict = {"line": line}
    try:
        draft["date"] = parse_date(get("date"), options.date_format)
    except ValueError:
        hint = f" in the format {options.date_format}" if options.date_format else " (YYYY-MM-DD)"
        fail("date", f"{get('date')!r} is not a date{hint}; set date_format to read it.")
    for name in money_fields + (["fee"] if "fee" in columns else []):
        value = get(name)
        try:
            draft[name] = parse_amount(value, decimal) if value else None
        except AmountError as exc:
            fail(name, str(exc))
    description = " ".join(get("description").split())
    if not description:
        fail("description", "The description is empty.")
    for name, limit in TEXT_LIMITS.items():
        value = description if name == "description" else get(name)
        if len(value) > limit:
            fail(name, f"Longer than {limit} characters.")
    currency = get("currency") or options.currency
    try:
        draft["currency"] = _currency.run_validation(currency)
    except serializers.ValidationError as exc:
        fail("currency", str(exc.detail[0]))
    method = get("payment_method") or None
    if method is not None:
        try:
            draft["payment_method"] = _method.run_validation(method)
        except serializers.ValidationError:
            fail("payment_method", f"{method!r} is not one of {', '.join(PaymentMethod.values)}.")
    if len(errors) > bad:
        return False
    tags = tuple(tag.strip() for tag in get("tags").split(TAG_SEPARATOR) if tag.strip())
    if any(len(tag) > TAG_LIMIT for tag in tags):
        fail("tags", f"A tag is longer than {TAG_LIMIT} characters.")
        return False
    draft.update(
        description=description,
        category=get("category"),
        merchant=get("merchant"),
        notes=get("notes"),
        tags=tags,
        payment_method=draft.get("payment_method"),
    )
    return draft


def _apply_sign(drafts: list[dict], options: CsvOptions, errors: list[dict]):
    """Turn drafts into expenses: with debit/credit, rows without a debit are income; with one
    signed amount column, negative amounts are spending when the file has any (bank style)."""
    sign = options.amount_sign
    if sign == "auto":
        negative = any((d.get("amount") or 0) < 0 for d in drafts)
        sign = "negative" if negative else "positive"
    rows, skipped = [], 0
    for draft in drafts:
        if "debit" in draft:
            amount = draft["debit"]
            if amount is None or amount == 0:
                skipped += 1
                continue
            amount = abs(amount)
            name = "debit"
        else:
            amount, name = draft.get("amount"), "amount"
            if amount is None:
                errors.append({"row": draft["line"], "field": "amount", "message": "Empty."})
                continue
            if sign == "negative":
                if amount >= 0:
                    skipped += 1
                    continue
                amount = -amount
        amount += abs(draft.get("fee") or 0)
        try:
            amount = _money.run_validation(str(amount))
        except serializers.ValidationError as exc:
            errors.append({"row": draft["line"], "field": name, "message": str(exc.detail[0])})
            continue
        rows.append(
            ImportRow(
                line=draft["line"],
                date=draft["date"],
                amount=amount,
                currency=draft["currency"],
                description=draft["description"],
                category=draft["category"],
                merchant=draft["merchant"],
                payment_method=draft["payment_method"],
                tags=draft["tags"],
                notes=draft["notes"],
            )
        )
    return rows, skipped
