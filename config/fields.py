"""Serializer fields shared by every app: money, currency codes and months."""

import datetime
import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.money import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, MAX_AMOUNT, is_currency_code

# An amount sent as text: ASCII digits, an optional sign, point and exponent; no underscores,
# no other scripts' digits, no group separators.
AMOUNT_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class MoneyField(serializers.DecimalField):
    """Positive, at most two decimal places and at most 999999999.99; a string in JSON.
    Accepts a string or a number."""

    default_error_messages = {
        "invalid": "Enter an amount such as 12.50.",
        "positive": "Must be greater than 0.",
        "places": "Use at most 2 decimal places.",
        "too_large": f"Must be at most {MAX_AMOUNT}.",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(
            max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMAL_PLACES, **kwargs
        )

    def to_internal_value(self, data) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, str | int | float | Decimal):
            self.fail("invalid")
        if isinstance(data, str) and not AMOUNT_TEXT.fullmatch(data.strip()):
            # Decimal() reads "1_000" and "١٢٣" (any Unicode digits): not amounts.
            self.fail("invalid")
        try:
            value = Decimal(str(data).strip())
        except InvalidOperation:
            self.fail("invalid")
        if not value.is_finite():
            self.fail("invalid")
        if value <= 0:
            self.fail("positive")
        if value > MAX_AMOUNT:
            self.fail("too_large")
        if value != value.quantize(Decimal("0.01"), rounding=ROUND_DOWN):
            self.fail("places")
        return value.quantize(Decimal("0.01"))


class CurrencyField(serializers.CharField):
    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=3, **kwargs)

    def to_internal_value(self, data) -> str:
        value = super().to_internal_value(data).upper()
        if not is_currency_code(value):
            raise serializers.ValidationError(
                f"{value!r} is not an ISO 4217 currency code (for example INR, USD, EUR)."
            )
        return value


MONTH_PATTERN = re.compile(r"^([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?$")


def parse_month(value: str) -> datetime.date:
    """`YYYY-MM` or `YYYY-MM-01` to the month's first day; anything else is a ValueError."""
    match = MONTH_PATTERN.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError("Give a month as YYYY-MM or YYYY-MM-01.")
    year, month, day = match.groups()
    if day is not None and day != "01":
        raise ValueError("A month is given by its first day (YYYY-MM-01) or as YYYY-MM.")
    if not 1900 <= int(year) <= 9999:
        raise ValueError("Give a month between 1900-01 and 9999-12.")
    try:
        return datetime.date(int(year), int(month), 1)
    except ValueError as exc:
        raise ValueError("Give a month as YYYY-MM or YYYY-MM-01.") from exc


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^[0-9]{4}-[0-9]{2}(-01)?$",
        "example": "2026-01",
        "description": "A month: YYYY-MM or YYYY-MM-01 in; answered as YYYY-MM-01.",
    }
)
class MonthField(serializers.DateField):
    """A calendar month: `YYYY-MM` or `YYYY-MM-01` in, the first day's ISO date out."""

    def to_internal_value(self, value) -> datetime.date:
        if isinstance(value, datetime.date):
            value = value.isoformat()
        try:
            return parse_month(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class SumField(serializers.DecimalField):
    """A sum of money: two decimals, never capped (it may exceed one amount's maximum)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_digits=None, decimal_places=2, **kwargs)


class PercentField(serializers.DecimalField):
    """A percentage on a 0-100 scale (a change may exceed it), a JSON number with 2 decimals."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_digits=None, decimal_places=2, coerce_to_string=False, **kwargs)


class WarnThresholdField(serializers.DecimalField):
    """A fraction: 0 < t <= 1, as a JSON number."""

    RANGE = "Must be a fraction greater than 0 and at most 1 (0.8 warns at 80 percent)."

    def __init__(self, **kwargs) -> None:
        super().__init__(
            max_digits=4,
            decimal_places=3,
            coerce_to_string=False,
            min_value=Decimal("0.001"),
            max_value=Decimal("1"),
            error_messages={"min_value": self.RANGE, "max_value": self.RANGE},
            **kwargs,
        )


class FieldValueError(ValueError):
    """A value a serializer field refused, with the field's first message."""


def field_value(field: serializers.Field, value: Any) -> Any:
    """`value` checked and converted by `field` as an API request would be; raises
    `FieldValueError` with the field's message. For services that read files (imports,
    restores) and apply the API's own rules to each value."""
    try:
        return field.run_validation(value)
    except serializers.ValidationError as exc:
        detail = exc.detail
        message = detail[0] if isinstance(detail, list) and detail else detail
        raise FieldValueError(str(message)) from exc


class OwnIdField(serializers.PrimaryKeyRelatedField):
    """An id of a row the requesting user may use (the subclass's `get_queryset` scopes it):
    a whole number, as an int or ASCII digits, else a 400 naming the type; another user's row
    is "does not exist"."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not (
            isinstance(data, int) or (isinstance(data, str) and data.isascii() and data.isdigit())
        ):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)
