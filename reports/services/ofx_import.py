"""Reading expenses from OFX/QFX statements (SGML 1.x and XML 2.x) with ofxtools."""

import datetime
import io

from ofxtools.Parser import OFXTree

from config.exceptions import FieldErrors
from config.fields import CurrencyField, FieldValueError, MoneyField, field_value
from reports.errors import RowErrors, TooManyRows
from reports.services.import_rows import ImportRow, ParsedFile

_money = MoneyField()
_currency = CurrencyField()
UNREADABLE = "The file is not a readable OFX or QFX statement."


def _posted_date(raw: str | None) -> datetime.date | None:
    """The date as the bank wrote it (`20250302120000.000[-5:EST]` is 2 March), in the
    statement's own time zone, rather than the UTC date ofxtools converts it to."""
    digits = (raw or "").strip()[:8]
    try:
        return datetime.datetime.strptime(digits, "%Y%m%d").date()
    except ValueError:
        return None


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def parse_ofx(raw: bytes, *, max_rows: int) -> ParsedFile:
    """Outgoing transactions (negative amounts) become expenses; money coming in is skipped.
    `line` is the transaction's position in the statement (1 for the first)."""
    if b"\x00" in raw:
        raise FieldErrors.on("file", UNREADABLE)
    try:
        tree = OFXTree()
        tree.parse(io.BytesIO(raw))
        root = tree.getroot()
        if root is None:
            raise ValueError("The statement is empty.")
        posted = [element.findtext("DTPOSTED") for element in root.iter("STMTTRN")]
        statements = list(tree.convert().statements)
    except Exception as exc:  # ofxtools raises many kinds (ParseError, ValueError, KeyError…)
        raise FieldErrors.on("file", UNREADABLE) from exc
    rows, skipped, errors, position = [], 0, [], 0
    for statement in statements:
        for transaction in statement.transactions:
            position += 1
            if position > max_rows:
                raise TooManyRows(f"The statement has more than {max_rows:,} transactions.")

            def fail(field: str, message: str, at: int = position) -> None:
                errors.append({"row": at, "field": field, "message": message})

            if transaction.trnamt is not None and not transaction.trnamt.is_finite():
                # NaN cannot even be compared with 0 (decimal.InvalidOperation).
                fail("amount", f"TRNAMT {transaction.trnamt} is not an amount.")
                continue
            if transaction.trnamt is None or transaction.trnamt >= 0:
                skipped += 1
                continue

            description = _text(transaction.name or transaction.memo)
            day = _posted_date(posted[position - 1] if position <= len(posted) else None)
            checked = {}
            for field, check, value in (
                ("amount", _money, str(-transaction.trnamt)),
                ("currency", _currency, statement.curdef or ""),
            ):
                try:
                    checked[field] = field_value(check, value)
                except FieldValueError as exc:
                    fail(field, str(exc))
            if not description:
                fail("description", "Empty.")
            if day is None:
                fail("date", "DTPOSTED is not a date.")
            if len(checked) < 2 or not description or day is None:
                continue
            rows.append(
                ImportRow(
                    line=position,
                    date=day,
                    amount=checked["amount"],
                    currency=checked["currency"],
                    description=description[:500],
                    notes=_text(transaction.memo) if transaction.name else "",
                )
            )
    if errors:
        raise RowErrors(errors)
    return ParsedFile(rows=rows, skipped=skipped)
