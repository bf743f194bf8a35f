"""Browser sessions: the JSON token flow with the refresh token in a cookie.

The browser app keeps its access token in memory only. Its refresh token lives in an
`HttpOnly` cookie (`AUTH_COOKIE_NAME`) that no script can read, marked `Secure` and
`SameSite=Strict`, with `Path` set to these endpoints so the browser sends it nowhere else:
every tab of the browser shares the session and a reload keeps it. Nothing but these views
reads the cookie; API clients keep using `auth/token/` and friends with JSON tokens.

A cookie is sent by the browser on its own, so every POST here passes Django's CSRF check
(the one DRF's `SessionAuthentication` makes): a trusted `Origin` (`CSRF_TRUSTED_ORIGINS`,
or the API's own) and the `csrftoken` cookie echoed in an `X-CSRFToken` header.
"""

import contextlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import CSRFCheck
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import services
from accounts.views import TokenView

CSRF_HELP = (
    "Get a token from auth/session/csrf/ and send it as the X-CSRFToken header, from the "
    "app's own origin."
)

AccessSerializer = inline_serializer("SessionAccess", {"access": serializers.CharField()})

_CSRF_REFUSED = OpenApiResponse(
    description=(
        "`permission_denied`: the CSRF check failed (a missing or wrong X-CSRFToken header, "
        "no csrftoken cookie, or an Origin that is not trusted)."
    )
)


def _cookie_path() -> str:
    # The prefix of every session endpoint (`/api/v1/auth/session/`): the only place the
    # browser sends the cookie to.
    return reverse("auth-session")


def refresh_cookie_set(response: HttpResponse, refresh: str) -> None:
    response.set_cookie(
        settings.AUTH_COOKIE_NAME,
        refresh,
        max_age=int(jwt_settings.REFRESH_TOKEN_LIFETIME.total_seconds()),
        path=_cookie_path(),
        secure=settings.AUTH_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def refresh_cookie_clear(response: HttpResponse) -> None:
    response.delete_cookie(settings.AUTH_COOKIE_NAME, path=_cookie_path(), samesite="Strict")


def _csrf_check(request: HttpRequest) -> None:
    """Django's CSRF check, as DRF's SessionAuthentication runs it (DRF views are otherwise
    exempt). A refusal is a 403 that says why."""

    def no_response(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
        raise AssertionError

    # A new middleware instance per request: it caches the trusted origins it read.
    check = CSRFCheck(no_response)
    check.process_request(request)  # reads the csrftoken cookie
    reason = check.process_view(request, no_response, (), {})
    if reason:
        raise exceptions.PermissionDenied(f"CSRF check failed: {reason} {CSRF_HELP}")


class _SessionView(APIView):
    """No authentication (the cookie is the credential) and the CSRF check on writes, made
    before anything else (throttles included), so a forged request counts for nothing."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def initial(self, request: Request, *args, **kwargs) -> None:
        _csrf_check(request._request)
        super().initial(request, *args, **kwargs)


class _RefusesWith401:
    """For the views that check a credential (a password, the cookie's token): a refusal is a
    401, as on the JSON token views (DRF answers 403 when a view names no authenticator)."""

    def get_authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class SessionCsrfView(_SessionView):
    """The CSRF token the session endpoints want (also set as the `csrftoken` cookie).

    A page on the API's own host can read the cookie instead; one served from another host
    cannot, and asks here."""

    @extend_schema(
        responses={200: inline_serializer("SessionCsrf", {"csrf_token": serializers.CharField()})},
    )
    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})


class SessionView(_RefusesWith401, _SessionView, TokenView):  # type: ignore[misc]  # both say AllowAny, no auth
    """Sign in for the browser: like `auth/token/` (same throttles on failed attempts), but
    the refresh token is set as the session cookie and only the access token is answered."""

    serializer_class = TokenObtainPairSerializer

    @extend_schema(
        request=TokenObtainPairSerializer,
        responses={
            200: OpenApiResponse(
                AccessSerializer,
                description="Signed in; the refresh token is in the HttpOnly session cookie.",
            ),
            401: OpenApiResponse(description="`no_active_account`: wrong username or password."),
            403: _CSRF_REFUSED,
            429: OpenApiResponse(description="`throttled`: too many failed sign-ins."),
        },
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        response = super().post(request, *args, **kwargs)
        refresh = response.data.pop("refresh")
        refresh_cookie_set(response, refresh)
        return response


class SessionRefreshView(_RefusesWith401, _SessionView):
    """A new access token for the session cookie's refresh token, which is rotated: the old
    one is revoked and the cookie holds its successor. Of concurrent refreshes of one cookie
    exactly one succeeds (a browser's tabs take turns).

    With a body `{refresh}` the JSON flow's refresh token (the pair a password change
    answers) is rotated instead, its successor going into the cookie: how the app keeps its
    browser session after changing the password."""

    @extend_schema(
        request=inline_serializer(
            "SessionRefresh", {"refresh": serializers.CharField(required=False)}
        ),
        responses={
            200: OpenApiResponse(
                AccessSerializer, description="A new access token; the cookie is rotated."
            ),
            401: OpenApiResponse(
                description=(
                    "`not_authenticated`: no session cookie. `token_not_valid`: the refresh "
                    "token is expired, revoked or not a token. `password_changed`: the "
                    "password changed since it was issued."
                )
            ),
            403: _CSRF_REFUSED,
        },
    )
    def post(self, request: Request) -> Response:
        token = self._given_token(request)
        try:
            refresh = services.refresh_token_rotate(token=token)
        except TokenError as exc:
            # The cookie stays: a tab that lost the race to another tab's refresh must not
            # delete the successor the winner just received.
            raise InvalidToken(exc.args[0]) from exc
        response = Response({"access": str(refresh.access_token)})
        refresh_cookie_set(response, str(refresh))
        return response

    @staticmethod
    def _given_token(request: Request) -> str:
        data = request.data if isinstance(request.data, dict) else {}
        if "refresh" in data:
            if not isinstance(data["refresh"], str) or not data["refresh"]:
                raise exceptions.ValidationError({"refresh": ["Give a refresh token."]})
            return data["refresh"]
        token = request.COOKIES.get(settings.AUTH_COOKIE_NAME)
        if not token:
            raise exceptions.NotAuthenticated("You are not signed in in this browser.")
        return token


class SessionLogoutView(_SessionView):
    """End the browser session: the cookie's refresh token is revoked and the cookie
    cleared. Always succeeds, also without a cookie or with a token already revoked (after
    "sign out everywhere" or deleting the account this clears the cookie)."""

    @extend_schema(
        request=None,
        responses={
            205: OpenApiResponse(description="Signed out; the cookie is cleared."),
            403: _CSRF_REFUSED,
        },
    )
    def post(self, request: Request) -> Response:
        token = request.COOKIES.get(settings.AUTH_COOKIE_NAME)
        if token:
            # Expired, revoked or garbage: nothing is left to revoke.
            with contextlib.suppress(TokenError):
                RefreshToken(token).blacklist()  # type: ignore[arg-type]
        response = Response(status=status.HTTP_205_RESET_CONTENT)
        refresh_cookie_clear(response)
        return response
