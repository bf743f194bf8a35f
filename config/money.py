"""Money and currency helpers shared by every app: amounts are Decimal, currencies ISO 4217."""

from decimal import ROUND_HALF_UP, Decimal

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError

MAX_AMOUNT = Decimal("999999999.99")
CENT = Decimal("0.01")
AMOUNT_MAX_DIGITS = 11
AMOUNT_DECIMAL_PLACES = 2


def to_cents(value: Decimal) -> Decimal:
    """Rounded half up to 2 decimals. Sums from the database pass through here: SQLite sums
    in floating point, so 4451544.18 can come back as 4451544.17999999."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def from_cents(cents: int | None) -> Decimal:
    """Whole hundredths (the rollups' exact sums) as an amount: 1250 → Decimal("12.50")."""
    return to_cents(Decimal(cents or 0).scaleb(-2))


def default_currency() -> str:
    return settings.DEFAULT_CURRENCY


# ISO 4217 codes that are not money people spend: precious metals, bond-market units,
# special drawing rights, and the testing and "no currency" codes.
NOT_SPENDABLE = {
    "XAU", "XAG", "XPD", "XPT", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA", "XTS", "XXX",
}  # fmt: skip


def is_currency_code(code: str) -> bool:
    return (
        isinstance(code, str)
        and len(code) == 3
        and code.isascii()
        and code.isalpha()
        and code.isupper()
        and code not in NOT_SPENDABLE
        and pycountry.currencies.get(alpha_3=code) is not None
    )


def validate_currency_code(value: str) -> None:
    if not is_currency_code(value):
        raise ValidationError(
            "%(value)s is not an ISO 4217 currency code (for example INR, USD, EUR).",
            code="invalid_currency",
            params={"value": value},
        )
