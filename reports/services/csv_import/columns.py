"""Which column of a file holds which expense field: the mapping, checked against the
file's header."""

from categories.models import name_key
from config.exceptions import FieldErrors
from reports.services.exports import CSV_HEADER

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
MONEY_COLUMNS = ("amount", "debit", "credit", "fee")
OWN_FORMAT = {name: name for name in CSV_HEADER}


def own_format_mapping(header: list[str]) -> dict[str, str]:
    """The mapping of a file in this app's export format: its columns that are present."""
    present = {name_key(column) for column in header}
    return {name: column for name, column in OWN_FORMAT.items() if name_key(column) in present}


def _count(header: list[str], column: str) -> int:
    return sum(1 for name in header if name_key(name) == name_key(column))


def resolve_columns(
    header: list[str], mapping: dict[str, str], field_name: str = "mapping"
) -> dict[str, int]:
    """{field: column index} for a mapping of {field: column name}; a missing or repeated
    column is a 400 naming it."""
    positions = {name_key(name): index for index, name in enumerate(header)}
    repeated = sorted(
        {column for column in mapping.values() if _count(header, column) > 1}, key=str
    )
    if repeated:
        names = ", ".join(map(repr, repeated))
        raise FieldErrors.on("file", f"The header has more than one column named {names}.")
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
        raise FieldErrors.on(field_name, f"No column named {wanted}; the header has {found}.")
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
