"""The shape of a backup document, checked field by field (DRF serializers: this is input
validation, the same kind the API does)."""

import datetime
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from budgets.models import Budget
from config.fields import CurrencyField, MoneyField, MonthField, WarnThresholdField
from expenses.models import PaymentMethod

CLOCK_SKEW = datetime.timedelta(days=1)


class RefField(serializers.Field):
    """A category reference: `{"uid": ...}` for a custom one, `{"system": name}`, or null."""

    def to_internal_value(self, data: Any) -> dict:
        if not isinstance(data, dict) or len(data) != 1 or not data.keys() <= {"uid", "system"}:
            raise serializers.ValidationError('Give {"uid": "..."} or {"system": "Food"}.')
        if "uid" in data:
            return {"uid": serializers.UUIDField().run_validation(data["uid"])}
        return {"system": serializers.CharField(max_length=64).run_validation(data["system"])}

    def to_representation(self, value: dict) -> dict:
        return value


class CategoryRow(serializers.Serializer):
    uid = serializers.UUIDField()
    name = serializers.CharField(max_length=64)
    icon = serializers.CharField(max_length=64, allow_blank=True, required=False, default="")
    color_token = serializers.CharField(max_length=64, allow_blank=True, required=False, default="")


class TagRow(serializers.Serializer):
    uid = serializers.UUIDField()
    name = serializers.CharField(max_length=50)


class ExpenseRow(serializers.Serializer):
    uid = serializers.UUIDField()
    date = serializers.DateField()
    amount = MoneyField()
    currency = CurrencyField()
    description = serializers.CharField(max_length=500)
    category = RefField(allow_null=True)
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices, allow_null=True)
    merchant = serializers.CharField(max_length=200, allow_blank=True)
    notes = serializers.CharField(allow_blank=True)
    tags = serializers.ListField(child=serializers.UUIDField())
    receipt = serializers.CharField(allow_null=True, max_length=200)
    created_at = serializers.DateTimeField()

    def validate_created_at(self, value: datetime.datetime) -> datetime.datetime:
        # A future creation time would reopen the edit window (and can overflow it).
        if value > timezone.now() + CLOCK_SKEW:
            raise serializers.ValidationError("Lies in the future.")
        return value


class BudgetRow(serializers.Serializer):
    uid = serializers.UUIDField()
    month = MonthField()
    scope = serializers.ChoiceField(choices=Budget.Scope.choices)
    category = RefField(allow_null=True)
    amount = MoneyField()
    currency = CurrencyField()
    rollover_enabled = serializers.BooleanField()
    warn_threshold = WarnThresholdField()


class ProfileRow(serializers.Serializer):
    default_currency = CurrencyField()


class BackupDocument(serializers.Serializer):
    format = serializers.CharField()
    version = serializers.IntegerField()
    exported_at = serializers.DateTimeField(required=False)
    profile = ProfileRow()
    categories = CategoryRow(many=True)
    tags = TagRow(many=True)
    expenses = ExpenseRow(many=True)
    budgets = BudgetRow(many=True)
