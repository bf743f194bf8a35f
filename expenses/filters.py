import django_filters
from django import forms
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from categories.models import name_key
from config.money import is_currency_code
from expenses.models import Expense, PaymentMethod


class ExpenseOrderingFilter(django_filters.OrderingFilter):
    """Orders by the requested fields, then by id, so pages never overlap."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        value = [param for param in value or [] if param]
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        tie_breaker = "-id" if ordering[0].startswith("-") else "id"
        return qs.order_by(*ordering, tie_breaker)


class IdFilter(django_filters.NumberFilter):
    """A whole-number id that fits a 64-bit column."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


# `category_id=none`: the expenses without a category (reports link their "Uncategorised" row
# here; bulk changes and `categories/{id}/?reassign_to=none` spell "no category" the same way).
NO_CATEGORY = "none"


class IdOrNoneField(forms.IntegerField):
    """A whole-number id, or the word `none`."""

    default_error_messages = {"invalid": "Enter a category id (a whole number) or none."}

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lower() == NO_CATEGORY:
            return NO_CATEGORY
        return super().to_python(value)

    def validate(self, value) -> None:
        if value != NO_CATEGORY:
            super().validate(value)

    def run_validators(self, value) -> None:
        if value != NO_CATEGORY:
            super().run_validators(value)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1},
            {"type": "string", "enum": [NO_CATEGORY]},
        ],
        "description": "A category id, or `none` for the expenses without a category.",
    }
)
class CategoryIdFilter(IdFilter):
    """A category id, or `none` for the expenses without a category."""

    field_class = IdOrNoneField

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if value == NO_CATEGORY:
            return qs.filter(category__isnull=True)
        return super().filter(qs, value)


# The filters the per-day rollups (`DayTotal`) can answer a count and totals for. The others
# (search, tag, amount range, payment method) need the rows.
ROLLUP_FILTERS = frozenset({"start_date", "end_date", "category_id", "currency", "ordering"})


class ExpenseFilter(django_filters.FilterSet):
    start_date = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    end_date = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    category_id = CategoryIdFilter(field_name="category_id")
    tag = django_filters.CharFilter(method="filter_tag", max_length=50)
    min_amount = django_filters.NumberFilter(field_name="amount", lookup_expr="gte")
    max_amount = django_filters.NumberFilter(field_name="amount", lookup_expr="lte")
    search = django_filters.CharFilter(method="filter_search", label="Search", max_length=200)
    payment_method = django_filters.ChoiceFilter(choices=PaymentMethod.choices)
    currency = django_filters.CharFilter(method="filter_currency", max_length=3)
    ordering = ExpenseOrderingFilter(fields=("date", "amount", "created_at"))

    class Meta:
        model = Expense
        fields: list[str] = []

    def rollup_keys(self) -> dict | None:
        """The active filters as `expense_totals_from_rollups` arguments, or None when one of
        them needs the rows. Call on a valid filter set."""
        data = self.form.cleaned_data
        if any(
            value not in (None, "", [])
            for name, value in data.items()
            if name not in ROLLUP_FILTERS
        ):
            return None
        category = data.get("category_id")
        if category == NO_CATEGORY:
            category = 0  # the rollups' key for uncategorised
        currency = (data.get("currency") or "").strip().upper()
        return {
            "start": data.get("start_date"),
            "end": data.get("end_date"),
            "category_key": category,
            "currency": currency or None,
        }

    def filter_tag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(tags__name_key=name_key(value))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(description__icontains=value)
            | Q(merchant__icontains=value)
            | Q(notes__icontains=value)
        )

    def filter_currency(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        code = value.strip().upper()
        if not is_currency_code(code):
            raise ValidationError({"currency": [f"{value!r} is not an ISO 4217 currency code."]})
        return queryset.filter(currency=code)


class ExportFilter(ExpenseFilter):
    """The list's filters, plus `start`/`end` as the export's names for the date range."""

    start = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    end = django_filters.DateFilter(field_name="date", lookup_expr="lte")
