import functools

import pycountry
from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.views import TokenBlacklistView, TokenObtainPairView

from accounts import services
from accounts.errors import RegistrationClosed
from accounts.models import User
from accounts.requests import request_user
from accounts.serializers import (
    AccountDeleteSerializer,
    PasswordChangeSerializer,
    RefreshTokenSerializer,
    RegisterOptionsSerializer,
    RegisterSerializer,
    TokenPairSerializer,
    UserSerializer,
)
from accounts.throttles import (
    AuthIPThrottle,
    LoginFailureIPThrottle,
    LoginFailureThrottle,
    login_failed,
    login_wait,
    submitted_username,
)
from config.money import is_currency_code


@functools.cache
def currency_options() -> list[dict[str, str]]:
    """Every code `default_currency` accepts, with its English name, sorted by code."""
    return sorted(
        (
            {"code": currency.alpha_3, "name": currency.name}
            for currency in pycountry.currencies
            if is_currency_code(currency.alpha_3)
        ),
        key=lambda option: option["code"],
    )


class RegisterView(APIView):
    """Create an account. Every attempt counts against the per-address limit, those that
    fail validation (a taken username) included, so the answers cannot be used to list
    accounts faster than `AUTH_THROTTLE_RATE`."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthIPThrottle]

    def get_throttles(self) -> list:
        # Reading the form's options creates nothing and tells nothing about accounts.
        return [] if self.request.method == "GET" else super().get_throttles()

    @extend_schema(
        responses={
            200: RegisterOptionsSerializer,
            403: OpenApiResponse(description="`registration_closed`: ALLOW_REGISTRATION is off."),
        },
    )
    def get(self, request: Request) -> Response:
        """What the sign-up form offers: the server's default currency and every currency
        code that `default_currency` accepts."""
        if not settings.ALLOW_REGISTRATION:
            raise RegistrationClosed()
        options = {"default_currency": settings.DEFAULT_CURRENCY, "currencies": currency_options()}
        return Response(RegisterOptionsSerializer(options).data)

    @extend_schema(
        request=RegisterSerializer,
        responses={
            201: UserSerializer,
            400: OpenApiResponse(
                description=(
                    "`{field: [messages]}`: a taken username, a weak password, or a "
                    "`default_currency` that is not an ISO 4217 code."
                )
            ),
            403: OpenApiResponse(description="`registration_closed`: ALLOW_REGISTRATION is off."),
        },
    )
    def post(self, request: Request) -> Response:
        if not settings.ALLOW_REGISTRATION:
            raise RegistrationClosed()
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenView(TokenObtainPairView):
    """Exchange a username and password for an access and a refresh token.

    Failed attempts are limited per (username, address) and per address (429 past either);
    successful ones are not counted."""

    throttle_classes = [LoginFailureIPThrottle, LoginFailureThrottle]

    def post(self, request: Request, *args, **kwargs) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.AuthenticationFailed:
            login_failed(request, submitted_username(request))
            raise


class TokenRefreshView(APIView):
    """Exchange a refresh token for a new access and refresh token. The refresh token given
    is revoked; of concurrent refreshes of one token exactly one succeeds."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=RefreshTokenSerializer, responses={200: TokenPairSerializer})
    def post(self, request: Request) -> Response:
        serializer = RefreshTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            refresh = services.refresh_token_rotate(token=serializer.validated_data["refresh"])
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})

    def get_authenticate_header(self, request: Request) -> str:
        # A refused token is a 401 (DRF answers 403 when a view names no authenticator).
        return 'Bearer realm="api"'


class LogoutView(TokenBlacklistView):
    """Blacklist a refresh token so it can no longer be used."""

    @extend_schema(
        request=RefreshTokenSerializer,
        responses={205: OpenApiResponse(description="Logged out; the refresh token is revoked.")},
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        super().post(request, *args, **kwargs)
        return Response(status=status.HTTP_205_RESET_CONTENT)


class LogoutAllView(APIView):
    """Sign out everywhere: revoke every refresh token of the signed-in user."""

    @extend_schema(
        request=None,
        responses={
            205: OpenApiResponse(
                description=(
                    "Every refresh token of the user is revoked. Access tokens already "
                    "issued stay valid until they expire (JWT_ACCESS_MINUTES); change the "
                    "password to end them at once."
                )
            )
        },
    )
    def post(self, request: Request) -> Response:
        services.user_tokens_revoke(user=request_user(request))
        return Response(status=status.HTTP_205_RESET_CONTENT)


class PasswordChangeView(APIView):
    """Change the signed-in user's password.

    Every refresh token of the user is revoked and every access token issued before stops
    working (401 `password_changed`); the answer carries a new token pair for this client.
    A wrong `old_password` counts as a failed sign-in (429 past the limits)."""

    @extend_schema(
        request=PasswordChangeSerializer,
        responses={
            200: OpenApiResponse(
                TokenPairSerializer,
                description="Password changed; a new token pair for this client.",
            ),
            400: OpenApiResponse(
                description=(
                    "`old_password` is not the current password, or `new_password` fails "
                    "the password rules: `{field: [messages]}`."
                )
            ),
            429: OpenApiResponse(
                description="`throttled`: too many failed sign-ins (wrong old passwords) from "
                "this address or at this username."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        serializer = _password_checked(request, PasswordChangeSerializer, field="old_password")
        refresh = services.user_password_change(
            user=user, new_password=serializer.validated_data["new_password"]
        )
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


def _password_checked(
    request: Request, serializer_class: type[serializers.Serializer], *, field: str
) -> serializers.Serializer:
    """The request's body validated by `serializer_class`, which checks the signed-in user's
    current password in `field`: under the sign-in throttle (429 past it), and a wrong
    password counts as a failed sign-in."""
    user = request_user(request)
    wait = login_wait(request, user.username)
    if wait is not None:
        raise exceptions.Throttled(wait)
    serializer = serializer_class(data=request.data, context={"user": user})
    try:
        serializer.is_valid(raise_exception=True)
    except serializers.ValidationError:
        if field in serializer.errors:
            login_failed(request, user.username)
        raise
    return serializer


class AccountDeleteView(APIView):
    """Delete the signed-in user's account with all of its data and receipt files, after
    the user typed their own username and their password.

    Every refresh token of the user is revoked; no token of the user works afterwards. A
    wrong `password` counts as a failed sign-in (429 past the limits)."""

    @extend_schema(
        request=AccountDeleteSerializer,
        responses={
            204: OpenApiResponse(
                description=(
                    "The account is deleted with every row it owns (expenses, categories, "
                    "tags, budgets, rules, recurring expenses, import profiles, the audit "
                    "records of its expenses) and every receipt file."
                )
            ),
            400: OpenApiResponse(
                description=(
                    "`username` is not the user's own username (exactly), or `password` is "
                    "not the current password: `{field: [messages]}`. Nothing is deleted."
                )
            ),
            429: OpenApiResponse(
                description="`throttled`: too many failed sign-ins (wrong passwords) from "
                "this address or at this username."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        _password_checked(request, AccountDeleteSerializer, field="password")
        services.user_delete(user=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user's profile."""

    serializer_class = UserSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> User:
        return request_user(self.request)

    def perform_update(self, serializer: BaseSerializer[User]) -> None:
        services.user_update(user=request_user(self.request), data=serializer.validated_data)
