"""What the insights share: one expense of the look-back window, robust statistics, and
money written the way the API writes it (plain, two decimals, with the currency code)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from config.money import to_cents

ZERO = Decimal("0.00")
UNCATEGORISED = "Uncategorised"


@dataclass(frozen=True)
class Row:
    """One expense of the window, in the insights' currency."""

    id: int
    date: datetime.date
    amount: Decimal
    category_id: int | None
    merchant: str
    description: str


def folded(text: str) -> str:
    """Case folded, runs of spaces made one: how merchants and descriptions are compared."""
    return " ".join(text.split()).casefold()


def payee(row: Row) -> str:
    """The merchant, or the description when there is no merchant, as it was written."""
    return " ".join((row.merchant or row.description).split())


def payee_key(row: Row) -> str:
    return folded(payee(row))


def median(values: Sequence[Decimal]) -> Decimal:
    """The median of a non-empty list (sorted here)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def mad(values: Iterable[Decimal], center: Decimal) -> Decimal:
    """Median absolute deviation from `center`."""
    return median([abs(value - center) for value in values])


def money(value: Decimal) -> str:
    """An amount as the API writes money: "12400.00"."""
    return str(to_cents(value))


def category_label(category_id: int | None, names: dict[int, str]) -> str:
    return names.get(category_id, UNCATEGORISED) if category_id is not None else UNCATEGORISED


def category_name(category_id: int | None, names: dict[int, str]) -> str | None:
    return names.get(category_id) if category_id is not None else None
