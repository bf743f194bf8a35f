"""Which CSV rows are spending, decided by `parse_csv` alone (no HTTP, no database): the sign
of one signed amount column (`auto`, `positive`, `negative`), debit and credit columns, and a
fee added on top of the amount."""

from decimal import Decimal

import pytest

from reports.errors import RowErrors
from reports.services.csv_import import CsvOptions, parse_csv

SIGNED = {"date": "Date", "description": "Details", "amount": "Amount"}
DEBIT_CREDIT = {"date": "Date", "description": "Details", "debit": "Debit", "credit": "Credit"}


def parse(text: str, **options):
    return parse_csv(text.encode(), CsvOptions(currency="INR", **options), max_rows=100)


def spending(parsed) -> list[tuple[str, Decimal]]:
    return [(row.description, row.amount) for row in parsed.rows]


BANK_STYLE = """Date,Details,Amount
2026-01-01,Coffee,-3.50
2026-01-02,Salary,2000.00
2026-01-03,Rent,-900.00
2026-01-04,Refund,0.00
"""

ALL_POSITIVE = """Date,Details,Amount
2026-01-01,Coffee,3.50
2026-01-03,Rent,900.00
"""


def test_auto_with_negative_amounts_reads_negatives_as_spending_and_skips_the_rest():
    parsed = parse(BANK_STYLE, mapping=SIGNED)
    assert spending(parsed) == [("Coffee", Decimal("3.50")), ("Rent", Decimal("900.00"))]
    assert parsed.skipped == 2  # the salary and the zero


def test_auto_with_no_negative_amount_reads_every_row_as_spending():
    parsed = parse(ALL_POSITIVE, mapping=SIGNED)
    assert spending(parsed) == [("Coffee", Decimal("3.50")), ("Rent", Decimal("900.00"))]
    assert parsed.skipped == 0


def test_auto_is_the_default_sign():
    assert spending(parse(BANK_STYLE, mapping=SIGNED)) == spending(
        parse(BANK_STYLE, mapping=SIGNED, amount_sign="auto")
    )


def test_negative_reads_only_negative_amounts_even_when_the_file_has_none():
    parsed = parse(ALL_POSITIVE, mapping=SIGNED, amount_sign="negative")
    assert parsed.rows == []
    assert parsed.skipped == 2


def test_negative_reads_negative_amounts_as_spending():
    parsed = parse(BANK_STYLE, mapping=SIGNED, amount_sign="negative")
    assert spending(parsed) == [("Coffee", Decimal("3.50")), ("Rent", Decimal("900.00"))]
    assert parsed.skipped == 2


def test_positive_reads_positive_amounts_as_spending():
    parsed = parse(ALL_POSITIVE, mapping=SIGNED, amount_sign="positive")
    assert spending(parsed) == [("Coffee", Decimal("3.50")), ("Rent", Decimal("900.00"))]
    assert parsed.skipped == 0


def test_positive_refuses_a_negative_amount_naming_its_line():
    with pytest.raises(RowErrors) as caught:
        parse(BANK_STYLE, mapping=SIGNED, amount_sign="positive")
    assert [(error["row"], error["field"]) for error in caught.value.errors] == [
        (2, "amount"),
        (4, "amount"),
        (5, "amount"),
    ]


DEBITS_AND_CREDITS = """Date,Details,Debit,Credit
2026-01-01,Groceries,250.00,
2026-01-02,Salary,,2000.00
2026-01-03,Card payment,-40.00,
2026-01-04,Reversal,0.00,40.00
"""


@pytest.mark.parametrize("amount_sign", ["auto", "positive", "negative"])
def test_debit_rows_are_spending_and_rows_without_a_debit_are_skipped(amount_sign):
    parsed = parse(DEBITS_AND_CREDITS, mapping=DEBIT_CREDIT, amount_sign=amount_sign)
    # A debit is spending whatever its sign; the sign option is for one signed column.
    assert spending(parsed) == [
        ("Groceries", Decimal("250.00")),
        ("Card payment", Decimal("40.00")),
    ]
    assert parsed.skipped == 2


def test_a_debit_column_without_a_credit_column_is_enough():
    text = "Date,Details,Debit\n2026-01-01,Groceries,250.00\n2026-01-02,Nothing,\n"
    parsed = parse(text, mapping={"date": "Date", "description": "Details", "debit": "Debit"})
    assert spending(parsed) == [("Groceries", Decimal("250.00"))]
    assert parsed.skipped == 1


@pytest.mark.parametrize("fee", ["0.50", "-0.50"])
def test_a_fee_of_either_sign_is_added_to_the_spending(fee):
    text = f"Date,Details,Amount,Fee\n2026-01-01,Transfer abroad,-10.00,{fee}\n"
    parsed = parse(text, mapping={**SIGNED, "fee": "Fee"})
    assert spending(parsed) == [("Transfer abroad", Decimal("10.50"))]


def test_a_fee_is_added_to_a_debit():
    text = "Date,Details,Debit,Credit,Fee\n2026-01-01,Wire,100.00,,2.00\n"
    parsed = parse(text, mapping={**DEBIT_CREDIT, "fee": "Fee"})
    assert spending(parsed) == [("Wire", Decimal("102.00"))]


def test_an_empty_fee_adds_nothing():
    text = "Date,Details,Amount,Fee\n2026-01-01,Coffee,-3.50,\n"
    parsed = parse(text, mapping={**SIGNED, "fee": "Fee"})
    assert spending(parsed) == [("Coffee", Decimal("3.50"))]


def test_a_row_that_is_not_spending_is_skipped_with_its_fee():
    text = "Date,Details,Amount,Fee\n2026-01-01,Coffee,-3.50,0.10\n2026-01-02,Salary,2000.00,1.00\n"
    parsed = parse(text, mapping={**SIGNED, "fee": "Fee"})
    assert spending(parsed) == [("Coffee", Decimal("3.60"))]
    assert parsed.skipped == 1
