from rest_framework import serializers

from categories.models import Category, Tag
from categories.selectors import category_list
from config.fields import OwnIdField


class CategorySerializer(serializers.ModelSerializer):
    is_system = serializers.BooleanField(read_only=True)
    name = serializers.CharField(max_length=64, trim_whitespace=True)

    class Meta:
        model = Category
        fields = ["id", "name", "is_system", "icon", "color_token", "created_at", "updated_at"]
        read_only_fields = ["id", "is_system", "created_at", "updated_at"]


class TagSerializer(serializers.ModelSerializer):
    expense_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Tag
        fields = ["id", "name", "expense_count"]


class OwnCategoryField(OwnIdField):
    """A category id the requesting user may use: a system category or one of their own."""

    default_error_messages = {
        "does_not_exist": "Category {pk_value} does not exist or is not yours.",
        "incorrect_type": "Give a category id (a whole number), not {data_type}.",
    }

    def get_queryset(self):
        return category_list(owner=self.context["request"].user)
