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


@dataclass
class ParsedFile:
    rows: list[ImportRow]
    skipped: int
    decimal: str | None = None
    delimiter: str | None = None
    detected: list[str] = field(default_factory=list)
    """Which of the reading options were detected from the file rather than given."""
