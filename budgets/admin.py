from django.contrib import admin

from budgets.models import Budget


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ("month", "owner", "scope", "category", "amount", "currency", "rollover_enabled")
    list_filter = ("scope", "month", "rollover_enabled", "owner")
    search_fields = ("owner__username", "category__name")
    list_select_related = ("owner", "category")
    raw_id_fields = ("owner", "category")
