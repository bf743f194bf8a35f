"""JWT authentication that runs the request hooks (`accounts.hooks`) once the user is known."""

import logging
from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.tokens import Token

from accounts.hooks import user_request_annotations, user_request_hooks_run
from accounts.models import User

logger = logging.getLogger(__name__)


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

    hooks_off = False
    """Set when the hooks' conditions could not be built: the request goes on without them."""

    def get_user(self, validated_token: Token) -> Any:
        try:
            annotations = user_request_annotations()
            # An instance per request (DRF builds the authenticators for each one).
            users = _AnnotatedUsers(annotations) if annotations else None
        except Exception:
            # A broken hook must not make every authenticated request fail: no hook runs.
            logger.exception("The request hooks' conditions could not be built; hooks skipped")
            self.hooks_off, users = True, None
        if users is not None:
            self.user_model = users  # type: ignore[assignment]
        return super().get_user(validated_token)

    def authenticate(self, request: Request) -> tuple[Any, Token] | None:
        found = super().authenticate(request)
        if found is not None and isinstance(found[0], User) and not self.hooks_off:
            user_request_hooks_run(found[0])
        return found


class HookedJWTScheme(SimpleJWTScheme):
    """The OpenAPI security scheme of `HookedJWTAuthentication`: simplejwt's own (bearer)."""

    target_class = "accounts.authentication.HookedJWTAuthentication"
