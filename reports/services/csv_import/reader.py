"""Reading expenses from a CSV file: the app's own export, and bank layouts through a
mapping, or with nothing said at all: the delimiter, the header row after a preamble, the
columns, the date format and the decimal separator are then detected from the file, and the
answer says what was detected (`ParsedFile.detection`). Parsing only: writing is
`imports.expenses_import`, shared with OFX statements."""

import csv
import hashlib
import io
from dataclasses import dataclass, field

from categories.models import name_key
from config.exceptions import FieldErrors
from reports.errors import RowErrors, TooManyRows
from reports.services.csv_import.amounts import detect_decimal
from reports.services.csv_import.columns import (
    MONEY_COLUMNS,
    guess_mapping,
    mapping_problems,
    missing_columns_message,
    own_format_mapping,
    resolve_columns,
)
from reports.services.csv_import.dates import (
    date_format_label,
    detect_date_format,
    looks_like_date,
    parse_date,
    readable_date,
)
from reports.services.csv_import.decoding import DELIMITERS, decode_named, sniff_delimiter
from reports.services.csv_import.rows import RowDraft, cell, drafts_to_rows, read_row
from reports.services.import_rows import ParsedFile

NO_HEADER = "The file has no header row."
MAX_COLUMNS = 500
HEADER_SEARCH_LINES = 50
"""How far into a file its header row is looked for (the preamble of ICICI-style files)."""
MONTH_FIRST_CURRENCIES = {"USD"}
"""Files in these currencies write ambiguous dates month first (03/04 is March 4th)."""


@dataclass(frozen=True)
class CsvOptions:
    """How to read a file; `None` for any of them: detect it from the file. `skip_rows` is the
    number of lines before the header; `encoding` a key of `decoding.ENCODINGS`."""

    currency: str
    mapping: dict[str, str] | None = None
    date_format: str | None = None
    decimal: str | None = None
    delimiter: str | None = None
    skip_rows: int | None = None
    encoding: str | None = None
    amount_sign: str = "auto"
    skip_values: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    """Where a file's records are: its text, encoding, delimiter and header line."""

    text: str
    encoding: str
    delimiter: str
    skip_rows: int
    header: list[str]
    detected: list[str]


def header_key(header: list[str]) -> str:
    """A header's signature, for choosing a saved profile: the column names, case and spaces
    folded, hashed."""
    names = "\x1f".join(name_key(column) for column in header)
    return hashlib.sha256(names.encode()).hexdigest()


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _is_header(cells: list[str]) -> bool:
    # A line wider than any statement is not its header (and checking each of a hostile
    # file's million cells for a date would take minutes).
    if len(cells) > MAX_COLUMNS:
        return False
    names = [text.strip() for text in cells if text.strip()]
    return len(names) >= 2 and not any(
        readable_date(text) or text.replace(",", "").replace(".", "").isdigit() for text in names
    )


def _find_header(lines: list[str], delimiter: str) -> tuple[int, int] | None:
    """(line index, columns) of the first line that reads as column names and is followed
    by a record of as many cells with a date in it."""
    rows = [_cells(line, delimiter) for line in lines[:HEADER_SEARCH_LINES]]
    for index, cells in enumerate(rows[:-1]):
        following = rows[index + 1]
        if (
            _is_header(cells)
            and len(following) == len(cells)
            and any(readable_date(text) for text in following)
        ):
            return index, len(cells)
    return None


def read_layout(raw: bytes, options: CsvOptions) -> Layout:
    """The file decoded, its delimiter and header row, given or detected."""
    text, encoding = decode_named(raw, options.encoding)
    lines = text.splitlines()
    detected = []
    skip_rows, delimiter = options.skip_rows, options.delimiter
    if skip_rows is None:
        found = [
            (columns, -index, candidate)
            for candidate in ([delimiter] if delimiter else DELIMITERS)
            for index, columns in [_find_header(lines, candidate) or (0, 0)]
            if columns
        ]
        if found:
            _, index, best = max(found)
            skip_rows, delimiter = -index, delimiter or best
            detected.append("header_row")
        else:
            skip_rows = 0
    if len(lines) <= skip_rows:
        raise FieldErrors.on("file", NO_HEADER)
    if delimiter is None:
        delimiter = sniff_delimiter("\n".join(lines[skip_rows:])[:8192])
        detected.append("delimiter")
    elif options.delimiter is None:
        detected.append("delimiter")
    header = _cells(lines[skip_rows], delimiter) if lines[skip_rows].strip() else []
    if not header:
        raise FieldErrors.on("file", NO_HEADER)
    return Layout(text, encoding, delimiter, skip_rows, header, detected)


def _records(layout: Layout, skip_rows_start: int):
    body = "".join(layout.text.splitlines(keepends=True)[skip_rows_start:])
    # strict: an unterminated quote is an error, not a row that swallows the rest of the file.
    return csv.reader(io.StringIO(body), delimiter=layout.delimiter, strict=True)


def _mapping(header: list[str], options: CsvOptions, detected: list[str]) -> dict[str, str]:
    if options.mapping:
        return options.mapping
    own = own_format_mapping(header)
    if not mapping_problems(own):
        return own
    guessed, missing = guess_mapping(header)
    if missing:
        raise FieldErrors.on("mapping", missing_columns_message(missing, header))
    detected.append("mapping")
    return guessed


def _footer_lines(records: list[tuple[int, list[str]]], date_column: int) -> set[int]:
    """Trailing lines whose date cell has no digit at all (a bank's totals and legends):
    not transactions. A line in the middle of the file is read, and an error if bad."""
    footer: set[int] = set()
    for line, cells in reversed(records):
        text = cells[date_column] if date_column < len(cells) else ""
        if any(ch.isdigit() for ch in text):
            break
        footer.add(line)
    return footer


def parse_csv(raw: bytes, options: CsvOptions, *, max_rows: int) -> ParsedFile:
    """Every row of the file read and checked; raises `RowErrors` if any row is bad, and
    `TooManyRows` as soon as the file has more than `max_rows` rows."""
    layout = read_layout(raw, options)
    detected = list(layout.detected)
    reader = _records(layout, layout.skip_rows)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise FieldErrors.on("file", NO_HEADER) from exc
    if len(header) > MAX_COLUMNS:
        raise FieldErrors.on(
            "file",
            f"The header has {len(header):,} columns; a statement has at most {MAX_COLUMNS}.",
        )
    mapping = _mapping(header, options, detected)
    problems = mapping_problems(mapping)
    if problems:
        raise FieldErrors({"mapping": problems})
    columns = resolve_columns(header, mapping)
    skip_columns = resolve_columns(header, {k: k for k in options.skip_values}, "skip_values")
    skip_values = {
        skip_columns[name]: {name_key(v) for v in values}
        for name, values in options.skip_values.items()
    }

    records: list[tuple[int, list[str]]] = []
    skipped = 0
    try:
        for cells in reader:
            line = layout.skip_rows + reader.line_num
            if not any(text.strip() for text in cells):
                continue
            if len(records) + skipped >= max_rows:
                raise TooManyRows(f"The file has more than {max_rows:,} rows; split it.")
            if any(
                index < len(cells) and name_key(cells[index]) in values
                for index, values in skip_values.items()
            ):
                skipped += 1
                continue
            records.append((line, cells))
    except csv.Error as exc:
        raise FieldErrors.on("file", f"The CSV is malformed: {exc}") from exc
    footer = _footer_lines(records, columns["date"])
    skipped += len(footer)
    records = [record for record in records if record[0] not in footer]

    decimal = options.decimal
    if decimal is None:
        detected.append("decimal")
        decimal = detect_decimal(
            cell(cells, columns, name)
            for _, cells in records
            for name in MONEY_COLUMNS
            if name in columns
        )
    date_format, fitting = options.date_format, list[str]()
    if date_format is None:
        date_format, fitting = _detect_dates(
            [cell(cells, columns, "date") for _, cells in records], options.currency
        )
        if date_format is not None:
            detected.append("date_format")
    drafts: list[RowDraft] = []
    errors: list[dict] = []
    for line, cells in records:
        reading = read_row(
            cells,
            columns,
            line,
            decimal=decimal,
            date_format=date_format,
            currency=options.currency,
        )
        if reading.draft is not None:
            drafts.append(reading.draft)
        elif reading.not_a_transaction:
            skipped += 1
        errors += reading.problems
    rows, excluded, not_spending, sign_problems = drafts_to_rows(drafts, options.amount_sign)
    errors += sign_problems
    if errors:
        raise RowErrors(sorted(errors, key=lambda error: error["row"]))
    return ParsedFile(
        rows=rows,
        skipped=skipped + not_spending + len(excluded),
        excluded=excluded,
        decimal=decimal,
        delimiter=layout.delimiter,
        detected=[name for name in ("decimal", "delimiter") if name in detected],
        detection={
            "encoding": layout.encoding,
            "delimiter": layout.delimiter,
            "header_row": layout.skip_rows + 1,
            "header": header,
            "date_format": date_format_label(date_format),
            "date_formats": fitting,
            "decimal": decimal,
            "mapping": mapping,
            "detected": detected,
            "ambiguous": ["date_format"] if len(fitting) > 1 else [],
            "header_key": header_key(header),
        },
    )


def _detect_dates(values: list[str], currency: str) -> tuple[str | None, list[str]]:
    """(strftime codes or None for ISO, every plain format that reads all the dates)."""
    found = detect_date_format(values, month_first=currency in MONTH_FIRST_CURRENCIES)
    if found.fitting:
        return found.code, found.fitting
    try:  # no plain format reads them all: ISO with a zone or fractions, as before
        for text in values:
            if text.strip():
                parse_date(text, None)
    except ValueError:
        return found.code, []
    return None, []


__all__ = ["CsvOptions", "Layout", "header_key", "looks_like_date", "parse_csv", "read_layout"]
