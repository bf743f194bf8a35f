"""The shape of a backup document, checked field by field (DRF serializers: this is input
validation, the same kind the API does)."""

import datetime
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from budgets.models import Budget
from categories.models import name_key
from categories.selectors import category_system_by_key
from config.fields import CurrencyField, MoneyField, MonthField, WarnThresholdField
from expenses.models import MAX_NOTES_LENGTH, MAX_TAGS_PER_EXPENSE, PaymentMethod
from rules.engine import RuleInvalid, clean_conditions
from rules.services import MAX_RULES_PER_USER
from schedules.recurrence import MONTH_PERIODS, PERIODS
from schedules.services import MAX_SCHEDULES_PER_USER

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
    # Backups from before hiding categories have no `hidden`.
    hidden = serializers.BooleanField(required=False, default=False)


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


class RuleRow(serializers.Serializer):
    uid = serializers.UUIDField()
    name = serializers.CharField(max_length=100)
    position = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    enabled = serializers.BooleanField()
    conditions = serializers.JSONField()
    set_category = RefField(allow_null=True)
    add_tags = serializers.ListField(child=serializers.CharField(max_length=50), max_length=10)
    set_merchant = serializers.CharField(max_length=200, allow_blank=True)

    def validate_conditions(self, value: Any) -> list[dict[str, Any]]:
        try:
            return clean_conditions(value)
        except RuleInvalid as exc:
            raise serializers.ValidationError(f"{exc.path}: {exc.message}") from exc


class ScheduleRow(serializers.Serializer):
    """A recurring expense (`schedules`): its rule, its values, what it has left."""

    uid = serializers.UUIDField()
    description = serializers.CharField(max_length=500)
    amount = MoneyField()
    currency = CurrencyField()
    category = RefField(allow_null=True)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=MAX_TAGS_PER_EXPENSE
    )
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices, allow_null=True)
    merchant = serializers.CharField(max_length=200, allow_blank=True)
    notes = serializers.CharField(allow_blank=True, max_length=MAX_NOTES_LENGTH)
    start_date = serializers.DateField()
    period = serializers.ChoiceField(choices=PERIODS)
    interval = serializers.IntegerField(min_value=1, max_value=1000)
    day_of_month = serializers.IntegerField(min_value=1, max_value=31, allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    remaining = serializers.IntegerField(min_value=0, max_value=10000, allow_null=True)
    paused = serializers.BooleanField()
    next_due = serializers.DateField(allow_null=True)
    # Dates skipped ahead of time (backups from before it have none).
    skipped = serializers.ListField(
        child=serializers.DateField(), max_length=10000, required=False, default=list
    )

    def validate(self, attrs: dict) -> dict:
        if attrs["end_date"] is not None and attrs["end_date"] < attrs["start_date"]:
            raise serializers.ValidationError({"end_date": ["Before start_date."]})
        if attrs["day_of_month"] is not None and attrs["period"] not in MONTH_PERIODS:
            raise serializers.ValidationError({"day_of_month": ["Only for monthly periods."]})
        return attrs


class ProfileRow(serializers.Serializer):
    default_currency = CurrencyField()


class BackupDocument(serializers.Serializer):
    format = serializers.CharField()
    version = serializers.IntegerField()
    exported_at = serializers.DateTimeField(required=False)
    profile = ProfileRow()
    # Names of the system categories the user hid; backups from before hiding have none.
    hidden_system_categories = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, default=list, max_length=100
    )
    categories = CategoryRow(many=True)
    tags = TagRow(many=True)
    expenses = ExpenseRow(many=True)
    budgets = BudgetRow(many=True)
    # Backups from before rules have none. (`max_length` goes to the ListSerializer that
    # `many=True` makes; the stubs do not know it.)
    rules = RuleRow(  # type: ignore[call-arg]
        many=True, required=False, default=list, max_length=MAX_RULES_PER_USER
    )
    # Backups from before recurring expenses have none.
    schedules = ScheduleRow(  # type: ignore[call-arg]
        many=True, required=False, default=list, max_length=MAX_SCHEDULES_PER_USER
    )

    def validate_hidden_system_categories(self, names: list[str]) -> list[str]:
        system = category_system_by_key()
        unknown = [name for name in names if name_key(name) not in system]
        if unknown:
            raise serializers.ValidationError(f"No system category {unknown[0]!r}.")
        return names
