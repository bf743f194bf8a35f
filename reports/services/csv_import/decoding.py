"""From bytes to CSV records: the text encoding and the delimiter."""

import codecs
import csv

from config.exceptions import FieldErrors


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252/Latin-1, which decode any byte.
    A file with NUL bytes is not a text file."""
    raw = raw.removeprefix(codecs.BOM_UTF8)
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise FieldErrors.on("file", "The file contains NUL bytes: it is not a text CSV file.")
    return text


def sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","
