from decimal import Decimal

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from categories.selectors import category_list
from config.money import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, MAX_AMOUNT, is_currency_code
from expenses.models import Expense, PaymentMethod


class OwnCategoryField(serializers.PrimaryKeyRelatedField):
    """A category id the requesting user may use: a system category or one of their own."""

    default_error_messages = {
        "does_not_exist": "Category {pk_value} does not exist or is not yours.",
    }

    def get_queryset(self):
        return category_list(owner=self.context["request"].user)


class TagNamesField(serializers.ListField):
    child = serializers.CharField(max_length=50)

    def to_representation(self, tags) -> list[str]:
        return [tag.name for tag in tags.all()]


class MoneyField(serializers.DecimalField):
    """Positive, at most two decimal places and at most 999999999.99; a string in JSON."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            max_digits=AMOUNT_MAX_DIGITS,
            decimal_places=AMOUNT_DECIMAL_PLACES,
            max_value=MAX_AMOUNT,
            **kwargs,
        )

    def to_internal_value(self, data) -> Decimal:
        if isinstance(data, bool):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if value <= 0:
            raise serializers.ValidationError("Must be greater than 0.")
        return value


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


class ExpenseSerializer(serializers.ModelSerializer):
    amount = MoneyField()
    currency = CurrencyField(required=False)
    description = serializers.CharField(max_length=500, trim_whitespace=True)
    category = OwnCategoryField(allow_null=True, required=False)
    category_name = serializers.CharField(source="category.name", read_only=True, default=None)
    payment_method = serializers.ChoiceField(
        choices=PaymentMethod.choices, allow_null=True, required=False
    )
    merchant = serializers.CharField(max_length=200, allow_blank=True, required=False)
    notes = serializers.CharField(allow_blank=True, required=False)
    tags = TagNamesField(required=False)
    receipt = serializers.SerializerMethodField()
    editable_until = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Expense
        fields = [
            "id",
            "amount",
            "currency",
            "date",
            "description",
            "category",
            "category_name",
            "payment_method",
            "merchant",
            "notes",
            "tags",
            "receipt",
            "created_at",
            "updated_at",
            "editable_until",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_receipt(self, expense: Expense) -> str | None:
        if not expense.receipt:
            return None
        path = reverse("expense-receipt", args=[expense.id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReceiptUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
