import math
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User
from accounts.throttles import login_failed, login_wait


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form, limited like the API's sign-in: failed attempts per
    (username, address) and per address, counted in the same shared cache. Past a limit the
    password is not even tried and the form answers an error until the wait is over."""

    def clean(self) -> dict[str, Any]:
        request = self.request
        if request is None:  # the admin always passes it; without one nothing is counted
            return super().clean()
        username = self.data.get("username")
        wait = login_wait(request, username)
        if wait is not None:
            raise forms.ValidationError(
                "Too many failed sign-in attempts. Try again in %(seconds)d seconds.",
                code="throttled",
                params={"seconds": max(1, math.ceil(wait))},
            )
        try:
            return super().clean()
        except forms.ValidationError:
            login_failed(request, username)
            raise


# The project's one admin site signs in through the throttled form.
admin.site.login_form = ThrottledAdminAuthenticationForm


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
