"""Query and answer of `GET ai/insights/`."""

from rest_framework import serializers

from config.fields import CurrencyField, MonthField, SumField


class InsightsQuerySerializer(serializers.Serializer):
    month = MonthField(required=False)
    currency = CurrencyField(required=False)


class AnomalySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["large_expense", "duplicate", "category_spike"],
        help_text="large_expense: far above the category's usual expense; duplicate: same "
        "payee and amount as an expense at most two days before; category_spike: the "
        "category's month total far above its usual month.",
    )
    expense_id = serializers.IntegerField(
        allow_null=True, help_text="Null for a category_spike (it is about a month's total)."
    )
    date = serializers.DateField(help_text="The expense's date; a spike's month (first day).")
    amount = SumField(help_text="The expense's amount; for a spike, the month's total.")
    category = serializers.IntegerField(allow_null=True)
    category_name = serializers.CharField(allow_null=True)
    reason = serializers.CharField(help_text="Why, with the numbers behind it.")


class CategoryForecastSerializer(serializers.Serializer):
    category = serializers.IntegerField(allow_null=True, help_text="Null: uncategorised.")
    category_name = serializers.CharField(allow_null=True)
    spent_to_date = SumField()
    predicted_total = SumField()


class ForecastSerializer(serializers.Serializer):
    predicted_total = SumField(help_text="The sum of predicted_by_category.")
    predicted_by_category = CategoryForecastSerializer(
        many=True, help_text="Largest prediction first; categories predicted at 0 are left out."
    )
    method = serializers.CharField(help_text="How the prediction was made, in words.")
    spent_to_date = SumField(help_text="Spent in the month so far.")
    daily_rate = SumField(
        help_text="The usual spending per day, recurring bills left out (0 for a past month)."
    )
    days_left = serializers.IntegerField(help_text="Days of the month after today.")
    expected_recurring = SumField(
        help_text="Recurring bills expected after today and before the month ends."
    )


class SubscriptionSerializer(serializers.Serializer):
    merchant = serializers.CharField(
        help_text="The payee as last written: the merchant, else the description."
    )
    category = serializers.IntegerField(allow_null=True)
    category_name = serializers.CharField(allow_null=True)
    period = serializers.ChoiceField(choices=["weekly", "monthly", "quarterly", "yearly"])
    usual_amount = SumField(help_text="The median of the charges.")
    currency = serializers.CharField()
    last_date = serializers.DateField()
    next_expected = serializers.DateField(help_text="last_date plus one period.")
    price_change = SumField(
        allow_null=True,
        help_text="The latest charge minus usual_amount when they differ by more than 1 %; "
        "else null. Negative for a price cut.",
    )


class TipSerializer(serializers.Serializer):
    text = serializers.CharField()
    figures = serializers.DictField(
        child=serializers.CharField(),
        help_text="The numbers behind the text, each a string written as in the text "
        "(money with 2 decimals, dates as YYYY-MM-DD, months as YYYY-MM).",
    )


class InsightsSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The month's first day.")
    currency = serializers.CharField()
    anomalies = AnomalySerializer(many=True)
    forecast = ForecastSerializer()
    subscriptions = SubscriptionSerializer(many=True)
    tips = TipSerializer(many=True)
    provider = serializers.ChoiceField(
        choices=["local", "ollama"],
        help_text="ollama when the tips were worded by Ollama; the figures are always local.",
    )
