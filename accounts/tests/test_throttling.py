import os
import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.test import APIRequestFactory

from accounts.throttles import AuthIPThrottle, AuthUsernameThrottle
from accounts.views import TokenView

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_token_endpoint_answers_429_with_retry_after(api_client, settings, alice):
    settings.AUTH_THROTTLE_RATE = "3/min"
    for _ in range(3):
        response = api_client.post(
            "/api/v1/auth/token/", {"username": "alice", "password": "wrong-password"}
        )
        assert response.status_code == 401
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "wrong-password"}
    )
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response.headers["Retry-After"]) > 0


def test_register_endpoint_is_throttled_per_address(api_client, settings):
    settings.AUTH_THROTTLE_RATE = "2/min"
    for name in ("u1", "u2"):
        api_client.post("/api/v1/auth/register/", {"username": name, "password": "x"})
    response = api_client.post("/api/v1/auth/register/", {"username": "u3", "password": "x"})
    assert response.status_code == 429


def test_one_username_is_throttled_from_different_addresses(api_client, settings, alice):
    settings.AUTH_THROTTLE_RATE = "2/min"
    for address in ("10.0.0.1", "10.0.0.2"):
        api_client.post(
            "/api/v1/auth/token/",
            {"username": "Alice", "password": "wrong-password"},
            REMOTE_ADDR=address,
        )
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": "alice", "password": "wrong-password"},
        REMOTE_ADDR="10.0.0.3",
    )
    assert response.status_code == 429


def _two_clients(kind: str):
    """Two independent connections to one shared cache, as two worker processes have."""
    if kind == "database":
        return caches.create_connection("default"), caches.create_connection("default")
    prefix = f"throttle-test-{uuid.uuid4().hex}"
    return tuple(RedisCache(REDIS_URL, {"KEY_PREFIX": prefix}) for _ in range(2))


@pytest.mark.parametrize("kind", ["database", "redis"])
def test_workers_with_separate_cache_clients_count_together(settings, kind):
    settings.AUTH_THROTTLE_RATE = "4/min"
    first, second = _two_clients(kind)
    assert first is not second
    factory = APIRequestFactory()
    view = TokenView()
    answers = []
    for attempt in range(5):
        request = view.initialize_request(
            factory.post(
                "/api/v1/auth/token/", {"username": "alice", "password": "x"}, format="json"
            )
        )
        allowed = []
        for throttle_class in (AuthIPThrottle, AuthUsernameThrottle):
            throttle = throttle_class()
            throttle.cache = first if attempt % 2 == 0 else second
            allowed.append(throttle.allow_request(request, view))
        answers.append(all(allowed))
    assert answers == [True, True, True, True, False]


def _sign_in(api_client, username: str, **headers):
    return api_client.post(
        "/api/v1/auth/token/", {"username": username, "password": "wrong-password"}, **headers
    )


def test_rotating_x_forwarded_for_does_not_escape_the_address_limit(api_client, settings, alice):
    settings.AUTH_THROTTLE_RATE = "3/min"
    for attempt in range(3):
        response = _sign_in(
            api_client, f"user{attempt}", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}"
        )
        assert response.status_code == 401
    # A new made-up address and a new username: still the same socket address, still blocked.
    response = _sign_in(api_client, "user9", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


def test_behind_one_proxy_the_last_forwarded_hop_is_the_client(api_client, settings, alice):
    settings.AUTH_THROTTLE_RATE = "2/min"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    # The client writes whatever it likes first; the proxy appends the address it saw.
    for attempt in range(2):
        response = _sign_in(
            api_client,
            f"user{attempt}",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 203.0.113.7",
            **proxy,
        )
        assert response.status_code == 401
    blocked = _sign_in(api_client, "user8", HTTP_X_FORWARDED_FOR="192.0.2.50, 203.0.113.7", **proxy)
    assert blocked.status_code == 429
    # Another client behind the same proxy is counted on its own.
    other = _sign_in(api_client, "user9", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)
    assert other.status_code == 401
