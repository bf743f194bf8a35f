"""Reading expenses from a CSV file: the app's own export, and bank layouts through a
mapping. Parsing only: writing is `imports.expenses_import`, shared with OFX statements."""

import csv
import io
from dataclasses import dataclass, field

from categories.models import name_key
from config.exceptions import FieldErrors
from reports.errors import RowErrors, TooManyRows
from reports.services.csv_import.amounts import detect_decimal
from reports.services.csv_import.columns import (
    MONEY_COLUMNS,
    mapping_problems,
    own_format_mapping,
    resolve_columns,
)
from reports.services.csv_import.decoding import decode, sniff_delimiter
from reports.services.csv_import.rows import RowDraft, cell, drafts_to_rows, read_row
from reports.services.import_rows import ParsedFile

NO_HEADER = "The file has no header row."
MAX_COLUMNS = 500


@dataclass(frozen=True)
class CsvOptions:
    """How to read a file; `None` for `decimal` and `delimiter`: detect them."""

    currency: str
    mapping: dict[str, str] | None = None
    date_format: str | None = None
    decimal: str | None = None
    delimiter: str | None = None
    skip_rows: int = 0
    amount_sign: str = "auto"
    skip_values: dict[str, list[str]] = field(default_factory=dict)


def _body(raw: bytes, skip_rows: int) -> str:
    lines = decode(raw).splitlines(keepends=True)
    if len(lines) <= skip_rows:
        raise FieldErrors.on("file", NO_HEADER)
    return "".join(lines[skip_rows:])


def parse_csv(raw: bytes, options: CsvOptions, *, max_rows: int) -> ParsedFile:
    """Every row of the file read and checked; raises `RowErrors` if any row is bad, and
    `TooManyRows` as soon as the file has more than `max_rows` rows."""
    body = _body(raw, options.skip_rows)
    detected = [] if options.delimiter else ["delimiter"]
    delimiter = options.delimiter or sniff_delimiter(body[:8192])
    # strict: an unterminated quote is an error, not a row that swallows the rest of the file.
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise FieldErrors.on("file", NO_HEADER) from exc
    if len(header) > MAX_COLUMNS:
        raise FieldErrors.on(
            "file",
            f"The header has {len(header):,} columns; a statement has at most {MAX_COLUMNS}.",
        )
    mapping = options.mapping or own_format_mapping(header)
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
            line = options.skip_rows + reader.line_num
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

    decimal = options.decimal
    if decimal is None:
        detected.append("decimal")
        decimal = detect_decimal(
            cell(cells, columns, name)
            for _, cells in records
            for name in MONEY_COLUMNS
            if name in columns
        )
    drafts: list[RowDraft] = []
    errors: list[dict] = []
    for line, cells in records:
        reading = read_row(
            cells,
            columns,
            line,
            decimal=decimal,
            date_format=options.date_format,
            currency=options.currency,
        )
        if reading.draft is not None:
            drafts.append(reading.draft)
        elif reading.not_a_transaction:
            skipped += 1
        errors += reading.problems
    rows, not_spending, sign_problems = drafts_to_rows(drafts, options.amount_sign)
    errors += sign_problems
    if errors:
        raise RowErrors(sorted(errors, key=lambda error: error["row"]))
    return ParsedFile(
        rows=rows,
        skipped=skipped + not_spending,
        decimal=decimal,
        delimiter=delimiter,
        detected=detected,
    )
