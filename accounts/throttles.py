"""Throttles for the endpoints that take a password.

Counted in the shared cache (database or Redis), so several worker processes and hosts
count together. The rate comes from `AUTH_THROTTLE_RATE` at request time.
"""

import hashlib

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView


class _AuthThrottle(SimpleRateThrottle):
    def get_rate(self) -> str:
        return settings.AUTH_THROTTLE_RATE


class AuthIPThrottle(_AuthThrottle):
    """Counts every attempt from one client address."""

    scope = "auth_ip"

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthUsernameThrottle(_AuthThrottle):
    """Counts every attempt at one username, from any address."""

    scope = "auth_username"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        data = request.data
        username = data.get("username") if hasattr(data, "get") else None
        if not isinstance(username, str) or not username.strip():
            return None
        # Hashed: the name is client input and cache keys must stay short and plain.
        ident = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}
