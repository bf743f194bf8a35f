from django.contrib import admin

from categories.models import Category, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "icon", "color_token", "created_at")
    list_filter = (("owner", admin.EmptyFieldListFilter),)
    search_fields = ("name", "owner__username")
    list_select_related = ("owner",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "created_at")
    search_fields = ("name", "owner__username")
    list_select_related = ("owner",)
