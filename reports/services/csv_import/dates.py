"""Dates as statements write them."""

import datetime
import re

# A day that every sensible format can write and read back: a 31st, in UTC (for %z and %Z).
_PROBE = datetime.datetime(2026, 1, 31, 13, 45, 30, tzinfo=datetime.UTC)


def date_format_problem(date_format: str) -> str | None:
    """Why `strptime` cannot read dates in `date_format` (a repeated code such as `%Y%Y`, an
    unknown code, a stray `%`), or None. Checked once, before any row is read: `strptime`
    compiles the format to a regular expression, and some formats break that compilation."""
    try:
        datetime.datetime.strptime(_PROBE.strftime(date_format), date_format)
    except (ValueError, re.error, TypeError, OverflowError):
        return (
            f"{date_format!r} cannot be read back by strptime: use each code once, for "
            "example %d/%m/%Y."
        )
    return None


def parse_date(text: str, date_format: str | None) -> datetime.date:
    """With `date_format` (strftime codes) exactly that; without, ISO dates or datetimes."""
    text = text.strip()
    if date_format:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except re.error as exc:  # a format strptime cannot compile (refused up front too)
            raise ValueError(str(exc)) from exc
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return datetime.datetime.fromisoformat(text).date()
