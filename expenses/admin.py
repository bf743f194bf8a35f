from django.contrib import admin

from config.admin import ReadOnlyAdminMixin
from expenses.models import Expense, ExpenseAudit


@admin.register(Expense)
class ExpenseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """For looking, not changing: edits go through the API, where the edit window, the
    Admin override and its audit, and receipt clean-up apply."""

    list_display = ("date", "owner", "amount", "currency", "description", "category", "merchant")
    list_filter = ("owner", "category", ("date", admin.DateFieldListFilter), "currency")
    search_fields = ("description", "merchant", "notes", "owner__username")
    date_hierarchy = "date"
    list_select_related = ("owner", "category")


@admin.register(ExpenseAudit)
class ExpenseAuditAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the audit trail of Admin overrides is never edited."""

    list_display = ("at", "action", "expense_id_ref", "expense_owner", "actor")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    search_fields = ("expense_owner__username", "actor__username")
    list_select_related = ("expense_owner", "actor")
