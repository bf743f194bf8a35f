"""Query parameters and answers of the spending reports."""

from rest_framework import serializers

from config.fields import CurrencyField, MonthField, PercentField, SumField
from reports.selectors import BUCKETS, MAX_RANGE_DAYS


class DateRangeQuerySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    currency = CurrencyField(required=False)

    def validate(self, attrs: dict) -> dict:
        start, end = attrs["start"], attrs["end"]
        if end < start:
            raise serializers.ValidationError({"end": ["Must be on or after start."]})
        if (end - start).days > MAX_RANGE_DAYS:
            raise serializers.ValidationError(
                {"end": [f"A range may be at most 10 years ({MAX_RANGE_DAYS} days) long."]}
            )
        return attrs


class TimeseriesQuerySerializer(DateRangeQuerySerializer):
    bucket = serializers.ChoiceField(choices=BUCKETS, default="daily")


class TrendsQuerySerializer(serializers.Serializer):
    month = MonthField(required=False)
    currency = CurrencyField(required=False)


class CategoryShareSerializer(serializers.Serializer):
    category = serializers.IntegerField(allow_null=True)
    category_name = serializers.CharField(allow_null=True)
    total = SumField()
    count = serializers.IntegerField()
    percent = PercentField()


class PeriodTotalSerializer(serializers.Serializer):
    period = serializers.DateField(help_text="The first day of the period.")
    total = SumField()

    def to_representation(self, instance) -> dict:
        # A summary carries a row per day of its range (thousands over years): built here
        # directly, the same output the declared fields give (ISO date, the sum as a
        # two-decimal string), at a fraction of DRF's per-field cost.
        return {"period": instance.period.isoformat(), "total": f"{instance.total:.2f}"}


class PeriodBucketSerializer(PeriodTotalSerializer):
    count = serializers.IntegerField()

    def to_representation(self, instance) -> dict:
        return {
            "period": instance.period.isoformat(),
            "total": f"{instance.total:.2f}",
            "count": instance.count,
        }


class AveragesSerializer(serializers.Serializer):
    per_day = SumField()
    per_week = SumField(help_text="total / (days / 7)")
    per_month = SumField(help_text="total / (days / 30.4375)")


class PeriodTotalsSerializer(serializers.Serializer):
    daily = PeriodTotalSerializer(many=True)
    weekly = PeriodTotalSerializer(many=True, help_text="Weeks start on Monday.")
    monthly = PeriodTotalSerializer(many=True)
    yearly = PeriodTotalSerializer(many=True)


class SummarySerializer(serializers.Serializer):
    currency = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    total = SumField()
    count = serializers.IntegerField()
    by_category = CategoryShareSerializer(many=True)
    averages = AveragesSerializer()
    totals = PeriodTotalsSerializer()


class CategoryTrendSerializer(serializers.Serializer):
    category = serializers.IntegerField(allow_null=True)
    category_name = serializers.CharField(allow_null=True)
    current_total = SumField()
    previous_total = SumField()
    delta = SumField()
    percent_change = PercentField(allow_null=True)


class TrendsSerializer(serializers.Serializer):
    currency = serializers.CharField()
    month = serializers.DateField()
    previous_month = serializers.DateField()
    current_total = SumField()
    previous_total = SumField()
    delta = SumField()
    percent_change = PercentField(allow_null=True)
    by_category = CategoryTrendSerializer(many=True)
