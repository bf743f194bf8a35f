"""Reading expenses from OFX/QFX statements (SGML 1.x and XML 2.x) with ofxtools."""

import io

from ofxtools.Parser import OFXTree
from rest_framework import serializers

from config.fields import MoneyField
from reports.services.csv_import import ImportRow, ParsedFile, RowErrors

_money = MoneyField()


def parse_ofx(raw: bytes) -> ParsedFile:
    """Outgoing transactions (negative amounts) become expenses; money coming in is skipped.
    `line` is the transaction's position in the statement (1 for the first)."""
    try:
        tree = OFXTree()
        tree.parse(io.BytesIO(raw))
        ofx = tree.convert()
        statements = list(ofx.statements)
    except Exception as exc:  # ofxtools raises many kinds (ParseError, ValueError, KeyError…)
        raise serializers.ValidationError(
            {"file": ["The file is not a readable OFX or QFX statement."]}
        ) from exc
    rows, skipped, errors, position = [], 0, [], 0
    for statement in statements:
        for transaction in statement.transactions:
            position += 1
            if transaction.trnamt is None or transaction.trnamt >= 0:
                skipped += 1
                continue
            description = " ".join((transaction.name or transaction.memo or "").split())
            try:
                amount = _money.run_validation(str(-transaction.trnamt))
            except serializers.ValidationError as exc:
                errors.append({"row": position, "field": "amount", "message": str(exc.detail[0])})
                continue
            if not description:
                errors.append({"row": position, "field": "description", "message": "Empty."})
                continue
            rows.append(
                ImportRow(
                    line=position,
                    date=transaction.dtposted.date(),
                    amount=amount,
                    currency=statement.curdef,
                    description=description[:500],
                    notes=" ".join((transaction.memo or "").split()) if transaction.name else "",
                )
            )
    if errors:
        raise RowErrors(errors)
    return ParsedFile(rows=rows, skipped=skipped)
