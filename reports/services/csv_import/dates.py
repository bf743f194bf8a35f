"""Dates as statements write them."""

import datetime


def parse_date(text: str, date_format: str | None) -> datetime.date:
    """With `date_format` (strftime codes) exactly that; without, ISO dates or datetimes."""
    text = text.strip()
    if date_format:
        return datetime.datetime.strptime(text, date_format).date()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return datetime.datetime.fromisoformat(text).date()
