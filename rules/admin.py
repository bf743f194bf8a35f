from django.contrib import admin

from rules.models import Rule


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "position", "enabled", "set_category", "updated_at")
    list_filter = ("enabled",)
    search_fields = ("name", "owner__username", "set_merchant")
    list_select_related = ("owner", "set_category")
    raw_id_fields = ("owner", "set_category")
