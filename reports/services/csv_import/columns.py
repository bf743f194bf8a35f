"""Which column of a file holds which expense field: the mapping, checked against the
file's header, or guessed from the usual names banks give their columns."""

import re

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
    "state",
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


# The usual column names, best first, as `header_name` writes them ("Amount (EUR)" is
# "amount"). English, plus the German of N26-style statements.
GUESSES: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "transaction date",
        "txn date",
        "trans date",
        "booking date",
        "buchungstag",
        "buchungsdatum",
        "datum",
        "started date",
        "value date",
        "valuta",
        "posting date",
        "post date",
        "completed date",
    ),
    "description": (
        "description",
        "narration",
        "details",
        "transaction details",
        "transaction remarks",
        "remarks",
        "particulars",
        "payee",
        "empfänger",
        "merchant",
        "name",
        "beschreibung",
        "memo",
    ),
    "amount": ("amount", "betrag", "transaction amount"),
    "debit": (
        "debit",
        "debit amount",
        "withdrawal",
        "withdrawal amount",
        "withdrawals",
        "paid out",
        "money out",
        "debits",
    ),
    "credit": (
        "credit",
        "credit amount",
        "deposit",
        "deposit amount",
        "deposits",
        "paid in",
        "money in",
        "credits",
    ),
    "fee": ("fee", "fees", "gebühr", "gebühren"),
    "currency": ("currency", "währung", "ccy"),
    "state": ("state", "status"),
    "notes": ("verwendungszweck", "memo", "reference"),
}
FIELD_WORDS = {"date": "the date", "description": "the description", "amount": "the amount"}


def header_name(column: str) -> str:
    """A column name as the guesses spell it: case and spaces folded, a currency code in
    parentheses dropped (`Withdrawal Amount (INR )` is `withdrawal amount`)."""
    text = re.sub(r"\(\s*[A-Za-z]{3}\s*\)", " ", column)
    return name_key(text).rstrip(".:")


def guess_mapping(header: list[str]) -> tuple[dict[str, str], list[str]]:
    """(mapping, the fields it could not find): the columns a bank's header names with the
    usual words. Debit/credit columns win over an amount column."""
    names: dict[str, str] = {}
    for column in header:
        names.setdefault(header_name(column), column)
    mapping: dict[str, str] = {}
    for target, candidates in GUESSES.items():
        found = next((names[name] for name in candidates if name in names), None)
        if found is not None and found not in mapping.values():
            mapping[target] = found
    if "debit" in mapping:
        mapping.pop("amount", None)
    else:
        mapping.pop("credit", None)
    missing = [name for name in ("date", "description") if name not in mapping]
    if "amount" not in mapping and "debit" not in mapping:
        missing.append("amount")
    return mapping, missing


def missing_columns_message(missing: list[str], header: list[str]) -> str:
    wanted = " and ".join(FIELD_WORDS[name] for name in missing)
    found = ", ".join(repr(column) for column in header if column.strip())
    return (
        f"We could not tell which column holds {wanted}. Choose the columns for this file "
        f"(its columns are {found})."
    )
