"""Input and output of bulk changes: a selection (`ids` or the list's `filter`) and what
to do with it."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.requests import request_user
from categories.models import name_key
from categories.serializers import OwnCategoryField
from expenses.filters import ExpenseFilter
from expenses.models import MAX_TAGS_PER_EXPENSE
from expenses.selectors_bulk import expense_bulk_base, expense_ids_of, expense_ids_owned

MAX_ID = 2**63 - 1


def _listed(ids: Iterable[int], limit: int = 20) -> str:
    ordered = sorted(ids)
    shown = ", ".join(str(i) for i in ordered[:limit])
    return shown + (f" and {len(ordered) - limit} more" if len(ordered) > limit else "")


class ExpenseListFilterSerializer(serializers.Serializer):
    """The expense list's filters (`GET expenses/`), with the same meaning and the same
    checks; an empty value is no filter. A name the list does not know is a 400, so a typo
    never widens the selection to every expense."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            name: serializers.CharField(
                required=False,
                allow_blank=True,
                help_text=f"As the `{name}` query parameter of the expense list.",
            )
            for name in ExpenseFilter.base_filters
        }

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Not a filter of the expense list."] for name in unknown}
                )
        return super().to_internal_value(data)


class ExpenseSelectionSerializer(serializers.Serializer):
    """Exactly one of `ids` and `filter`; validated into `ids`, the owner's expenses
    selected (at most `EXPENSE_BULK_MAX`)."""

    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        allow_empty=False,
        help_text="Ids of your expenses (at most `EXPENSE_BULK_MAX`, default 5000).",
    )
    filter = ExpenseListFilterSerializer(
        required=False,
        help_text="Instead of `ids`: every expense the list shows with these filters "
        "(at most `EXPENSE_BULK_MAX` of them).",
    )

    def validate_ids(self, ids: list[int]) -> list[int]:
        unique = list(dict.fromkeys(ids))
        limit = settings.EXPENSE_BULK_MAX
        if len(unique) > limit:
            raise serializers.ValidationError(
                f"At most {limit} expenses can be changed at once; {len(unique)} were given."
            )
        owner = request_user(self.context["request"])
        missing = set(unique) - expense_ids_owned(owner=owner, ids=unique)
        if missing:
            raise serializers.ValidationError(
                f"Expenses {_listed(missing)} do not exist or are not yours."
            )
        return unique

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "ids" in attrs and "filter" in attrs:
            raise serializers.ValidationError({"filter": ["Give `ids` or `filter`, not both."]})
        if "ids" not in attrs and "filter" not in attrs:
            raise serializers.ValidationError(
                {"ids": ["Give the expenses' `ids`, or a `filter` that selects them."]}
            )
        if "filter" in attrs:
            attrs["ids"] = self._ids_filtered(attrs.pop("filter"))
        return attrs

    def _ids_filtered(self, params: dict[str, str]) -> list[int]:
        owner = request_user(self.context["request"])
        filterset = ExpenseFilter(data=params, queryset=expense_bulk_base(owner=owner))
        if not filterset.is_valid():
            raise serializers.ValidationError(
                {"filter": {name: list(errors) for name, errors in filterset.errors.items()}}
            )
        try:
            expenses = filterset.qs
        except serializers.ValidationError as exc:  # a filter method refused its value
            raise serializers.ValidationError({"filter": exc.detail}) from exc
        limit = settings.EXPENSE_BULK_MAX
        ids = expense_ids_of(expenses=expenses, limit=limit)
        if len(ids) > limit:
            raise serializers.ValidationError(
                {
                    "filter": [
                        f"This filter selects more than {limit} expenses; at most {limit} "
                        "can be changed at once. Narrow it down."
                    ]
                }
            )
        return ids


class TagNameListField(serializers.ListField):
    child = serializers.CharField(max_length=50)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False, allow_empty=False, max_length=MAX_TAGS_PER_EXPENSE, **kwargs
        )


@extend_schema_field({"type": "integer", "nullable": True})
class CategoryIdField(OwnCategoryField):
    """A category id (see `OwnCategoryField`), typed for the schema."""


class ExpenseBulkSerializer(ExpenseSelectionSerializer):
    set_category = CategoryIdField(
        allow_null=True,
        required=False,
        help_text="A system category or one of yours; null clears the category.",
    )
    add_tags = TagNameListField(help_text="Tag names to add (unknown names are created for you).")
    remove_tags = TagNameListField(help_text="Tag names to remove (matched case-insensitively).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not {"set_category", "add_tags", "remove_tags"} & set(attrs):
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        "Say what to change: `set_category`, `add_tags` or `remove_tags`."
                    ]
                }
            )
        both = {name_key(n) for n in attrs.get("add_tags", ())} & {
            name_key(n) for n in attrs.get("remove_tags", ())
        }
        if both:
            raise serializers.ValidationError(
                {"remove_tags": [f"A tag cannot be added and removed at once: {sorted(both)}."]}
            )
        return super().validate(attrs)


class ExpenseBulkDeleteSerializer(ExpenseSelectionSerializer):
    pass


class BulkChangeSerializer(serializers.Serializer):
    matched = serializers.IntegerField(help_text="How many expenses the selection named.")
    changed = serializers.IntegerField(help_text="How many of them actually changed.")


class BulkRefusedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    editable_until = serializers.DateTimeField()


class BulkDeletionSerializer(serializers.Serializer):
    matched = serializers.IntegerField(help_text="How many expenses the selection named.")
    deleted = serializers.IntegerField()
    refused = BulkRefusedSerializer(
        many=True,
        help_text="The expenses not deleted because their edit window has passed.",
    )
