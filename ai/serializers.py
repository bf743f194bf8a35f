from rest_framework import serializers

from config.fields import MoneyField


class CategorizeRequestSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    merchant = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    amount = MoneyField(required=False, allow_null=True, default=None)


class SuggestionSerializer(serializers.Serializer):
    category = serializers.IntegerField(source="category_id", allow_null=True)
    category_name = serializers.CharField(allow_null=True)
    confidence = serializers.FloatField(min_value=0, max_value=1)
    rationale = serializers.CharField()
    provider = serializers.ChoiceField(choices=["local", "ollama"])
