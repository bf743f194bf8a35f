from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from accounts.models import User
from accounts.selectors import user_role_names
from config.fields import CurrencyField


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    default_currency = CurrencyField(required=False)

    class Meta:
        model = User
        fields = ["id", "username", "email", "roles", "default_currency"]
        read_only_fields = ["id", "username", "roles"]

    def get_roles(self, user: User) -> list[str]:
        return user_role_names(user=user)


class RegisterSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    default_currency = CurrencyField(
        required=False, help_text="ISO 4217 code; left out, the server's DEFAULT_CURRENCY."
    )

    def validate_username(self, value: str) -> str:
        value = value.strip()
        User.username_validator(value)
        if User.objects.filter(username__iexact=value).exists():
            raise serializers.ValidationError("A user with that username already exists.")
        return value

    def validate(self, attrs: dict) -> dict:
        candidate = User(username=attrs["username"], email=attrs.get("email", ""))
        try:
            password_validation.validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class CurrencyOptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RegisterOptionsSerializer(serializers.Serializer):
    """What the sign-up form offers: the server's default currency and every code that
    `default_currency` accepts."""

    default_currency = serializers.CharField()
    currencies = CurrencyOptionSerializer(many=True)


class RefreshTokenSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class PasswordChangeSerializer(serializers.Serializer):
    """`old_password` must be the user's current password (give it as `context["user"]`);
    `new_password` must pass the project's password validators."""

    old_password = serializers.CharField(write_only=True, trim_whitespace=False)
    new_password = serializers.CharField(write_only=True, trim_whitespace=False)

    def validate_old_password(self, value: str) -> str:
        if not self.context["user"].check_password(value):
            raise serializers.ValidationError(
                "Your old password is not correct.", code="wrong_password"
            )
        return value

    def validate(self, attrs: dict) -> dict:
        try:
            password_validation.validate_password(attrs["new_password"], user=self.context["user"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"new_password": list(exc.messages)}) from exc
        return attrs


class AccountDeleteSerializer(serializers.Serializer):
    """Both must be the user's own (give the user as `context["user"]`): the username as
    typed to confirm, exactly, and the current password."""

    username = serializers.CharField(trim_whitespace=False)
    password = serializers.CharField(write_only=True, trim_whitespace=False)

    def validate_username(self, value: str) -> str:
        if value != self.context["user"].username:
            raise serializers.ValidationError(
                "Type your username exactly to confirm.", code="wrong_username"
            )
        return value

    def validate_password(self, value: str) -> str:
        if not self.context["user"].check_password(value):
            raise serializers.ValidationError(
                "Your password is not correct.", code="wrong_password"
            )
        return value
