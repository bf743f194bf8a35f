"""Throttles for the endpoints that take a password.

Counted in the shared cache (database or Redis), so several worker processes and hosts
count together. The rates are read from the settings at request time.

Signing in (the API's `auth/token/`, the Django admin's login, a wrong old password on
`auth/password/`) counts FAILED attempts only, two ways:

- per client address (`AUTH_THROTTLE_RATE`): bounds password spraying from one address;
- per (username, client address) (`AUTH_USERNAME_THROTTLE_RATE`): bounds guessing one
  account's password from one address.

There is deliberately no limit per username from every address: anyone could then lock a
user out by failing on purpose (OWASP, credential stuffing). A user signing in from another
address is never blocked by someone else's failures, and successful sign-ins count nowhere.

The check happens before the password is tested and a failure is counted after it, so
concurrent requests may overshoot a limit by at most the number of requests in flight.

Registration counts EVERY attempt per client address (`AUTH_THROTTLE_RATE`), before the
body is even read, so a "username taken" answer cannot be used to enumerate accounts faster
than that.
"""

import hashlib
import unicodedata
from typing import cast

from django.conf import settings
from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView


def username_key(value: object) -> str:
    """The form of a submitted username that throttles count by: any JSON scalar as text
    (`4815162342` and `"4815162342"` are one name, as the serializer makes them), trimmed,
    Unicode-normalized and case-folded. Anything else (a list, an object, nothing) is `""`,
    which is still counted for its address."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().casefold()


def _hashed(text: str) -> str:
    # Hashed: part of it is client input and cache keys must stay short and plain.
    return hashlib.sha256(text.encode()).hexdigest()


def submitted_username(request: Request | HttpRequest) -> object:
    """The `username` of a request's body, whatever its JSON type; None if there is none."""
    data = request.data if isinstance(request, Request) else request.POST
    return data.get("username") if hasattr(data, "get") else None


class AuthIPThrottle(SimpleRateThrottle):
    """Counts every attempt from one client address (registration)."""

    scope = "auth_ip"

    def get_rate(self) -> str:
        return settings.AUTH_THROTTLE_RATE

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class _FailureThrottle(SimpleRateThrottle):
    """Looks at the failures counted so far (`allow_request` does not count the request
    itself); `record_failure` counts one."""

    num_requests: int  # set by SimpleRateThrottle from the rate
    duration: int

    def client_ident(self, request: Request | HttpRequest) -> str:
        # get_ident reads only `META` (and NUM_PROXIES), which a plain HttpRequest has too.
        return self.get_ident(cast(Request, request))

    def key_for(self, request: Request | HttpRequest, username: str) -> str:
        raise NotImplementedError

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.key_for(request, username_key(submitted_username(request)))

    def _history_of(self, key: str) -> list[float]:
        self.now = self.timer()
        history = self.cache.get(key, [])
        while history and history[-1] <= self.now - self.duration:
            history.pop()
        return history

    def allows(self, request: Request | HttpRequest, username: str) -> bool:
        self.key = self.key_for(request, username)
        self.history = self._history_of(self.key)
        return len(self.history) < self.num_requests

    def allow_request(self, request: Request, view: APIView) -> bool:
        return self.allows(request, username_key(submitted_username(request)))

    def record_failure(self, request: Request | HttpRequest, username: str) -> None:
        key = self.key_for(request, username)
        history = self._history_of(key)
        history.insert(0, self.now)
        self.cache.set(key, history, self.duration)


class LoginFailureIPThrottle(_FailureThrottle):
    """Failed sign-ins from one client address, at any usernames."""

    scope = "login_failure_ip"

    def get_rate(self) -> str:
        return settings.AUTH_THROTTLE_RATE

    def key_for(self, request: Request | HttpRequest, username: str) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.client_ident(request)}


class LoginFailureThrottle(_FailureThrottle):
    """Failed sign-ins at one username from one client address."""

    scope = "login_failure"

    def get_rate(self) -> str:
        return settings.AUTH_USERNAME_THROTTLE_RATE

    def key_for(self, request: Request | HttpRequest, username: str) -> str:
        ident = _hashed(f"{self.client_ident(request)}\0{username}")
        return self.cache_format % {"scope": self.scope, "ident": ident}


LOGIN_THROTTLES: tuple[type[_FailureThrottle], ...] = (
    LoginFailureIPThrottle,
    LoginFailureThrottle,
)


def login_wait(request: Request | HttpRequest, username: object) -> float | None:
    """None if a sign-in at `username` from this request's address may be tried now;
    otherwise the seconds to wait."""
    key = username_key(username)
    waits = []
    for throttle_class in LOGIN_THROTTLES:
        throttle = throttle_class()
        if not throttle.allows(request, key):
            waits.append(throttle.wait() or 0)
    return max(waits) if waits else None


def login_failed(request: Request | HttpRequest, username: object) -> None:
    """Count one failed sign-in at `username` from this request's address."""
    key = username_key(username)
    for throttle_class in LOGIN_THROTTLES:
        throttle_class().record_failure(request, key)
