"""From bytes to CSV records: the text encoding and the delimiter."""

import codecs
import csv

from config.exceptions import FieldErrors

DELIMITERS = (",", ";", "\t", "|")
ENCODING_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "latin-1": "Latin-1"}


def decode_named(raw: bytes) -> tuple[str, str]:
    """(text, the encoding's name): UTF-8 (with or without BOM), else Windows-1252/Latin-1,
    which decode any byte. A file with NUL bytes is not a text file."""
    bom = raw.startswith(codecs.BOM_UTF8)
    raw = raw.removeprefix(codecs.BOM_UTF8)
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise FieldErrors.on("file", "The file contains NUL bytes: it is not a text CSV file.")
    name = ENCODING_NAMES[encoding]
    return text, f"{name} with BOM" if bom else name


def decode(raw: bytes) -> str:
    return decode_named(raw)[0]


def sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return ","
