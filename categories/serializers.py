from rest_framework import serializers

from categories.looks import COLOR_TOKENS, ICONS
from categories.models import Category, Tag
from categories.selectors import category_list
from config.fields import OwnIdField


class CategorySerializer(serializers.ModelSerializer):
    is_system = serializers.BooleanField(read_only=True)
    name = serializers.CharField(max_length=64, trim_whitespace=True)
    # Plain strings in the schema, not enums: answers also carry the system categories'
    # tokens and whatever older versions stored; only what is written is checked.
    icon = serializers.CharField(
        max_length=64,
        allow_blank=True,
        required=False,
        help_text=f"An icon name of the app's set, or blank for the default: {', '.join(ICONS)}.",
    )
    color_token = serializers.CharField(
        max_length=64,
        allow_blank=True,
        required=False,
        help_text="A colour of the app's palette, or blank for the default: "
        f"{', '.join(COLOR_TOKENS)}.",
    )
    hidden = serializers.BooleanField(
        required=False,
        help_text="Hidden from your lists to choose from (expenses that use it keep it). "
        "The only field a system category lets you change.",
    )

    class Meta:
        model = Category
        fields = [
            "id",
            "name",
            "is_system",
            "icon",
            "color_token",
            "hidden",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "is_system", "created_at", "updated_at"]

    def validate_icon(self, value: str) -> str:
        if value and value not in ICONS:
            raise serializers.ValidationError(
                f"“{value}” is not one of the app's icons; choose one of: {', '.join(ICONS)}."
            )
        return value

    def validate_color_token(self, value: str) -> str:
        if value and value not in COLOR_TOKENS:
            raise serializers.ValidationError(
                f"“{value}” is not one of the app's colours; choose one of: "
                f"{', '.join(COLOR_TOKENS)}."
            )
        return value


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
