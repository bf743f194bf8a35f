"""Amounts as banks write them, read with a known decimal separator, and that separator
detected from a file's amounts when nobody said which it is.

A thousands separator is accepted only where it makes a valid grouping (`1,234.56`, Indian
`1,23,456.00`, `1.234,56`, `1 234,56`, `1'234.56`): anything else is an error that names the
decimal separator, so that `54,37` read with a decimal point is never 5437.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

DECIMAL_SEPARATORS = (".", ",")
SEPARATOR_NAMES = {".": "a decimal point", ",": "a decimal comma"}
# Spaces that banks put between groups of digits: plain, no-break, narrow no-break, thin.
GROUP_SPACES = " \u00a0\u202f\u2009"
MAX_FRACTION_DIGITS = 2
_MINUS_SIGNS = "-\u2212"


class AmountError(ValueError):
    """A text that is not an amount under the decimal separator it was read with."""


def _pattern(decimal: str) -> re.Pattern[str]:
    thousands = "," if decimal == "." else "."
    group = "[" + re.escape(thousands + "'" + GROUP_SPACES) + "]"
    digits = "[0-9]"  # ASCII only: "١٢٣" is not an amount a bank writes
    integer = (
        f"{digits}+"
        # Western grouping: 1,234,567 (one separator throughout)
        f"|{digits}{{1,3}}(?P<g>{group}){digits}{{3}}(?:(?P=g){digits}{{3}})*"
        # Indian grouping: 1,23,45,678
        f"|{digits}{{1,2}}(?P<i>{group}){digits}{{2}}(?:(?P=i){digits}{{2}})*(?P=i){digits}{{3}}"
    )
    return re.compile(f"(?P<int>{integer})(?:{re.escape(decimal)}(?P<frac>{digits}+))?")


_PATTERNS = {decimal: _pattern(decimal) for decimal in DECIMAL_SEPARATORS}


def _split_sign(text: str) -> tuple[bool, str]:
    """(negative, the number's text): currency symbols and surrounding spaces removed;
    a leading sign or parentheses mean the sign."""
    cleaned = "".join(ch for ch in text if unicodedata.category(ch) != "Sc").strip()
    if len(cleaned) > 2 and cleaned[0] == "(" and cleaned[-1] == ")":
        return True, cleaned[1:-1].strip()
    if cleaned and cleaned[0] in _MINUS_SIGNS + "+":
        return cleaned[0] in _MINUS_SIGNS, cleaned[1:].strip()
    return False, cleaned


@dataclass(frozen=True)
class _Reading:
    value: Decimal
    has_fraction: bool  # the decimal separator itself appears: `12,50` (not `12` or `1,234`)


def _read(text: str, decimal: str) -> _Reading | None:
    negative, number = _split_sign(text)
    match = _PATTERNS[decimal].fullmatch(number)
    if match is None:
        return None
    fraction = match["frac"] or ""
    if len(fraction) > MAX_FRACTION_DIGITS:
        return None
    value = Decimal(re.sub("[^0-9]", "", match["int"]) + ("." + fraction if fraction else ""))
    return _Reading(-value if negative else value, bool(fraction))


def parse_amount(text: str, decimal: str = ".") -> Decimal:
    """The amount in `text` read with `decimal` as the decimal separator: `-1.084,50`,
    `(12.00)` (negative), `€ 12.50`, `1,23,456.00`. Raises `AmountError` naming the
    separator when the text does not read as an amount with it."""
    reading = _read(text, decimal)
    if reading is not None:
        return reading.value
    shown = text.strip()
    if not any(ch.isdigit() for ch in shown):
        raise AmountError(f"{shown!r} is not a number.")
    message = (
        f"{shown!r} is not a number written with {SEPARATOR_NAMES[decimal]} "
        f"(at most {MAX_FRACTION_DIGITS} decimals, thousands grouped in threes)"
    )
    other = DECIMAL_SEPARATORS[1 - DECIMAL_SEPARATORS.index(decimal)]
    reread = _read(text, other)
    if reread is None:
        raise AmountError(f"{message}.")
    raise AmountError(f"{message}; read with {SEPARATOR_NAMES[other]} it would be {reread.value}.")


def detect_decimal(values: Iterable[str]) -> str:
    """The decimal separator that `values` (a file's amount cells) show in use: the one that
    more of them carry with one or two decimals after it (`54,37`, `1.234,56` for a comma).
    With no such evidence (`12`, `1,234`, `1.234`) a decimal point, so that a text that only
    one of them can read (`1.234`, three decimals) is refused and shown, never guessed."""
    votes = dict.fromkeys(DECIMAL_SEPARATORS, 0)
    for text in values:
        for decimal in DECIMAL_SEPARATORS:
            reading = _read(text, decimal)
            if reading is not None and reading.has_fraction:
                votes[decimal] += 1
    return "," if votes[","] > votes["."] else "."
