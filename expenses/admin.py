from django.contrib import admin
from django.http import HttpRequest

from expenses.models import Expense, ExpenseAudit


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    list_display = ("date", "owner", "amount", "currency", "description", "category", "merchant")
    list_filter = ("owner", "category", ("date", admin.DateFieldListFilter), "currency")
    search_fields = ("description", "merchant", "notes", "owner__username")
    date_hierarchy = "date"
    list_select_related = ("owner", "category")
    raw_id_fields = ("owner", "category")
    filter_horizontal = ("tags",)


@admin.register(ExpenseAudit)
class ExpenseAuditAdmin(admin.ModelAdmin):
    """Read-only: the audit trail of Admin overrides is never edited."""

    list_display = ("at", "action", "expense_id_ref", "expense_owner", "actor")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    search_fields = ("expense_owner__username", "actor__username")
    list_select_related = ("expense_owner", "actor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
