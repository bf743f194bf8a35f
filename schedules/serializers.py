import datetime

from django.utils import timezone
from rest_framework import serializers

from categories.serializers import OwnCategoryField
from config.fields import CurrencyField, MoneyField, SumField
from expenses.models import MAX_NOTES_LENGTH, MAX_TAGS_PER_EXPENSE, PaymentMethod
from schedules.models import Schedule
from schedules.recurrence import MONTH_PERIODS
from schedules.selectors import schedule_recorded_ahead, schedule_remaining

MAX_INTERVAL = 1000
MAX_COUNT = 10000
MAX_UPCOMING_DAYS = 366
MAX_PAST_DAYS = 10 * 365
"""A schedule starts at most about ten years back (each past date becomes an expense)."""
PUT_DEFAULTS: dict[str, object] = {
    "category": None,
    "tags": [],
    "payment_method": None,
    "merchant": "",
    "notes": "",
    "interval": 1,
    "day_of_month": None,
    "end_date": None,
    "count": None,
}


class ScheduleSerializer(serializers.ModelSerializer):
    description = serializers.CharField(max_length=500, trim_whitespace=True)
    amount = MoneyField()
    currency = CurrencyField(required=False)
    category = OwnCategoryField(allow_null=True, required=False)
    category_name = serializers.CharField(source="category.name", read_only=True, allow_null=True)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=MAX_TAGS_PER_EXPENSE
    )
    payment_method = serializers.ChoiceField(
        choices=PaymentMethod.choices, allow_null=True, required=False
    )
    merchant = serializers.CharField(max_length=200, allow_blank=True, required=False)
    notes = serializers.CharField(allow_blank=True, required=False, max_length=MAX_NOTES_LENGTH)
    period = serializers.ChoiceField(choices=Schedule.Period.choices)
    interval = serializers.IntegerField(
        min_value=1,
        max_value=MAX_INTERVAL,
        required=False,
        help_text="Every how many periods (weeks, months, years, days): 1 by default.",
    )
    day_of_month = serializers.IntegerField(
        min_value=1,
        max_value=31,
        allow_null=True,
        required=False,
        help_text="Monthly periods only: the day (a 31 falls on a shorter month's last day). "
        "Default: the start date's day.",
    )
    end_date = serializers.DateField(allow_null=True, required=False)
    count = serializers.IntegerField(
        min_value=1,
        max_value=MAX_COUNT,
        allow_null=True,
        required=False,
        help_text="How many occurrences in all (skipped ones included); null: no limit.",
    )
    paused = serializers.BooleanField(required=False)
    next_due = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The next occurrence still to come; null when the schedule is finished.",
    )
    remaining = serializers.SerializerMethodField()
    occurrences_created = serializers.SerializerMethodField()

    class Meta:
        model = Schedule
        fields = [
            "id",
            "description",
            "amount",
            "currency",
            "category",
            "category_name",
            "tags",
            "payment_method",
            "merchant",
            "notes",
            "start_date",
            "period",
            "interval",
            "day_of_month",
            "end_date",
            "count",
            "paused",
            "next_due",
            "remaining",
            "occurrences_created",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_remaining(self, schedule: Schedule) -> int | None:
        """Occurrences still to come (counted up to 1000); null when unbounded."""
        ahead = (self.context.get("ahead") or {}).get(schedule.id)
        if ahead is None:
            has_ahead = getattr(schedule, "has_ahead", True)
            ahead = schedule_recorded_ahead(schedule=schedule) if has_ahead else set()
        return schedule_remaining(schedule, ahead)

    def get_occurrences_created(self, schedule: Schedule) -> int:
        """Expenses this schedule has created (they stay if it is deleted)."""
        created = getattr(schedule, "created", None)
        if created is None:
            return schedule.occurrences.filter(skipped=False).count()
        return created

    def validate_start_date(self, value: datetime.date) -> datetime.date:
        earliest = timezone.localdate() - datetime.timedelta(days=MAX_PAST_DAYS)
        if value < earliest:
            raise serializers.ValidationError(
                f"Start at most {MAX_PAST_DAYS // 365} years ago ({earliest.isoformat()})."
            )
        return value

    def validate_tags(self, names: list[str]) -> list[str]:
        return [" ".join(name.split()) for name in names if name.strip()]

    def validate(self, attrs: dict) -> dict:
        if self.instance is not None and not self.partial:
            # PUT replaces the schedule: what it leaves out goes back to the defaults.
            attrs = {**PUT_DEFAULTS, **attrs}

        def value(name: str):
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name, None)

        start, end = value("start_date"), value("end_date")
        if start is not None and end is not None and end < start:
            raise serializers.ValidationError({"end_date": ["Must be on or after start_date."]})
        if value("day_of_month") is not None and value("period") not in MONTH_PERIODS:
            raise serializers.ValidationError(
                {"day_of_month": ["Only monthly schedules have a day of the month."]}
            )
        return attrs


class SkipSerializer(serializers.Serializer):
    date = serializers.DateField(
        required=False,
        help_text="An upcoming occurrence to skip; default: the next one.",
    )


class UpcomingQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, attrs: dict) -> dict:
        start = attrs.setdefault("start", self.context["today"])
        if "end" not in attrs:
            attrs["end"] = start + min(datetime.timedelta(days=30), datetime.date.max - start)
        end = attrs["end"]
        if end < start:
            raise serializers.ValidationError({"end": ["Must be on or after start."]})
        if (end - start).days > MAX_UPCOMING_DAYS:
            raise serializers.ValidationError(
                {"end": [f"A range covers at most {MAX_UPCOMING_DAYS} days."]}
            )
        return attrs


class UpcomingSerializer(serializers.Serializer):
    schedule = serializers.IntegerField(source="schedule.id")
    description = serializers.CharField(source="schedule.description")
    amount = SumField(source="schedule.amount")
    currency = serializers.CharField(source="schedule.currency")
    category = serializers.IntegerField(source="schedule.category_id", allow_null=True)
    category_name = serializers.CharField(
        source="schedule.category.name", default=None, allow_null=True
    )
    date = serializers.DateField()


class UpcomingTotalSerializer(serializers.Serializer):
    currency = serializers.CharField()
    total = SumField()
    count = serializers.IntegerField()


class UpcomingAnswerSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    results = UpcomingSerializer(many=True)
    totals = UpcomingTotalSerializer(many=True)
