from rest_framework import serializers

from budgets.models import Budget
from categories.serializers import OwnCategoryField
from config.fields import (
    CurrencyField,
    MoneyField,
    MonthField,
    PercentField,
    SumField,
    WarnThresholdField,
)


class BudgetSerializer(serializers.ModelSerializer):
    month = MonthField()
    # `Field`: BudgetUpdateSerializer redeclares these two as other, read-only fields.
    scope: serializers.Field = serializers.ChoiceField(choices=Budget.Scope.choices)
    category: serializers.Field = OwnCategoryField(allow_null=True, required=False, default=None)
    # No `default=None`: DRF leaves out a field falling back on its default in partial
    # updates, so PATCH answers lacked `category_name`. `allow_null` gives null instead.
    category_name = serializers.CharField(source="category.name", read_only=True, allow_null=True)
    amount = MoneyField()
    currency = CurrencyField(required=False)
    rollover_enabled = serializers.BooleanField(required=False)
    warn_threshold = WarnThresholdField(required=False)

    class Meta:
        model = Budget
        fields = [
            "id",
            "month",
            "scope",
            "category",
            "category_name",
            "amount",
            "currency",
            "rollover_enabled",
            "warn_threshold",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs: dict) -> dict:
        scope = attrs.get("scope")
        category = attrs.get("category")
        if scope == Budget.Scope.CATEGORY and category is None:
            raise serializers.ValidationError({"category": ["A category budget needs a category."]})
        if scope == Budget.Scope.OVERALL and category is not None:
            raise serializers.ValidationError(
                {"category": ["An overall budget has no category: send null or leave it out."]}
            )
        return attrs


class BudgetUpdateSerializer(BudgetSerializer):
    """A budget's month, scope and category say which budget it is: they do not change."""

    month = MonthField(read_only=True)
    scope = serializers.CharField(read_only=True)
    category = serializers.IntegerField(source="category_id", read_only=True, allow_null=True)

    class Meta(BudgetSerializer.Meta):
        pass

    def validate(self, attrs: dict) -> dict:
        fixed = [name for name in ("month", "scope", "category") if name in self.initial_data]
        if fixed:
            message = "Cannot change; delete this budget and create the one you want."
            raise serializers.ValidationError({name: [message] for name in fixed})
        return attrs


class BudgetQuerySerializer(serializers.Serializer):
    month = MonthField(required=False)
    currency = CurrencyField(required=False)


class BudgetCopySerializer(serializers.Serializer):
    def get_fields(self) -> dict:
        # `from` is a Python keyword, so these fields cannot be class attributes.
        return {"from": MonthField(), "to": MonthField()}

    def validate(self, attrs: dict) -> dict:
        if attrs["from"] == attrs["to"]:
            raise serializers.ValidationError({"to": ["Choose a month other than `from`."]})
        return attrs


class BudgetStatusSerializer(serializers.Serializer):
    budget_id = serializers.IntegerField(source="budget.id")
    month = serializers.DateField(source="budget.month")
    scope = serializers.CharField(source="budget.scope")
    category = serializers.IntegerField(source="budget.category_id", allow_null=True)
    category_name = serializers.CharField(
        source="budget.category.name", default=None, allow_null=True
    )
    currency = serializers.CharField(source="budget.currency")
    amount = SumField(source="budget.amount")
    rollover_in = SumField()
    available = SumField()
    spent = SumField()
    remaining = SumField()
    percent_used = PercentField()
    warn_threshold = WarnThresholdField(source="budget.warn_threshold", read_only=True)
    status = serializers.ChoiceField(choices=["ok", "warn", "exceeded"])


class BudgetCopyResultSerializer(serializers.Serializer):
    created = BudgetSerializer(many=True)
    skipped = serializers.IntegerField()
