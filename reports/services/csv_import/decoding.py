"""From bytes to CSV records: the text encoding and the delimiter."""

import codecs
import csv

from config.exceptions import FieldErrors

DELIMITERS = (",", ";", "\t", "|")
ENCODING_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "latin-1": "Latin-1"}
ENCODINGS = {
    "utf-8": "UTF-8",
    "windows-1252": "Windows (Western European)",
    "utf-16": "UTF-16 (Excel Unicode text)",
}
"""The encodings a user can choose (the `encoding` option), by their plain names."""
NUL_BYTES = (
    "The file contains NUL bytes: it is not a text CSV file, or it is UTF-16 text without a "
    "byte-order mark (choose that encoding)."
)


def _utf16(raw: bytes) -> tuple[str, str]:
    """UTF-16 by its byte-order mark; little endian without one (as Excel writes it)."""
    if raw.startswith(codecs.BOM_UTF16_BE):
        return raw[2:].decode("utf-16-be"), "UTF-16 BE with BOM"
    if raw.startswith(codecs.BOM_UTF16_LE):
        return raw[2:].decode("utf-16-le"), "UTF-16 LE with BOM"
    return raw.decode("utf-16-le"), "UTF-16 LE"


def _not_in(encoding: str) -> str:
    return f"The file does not read as {ENCODINGS[encoding]}: choose another encoding."


def _chosen(raw: bytes, encoding: str) -> tuple[str, str]:
    try:
        if encoding == "utf-16":
            return _utf16(raw)
        if encoding == "windows-1252":
            return raw.decode("cp1252"), "Windows-1252"
        bom = raw.startswith(codecs.BOM_UTF8)
        return raw.removeprefix(codecs.BOM_UTF8).decode("utf-8"), (
            "UTF-8 with BOM" if bom else "UTF-8"
        )
    except UnicodeDecodeError as exc:
        raise FieldErrors.on("encoding", _not_in(encoding)) from exc


def _detected(raw: bytes) -> tuple[str, str]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _utf16(raw)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: read as the bytes come
    bom = raw.startswith(codecs.BOM_UTF8)
    raw = raw.removeprefix(codecs.BOM_UTF8)
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    name = ENCODING_NAMES[encoding]
    return text, f"{name} with BOM" if bom else name


def decode_named(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, the encoding's name). With no `encoding` chosen (a key of `ENCODINGS`): UTF-16
    or UTF-8 by a byte-order mark, else UTF-8, else Windows-1252/Latin-1, which decode any
    byte. Text with NUL characters is not a text file (or not in that encoding)."""
    text, name = _chosen(raw, encoding) if encoding else _detected(raw)
    if "\x00" in text:
        if encoding:
            raise FieldErrors.on("encoding", _not_in(encoding))
        raise FieldErrors.on("file", NUL_BYTES)
    return text, name


def decode(raw: bytes) -> str:
    return decode_named(raw)[0]


def sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return ","
