from django.contrib import admin

from schedules.models import Occurrence, Schedule


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["description", "owner", "amount", "currency", "period", "next_due", "paused"]
    list_filter = ["period", "paused"]
    search_fields = ["description", "merchant", "owner__username"]
    raw_id_fields = ["owner", "category"]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["schedule", "due_date", "expense", "skipped"]
    raw_id_fields = ["schedule", "expense"]
