import django_filters
from django.db.models import Q, QuerySet

from expenses.models import Expense, PaymentMethod


class ExpenseOrderingFilter(django_filters.OrderingFilter):
    """Orders by the requested fields, then by id, so pages never overlap."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        tie_breaker = "-id" if ordering[0].startswith("-") else "id"
        return qs.order_by(*ordering, tie_breaker)


class ExpenseFilter(django_filters.FilterSet):
    start_date = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    end_date = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    category_id = django_filters.NumberFilter(field_name="category_id")
    tag = django_filters.CharFilter(field_name="tags__name", lookup_expr="iexact")
    min_amount = django_filters.NumberFilter(field_name="amount", lookup_expr="gte")
    max_amount = django_filters.NumberFilter(field_name="amount", lookup_expr="lte")
    search = django_filters.CharFilter(method="filter_search", label="Search")
    payment_method = django_filters.ChoiceFilter(choices=PaymentMethod.choices)
    currency = django_filters.CharFilter(method="filter_currency")
    ordering = ExpenseOrderingFilter(fields=("date", "amount", "created_at"))

    class Meta:
        model = Expense
        fields: list[str] = []

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
        return queryset.filter(currency=value.strip().upper())
