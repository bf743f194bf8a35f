from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Staff assign roles by choosing Groups (`Admin`, `User`) on a user's page."""

    list_display = ("username", "email", "roles", "default_currency", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),  # never None; the stubs allow it
        ("Preferences", {"fields": ("default_currency",)}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def roles(self, user: User) -> str:
        return ", ".join(sorted(group.name for group in user.groups.all())) or "-"
