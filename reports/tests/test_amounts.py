"""Amounts as banks write them: thousands separators only in valid groupings, the decimal
separator named when a text does not read under it, and detection from a file's amounts."""

from decimal import Decimal

import pytest

from reports.services.csv_import.amounts import AmountError, detect_decimal, parse_amount


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("12.50", ".", "12.50"),
        ("12,50", ",", "12.50"),
        ("-54,37", ",", "-54.37"),
        ("1,234.56", ".", "1234.56"),
        ("1,234,567.89", ".", "1234567.89"),
        ("1,23,456.00", ".", "123456.00"),
        ("12,34,56,789.10", ".", "123456789.10"),
        ("1.234,56", ",", "1234.56"),
        ("-1.084,50", ",", "-1084.50"),
        ("1 234,56", ",", "1234.56"),
        ("1\u00a0234,56", ",", "1234.56"),
        ("1\u202f234,56", ",", "1234.56"),
        ("1'234.56", ".", "1234.56"),
        ("1,234", ".", "1234"),
        ("1.234", ",", "1234"),
        ("(12.00)", ".", "-12.00"),
        ("€ 12.50", ".", "12.50"),
        ("-₹1,250.00", ".", "-1250.00"),
        ("+5", ".", "5"),
        ("\u22127.10", ".", "-7.10"),
        ("  42  ", ".", "42"),
    ],
)
def test_valid_amounts_read(text, decimal, expected):
    assert parse_amount(text, decimal) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("54,37", "."),  # a decimal comma read with a decimal point: never 5437
        ("-1.084,50", "."),
        ("1,234,56", "."),
        ("1,2345.00", "."),
        ("12.345", "."),  # three decimals
        ("1,234", ","),
        ("1.234.5", ","),
        ("1,234.567,89", "."),
        ("1,234 567.00", "."),  # mixed group separators
        ("١٢٣", "."),  # Unicode digits
        ("1_000", "."),
        ("1e3", "."),
        ("NaN", "."),
        (".50", "."),
        ("12.", "."),
        ("--5", "."),
        ("", "."),
        ("-", "."),
        ("()", "."),
    ],
)
def test_invalid_amounts_name_the_decimal_separator(text, decimal):
    with pytest.raises(AmountError) as error:
        parse_amount(text, decimal)
    name = "decimal point" if decimal == "." else "decimal comma"
    if any(ch.isdigit() for ch in text):
        assert name in str(error.value)
    else:  # no digit at all: plainly not a number, whatever the separator
        assert str(error.value) == f"{text.strip()!r} is not a number."


def test_an_error_says_what_the_other_separator_would_read():
    with pytest.raises(AmountError, match=r"read with a decimal comma it would be 54\.37"):
        parse_amount("54,37", ".")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["-54,37", "-129,90", "3.250,00", "-1.084,50", "-8,40"], ","),
        (["28,000.00", "0.00", "1,12,450.32", "899.00"], "."),
        (["12", "1,234", ""], "."),  # ambiguous: a decimal point
        (["1.234", "12,5"], ","),
        (["1.234", "2.500"], "."),  # no decimal comma in sight: refused, not read as 1234
        (["54,37", "12.50", "3.10"], "."),  # the majority decides; 54,37 is then an error
        (["6.45", "-23.17", "1250.00"], "."),
        ([], "."),
    ],
)
def test_decimal_separator_is_detected_from_the_amounts(values, expected):
    assert detect_decimal(values) == expected
