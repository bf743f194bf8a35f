"""What reading a statement (CSV or OFX) gives: expense rows and how the file was read."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


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


@dataclass(frozen=True)
class SkippedRow:
    """A transaction of the file that is not imported as spending, and why: `status` is
    `reverted` (the bank says it did not go through), `refunded` (a charge and its refund)
    or `money_in`."""

    line: int
    date: datetime.date
    amount: Decimal
    currency: str
    description: str
    status: str
    reason: str
    merchant: str = ""


@dataclass
class ParsedFile:
    rows: list[ImportRow]
    skipped: int
    decimal: str | None = None
    delimiter: str | None = None
    detected: list[str] = field(default_factory=list)
    """Which of the reading options were detected from the file rather than given."""
    excluded: list[SkippedRow] = field(default_factory=list)
    detection: dict | None = None
    """How a CSV was read: encoding, delimiter, header row and header, date format (a plain
    label), decimal, mapping, what was `detected` and what is `ambiguous`."""
