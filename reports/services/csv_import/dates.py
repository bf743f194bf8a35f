"""Dates as statements write them: a fixed list of plain formats named by an example
("31/12/2026"), detected from a file's date cells, and strftime codes for those who have them."""

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

# A day that every sensible format can write and read back: a 31st, in UTC (for %z and %Z).
_PROBE = datetime.datetime(2026, 1, 31, 13, 45, 30, tzinfo=datetime.UTC)

# The plain formats, by the example a person recognises → the strftime codes that read them.
# Order is the preference when several read every date of a file (day first before month
# first; see `detect_date_format`).
DATE_FORMATS: dict[str, str] = {
    "31/12/2026": "%d/%m/%Y",
    "12/31/2026": "%m/%d/%Y",
    "2026-12-31": "%Y-%m-%d",
    "31.12.2026": "%d.%m.%Y",
    "31-12-2026": "%d-%m-%Y",
    "12-31-2026": "%m-%d-%Y",
    "31 Dec 2026": "%d %b %Y",
    "Dec 31 2026": "%b %d %Y",
    "Dec 31, 2026": "%b %d, %Y",
    "2026/12/31": "%Y/%m/%d",
    "31/12/26": "%d/%m/%y",
    "12/31/26": "%m/%d/%y",
    "2026-12-31 23:59:59": "%Y-%m-%d %H:%M:%S",
    "2026-12-31 23:59": "%Y-%m-%d %H:%M",
    "2026-12-31T23:59:59": "%Y-%m-%dT%H:%M:%S",
}
LABELS = {code: label for label, code in DATE_FORMATS.items()}
DETECTION_SAMPLE = 500
MONTH_FIRST = {"12/31/2026", "12-31-2026", "12/31/26"}
# A text shaped like a date (digits and separators, or a month name): such a text that does not
# parse is a date that does not exist, not a summary line.
_DATE_SHAPE = re.compile(
    r"\d{1,4}[/.\- ]+(\d{1,2}|[A-Za-z]{3,9})[/.\- ,]+\d{2,4}([ T]\d{1,2}:\d{2}(:\d{2})?)?"
    r"|[A-Za-z]{3,9} \d{1,2},? \d{4}"
)


def date_format_problem(date_format: str) -> str | None:
    """Why `strptime` cannot read dates in `date_format` (a repeated code such as `%Y%Y`, an
    unknown code, a stray `%`), or None. Checked once, before any row is read: `strptime`
    compiles the format to a regular expression, and some formats break that compilation."""
    try:
        datetime.datetime.strptime(_PROBE.strftime(date_format), date_format)
    except (ValueError, re.error, TypeError, OverflowError):
        return (
            f"{date_format!r} cannot be read back by strptime: use each code once, for "
            "example %d/%m/%Y, or one of the examples: " + ", ".join(DATE_FORMATS) + "."
        )
    return None


def date_format_code(value: str | None) -> str | None:
    """The strftime codes of a plain label ("31/12/2026"), or the codes themselves."""
    if value is None:
        return None
    return DATE_FORMATS.get(value.strip(), value)


def date_format_label(code: str | None) -> str | None:
    """The plain label of strftime codes when they are one of the plain formats, else the
    codes as they are; None for ISO (no format given)."""
    if code is None:
        return None
    return LABELS.get(code, code)


def looks_like_date(text: str) -> bool:
    return bool(_DATE_SHAPE.fullmatch(text.strip()))


def _parses(text: str, code: str) -> bool:
    try:
        datetime.datetime.strptime(text.strip(), code)
    except ValueError:
        return False
    return True


def readable_date(text: str) -> bool:
    """A cell that one of the plain formats reads: how header detection tells a data row."""
    text = text.strip()
    return bool(text) and any(_parses(text, code) for code in DATE_FORMATS.values())


@dataclass(frozen=True)
class DateDetection:
    code: str | None  # None: no date cell at all
    fitting: list[str]  # the labels of every format that reads all the dates

    @property
    def ambiguous(self) -> bool:
        return len(self.fitting) > 1


def detect_date_format(values: Iterable[str], *, month_first: bool = False) -> DateDetection:
    """The plain format that reads every value; when several do (every day ≤ 12), day first
    unless `month_first` (a US file), and the detection says it is ambiguous. When none reads
    them all, the one that reads most, so that the others are shown as row errors."""
    texts = [text.strip() for text in values if text.strip()]
    if not texts:
        return DateDetection(None, [])
    sample = texts[:DETECTION_SAMPLE]
    counts = {
        label: sum(1 for text in sample if _parses(text, code))
        for label, code in DATE_FORMATS.items()
    }
    best = max(counts.values())
    if best == 0:
        return DateDetection(None, [])
    fitting = [label for label, count in counts.items() if count == best]
    if best == len(sample):  # the sample's formats, checked on every date
        fitting = [
            label
            for label in fitting
            if all(_parses(text, DATE_FORMATS[label]) for text in texts[DETECTION_SAMPLE:])
        ]
        complete = bool(fitting)
        fitting = fitting or [label for label, count in counts.items() if count == best]
    else:
        complete = False
    ordered = sorted(fitting, key=lambda label: (label in MONTH_FIRST) != month_first)
    return DateDetection(DATE_FORMATS[ordered[0]], ordered if complete else [])


def parse_date(text: str, date_format: str | None) -> datetime.date:
    """With `date_format` (strftime codes) exactly that; without, ISO dates or datetimes."""
    text = text.strip()
    if date_format:
        return _strptime_date(text, date_format)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return datetime.datetime.fromisoformat(text).date()


@functools.lru_cache(maxsize=8192)
def _strptime_date(text: str, date_format: str) -> datetime.date:
    """`strptime` remembered: a statement repeats its dates row after row, and `strptime` is
    the slowest step of reading one (a ValueError is raised again, never remembered)."""
    try:
        return datetime.datetime.strptime(text, date_format).date()
    except re.error as exc:  # a format strptime cannot compile (refused up front too)
        raise ValueError(str(exc)) from exc


def date_problem(text: str, date_format: str | None) -> str:
    """Why `text` is not a date, in plain words (the row's number is added by the caller)."""
    example = date_format_label(date_format) or "2026-12-31"
    if not text.strip():
        return "the date is empty"
    if looks_like_date(text):
        return f"the date {text.strip()!r} does not exist (dates are read like {example})"
    return f"{text.strip()!r} is not a date like {example}"
