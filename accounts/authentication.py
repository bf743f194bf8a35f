"""JWT authentication that runs the request hooks (`accounts.hooks`) once the user is known."""

from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.tokens import Token

from accounts.hooks import user_request_annotations, user_request_hooks_run
from accounts.models import User


class _AnnotatedUsers:
    """What simplejwt's `get_user` reads as `user_model`: the user query, carrying the
    hooks' conditions (so it keeps its own checks: inactive user, changed password)."""

    def __init__(self, annotations: dict[str, Any]) -> None:
        self.objects = User.objects.annotate(**annotations)
        self.DoesNotExist = User.DoesNotExist


class HookedJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication; once it succeeds the request hooks run for the user (for
    example, due recurring expenses are created before the view reads the user's data).
    The hooks' conditions are part of the one query that fetches the user."""

    def get_user(self, validated_token: Token) -> Any:
        annotations = user_request_annotations()
        if annotations:
            # An instance per request (DRF builds the authenticators for each one).
            self.user_model = _AnnotatedUsers(annotations)  # type: ignore[assignment]
        return super().get_user(validated_token)

    def authenticate(self, request: Request) -> tuple[Any, Token] | None:
        found = super().authenticate(request)
        if found is not None and isinstance(found[0], User):
            user_request_hooks_run(found[0])
        return found


class HookedJWTScheme(SimpleJWTScheme):
    """The OpenAPI security scheme of `HookedJWTAuthentication`: simplejwt's own (bearer)."""

    target_class = "accounts.authentication.HookedJWTAuthentication"
