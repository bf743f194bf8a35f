from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from categories.serializers import OwnCategoryField
from rules.engine import OPERATORS, RuleInvalid, clean_conditions
from rules.models import Rule
from rules.services import MAX_RULES_PER_USER, merge_tags

MAX_TAGS_PER_RULE = 10


class ConditionSerializer(serializers.Serializer):
    """One condition (for the schema; `rules.engine.clean_conditions` checks them)."""

    field = serializers.ChoiceField(choices=list(OPERATORS))
    operator = serializers.ChoiceField(
        choices=sorted({op for ops in OPERATORS.values() for op in ops}),
        help_text="`contains`, `starts_with`, `equals`, `matches` (an RE2 pattern, at most "
        "200 characters) for description and merchant; `between` for amount; `equals` for "
        "payment_method and currency. Texts compare trimmed and case-insensitively.",
    )
    value = serializers.JSONField(
        help_text='A text; for amount `{"min": "10.00", "max": "50.00"}` (inclusive, either '
        "may be left out)."
    )


@extend_schema_field(ConditionSerializer(many=True))
class ConditionsField(serializers.JSONField):
    """The list of conditions, all of which must hold."""


class RuleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=100, trim_whitespace=True)
    enabled = serializers.BooleanField(required=False)
    conditions = ConditionsField()
    set_category = OwnCategoryField(allow_null=True, required=False)
    set_category_name = serializers.CharField(
        source="set_category.name", read_only=True, allow_null=True
    )
    add_tags = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=MAX_TAGS_PER_RULE
    )
    set_merchant = serializers.CharField(max_length=200, allow_blank=True, required=False)

    class Meta:
        model = Rule
        fields = [
            "id",
            "name",
            "position",
            "enabled",
            "conditions",
            "set_category",
            "set_category_name",
            "add_tags",
            "set_merchant",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "position", "created_at", "updated_at"]

    def validate_conditions(self, value: Any) -> list[dict[str, Any]]:
        try:
            return clean_conditions(value)
        except RuleInvalid as exc:
            # Named by its path (`conditions[1].value`), not under `conditions`.
            raise serializers.ValidationError({exc.path: [exc.message]}) from exc

    def validate_add_tags(self, value: list[str]) -> list[str]:
        return list(merge_tags(value, ()))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        rule: Rule | None = self.instance if isinstance(self.instance, Rule) else None
        keep = rule is not None and self.partial

        def final(name: str, default: Any) -> Any:
            if name in attrs:
                return attrs[name]
            return getattr(rule, name) if keep else default

        if not (final("set_category", None) or final("add_tags", []) or final("set_merchant", "")):
            raise serializers.ValidationError(
                {
                    "set_category": [
                        "Give at least one action: set_category, add_tags or set_merchant."
                    ]
                }
            )
        return attrs

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            # `validate_conditions` names the condition's path: lift it to the top level.
            detail: Any = exc.detail
            if isinstance(detail, dict) and isinstance(detail.get("conditions"), dict):
                lifted = dict(detail)
                lifted.update(lifted.pop("conditions"))
                raise serializers.ValidationError(lifted) from exc
            raise


class RuleOrderSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        max_length=MAX_RULES_PER_USER,
        help_text="The id of every one of your rules, in the order they should run.",
    )
