from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from categories.serializers import OwnCategoryField
from config.fields import CurrencyField, MoneyField
from expenses.models import MAX_NOTES_LENGTH, MAX_TAGS_PER_EXPENSE, Expense, PaymentMethod


class TagNamesField(serializers.ListField):
    child = serializers.CharField(max_length=50)

    def get_attribute(self, expense: Expense) -> list:
        return expense.tag_objects()

    def to_representation(self, tags) -> list[str]:
        return [tag.name for tag in tags]


class ExpenseSerializer(serializers.ModelSerializer):
    amount = MoneyField()
    currency = CurrencyField(required=False)
    description = serializers.CharField(max_length=500, trim_whitespace=True)
    category = OwnCategoryField(allow_null=True, required=False)
    # No `default=None`: DRF leaves out a field falling back on its default in partial
    # updates, so PATCH answers lacked `category_name`. `allow_null` gives null instead.
    category_name = serializers.CharField(source="category.name", read_only=True, allow_null=True)
    payment_method = serializers.ChoiceField(
        choices=PaymentMethod.choices, allow_null=True, required=False
    )
    merchant = serializers.CharField(max_length=200, allow_blank=True, required=False)
    notes = serializers.CharField(allow_blank=True, required=False, max_length=MAX_NOTES_LENGTH)
    tags = TagNamesField(required=False, max_length=MAX_TAGS_PER_EXPENSE)
    receipt = serializers.SerializerMethodField()
    editable_until = serializers.DateTimeField(read_only=True)
    budget_alerts = serializers.SerializerMethodField()

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
            "budget_alerts",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def to_representation(self, expense: Expense) -> dict:
        """What the declared fields give, built directly: a page holds up to 500 expenses
        and DRF's per-field machinery was most of a list's cost. The formats still come
        from the fields themselves; `test_expense_representation.py` keeps both equal."""
        fields = self.fields
        category = expense.category if expense.category_id else None
        tags = getattr(expense, "tag_names", None)  # a list page's, attached in one query
        if tags is None:
            tags = [tag.name for tag in expense.tag_objects()]
        return {
            "id": expense.id,
            "amount": fields["amount"].to_representation(expense.amount),
            "currency": expense.currency,
            "date": fields["date"].to_representation(expense.date),
            "description": expense.description,
            "category": expense.category_id,
            "category_name": category.name if category else None,
            "payment_method": expense.payment_method,
            "merchant": expense.merchant,
            "notes": expense.notes,
            "tags": tags,
            "receipt": self.get_receipt(expense),
            "created_at": fields["created_at"].to_representation(expense.created_at),
            "updated_at": fields["updated_at"].to_representation(expense.updated_at),
            "editable_until": fields["editable_until"].to_representation(expense.editable_until),
            "budget_alerts": self.get_budget_alerts(expense),
        }

    @extend_schema_field(
        {
            "type": "array",
            "items": {"$ref": "#/components/schemas/BudgetStatus"},
            "nullable": True,
            "readOnly": True,
            "description": "On create and update only (null on reads): the budgets of the "
            "expense's month at `warn` or `exceeded` after the change.",
        }
    )
    def get_budget_alerts(self, expense: Expense) -> list | None:
        # Computed by the view (it asks `budgets`), which puts them in the context.
        return self.context.get("budget_alerts")

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_receipt(self, expense: Expense) -> str | None:
        if not expense.receipt:
            return None
        path = reverse("expense-receipt", args=[expense.id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReceiptUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
