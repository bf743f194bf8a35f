import os
import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.test import APIRequestFactory

from accounts.models import User
from accounts.throttles import LoginFailureIPThrottle, LoginFailureThrottle, username_key
from accounts.views import TokenView
from conftest import PASSWORD

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


def _token(api_client, username, password="wrong-password", address="10.0.0.1"):
    return api_client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize("value", [4815162342, "4815162342", " 4815162342 ", 4815162342.0])
def test_username_key_reads_any_json_scalar_as_the_serializer_does(value):
    expected = "4815162342.0" if isinstance(value, float) else "4815162342"
    assert username_key(value) == expected


def test_username_key_trims_and_folds_case():
    assert username_key("  ALICE ") == username_key("alice") == "alice"
    assert username_key("Straße") == username_key("STRASSE")
    assert username_key(["alice"]) == username_key(None) == username_key(True) == ""


def test_a_username_sent_as_a_json_number_is_counted_per_username(api_client, settings):
    """Finding 1: `{"username": 4815162342}` used to skip the per-username count."""
    settings.AUTH_THROTTLE_RATE = "100/min"
    settings.AUTH_USERNAME_THROTTLE_RATE = "3/min"
    for value in (4815162342, "4815162342", " 4815162342"):
        assert _token(api_client, value).status_code == 401
    assert _token(api_client, 4815162342).status_code == 429
    assert _token(api_client, "4815162342 ").status_code == 429
    # Another name from the same address is still tried (the address limit is far away).
    assert _token(api_client, "someone-else").status_code == 401


def test_failures_on_a_user_do_not_lock_him_out_from_another_address(api_client, settings, bob):
    """Finding 2: 20 failures on `bob` from one address used to 429 his right password
    from everywhere."""
    settings.AUTH_THROTTLE_RATE = "20/min"
    settings.AUTH_USERNAME_THROTTLE_RATE = "5/min"
    attacker, bobs_phone = "203.0.113.66", "198.51.100.7"
    answers = [_token(api_client, "bob", address=attacker).status_code for _ in range(20)]
    assert answers == [401] * 5 + [429] * 15
    # The attacker's address is blocked even with the right password...
    assert _token(api_client, "bob", PASSWORD, address=attacker).status_code == 429
    # ...but bob signs in from his own address.
    assert _token(api_client, "bob", PASSWORD, address=bobs_phone).status_code == 200
    assert _token(api_client, "BOB", address=bobs_phone).status_code == 401


def test_successful_sign_ins_are_not_counted(api_client, settings, alice):
    settings.AUTH_THROTTLE_RATE = "3/min"
    settings.AUTH_USERNAME_THROTTLE_RATE = "3/min"
    for _ in range(6):
        assert _token(api_client, "alice", PASSWORD).status_code == 200
    assert _token(api_client, "alice").status_code == 401


def test_failures_at_many_usernames_from_one_address_are_limited(api_client, settings, alice):
    """Password spraying: every username is new, the address limit still stops it."""
    settings.AUTH_THROTTLE_RATE = "4/min"
    settings.AUTH_USERNAME_THROTTLE_RATE = "10/min"
    for attempt in range(4):
        assert _token(api_client, f"user{attempt}").status_code == 401
    assert _token(api_client, "alice", PASSWORD).status_code == 429
    assert _token(api_client, "alice", PASSWORD, address="10.0.0.2").status_code == 200


def test_register_counts_every_attempt_including_taken_usernames(api_client, settings, alice):
    """Finding 11 (registration as a username oracle): a "taken" answer is a 400, and every
    attempt, valid or not, counts against the per-address limit, so names cannot be probed
    faster than AUTH_THROTTLE_RATE."""
    settings.AUTH_THROTTLE_RATE = "3/min"
    answers = []
    for body in (
        {"username": "alice", "password": "correct-horse-battery"},
        {"username": "ALICE", "password": "correct-horse-battery"},
        {"username": "not valid!", "password": "x"},
    ):
        response = api_client.post("/api/v1/auth/register/", body, format="json")
        answers.append(response.status_code)
    assert answers == [400, 400, 400]
    # The limit is reached: a taken name and a free one get the same 429, nothing is created.
    for name in ("alice", "carol"):
        response = api_client.post(
            "/api/v1/auth/register/",
            {"username": name, "password": "correct-horse-battery"},
            format="json",
        )
        assert response.status_code == 429
        assert response.json()["code"] == "throttled"
    assert not User.objects.filter(username="carol").exists()
    # Registration attempts do not spend the sign-in allowance of the address.
    assert _token(api_client, "alice", PASSWORD, address="127.0.0.1").status_code == 200


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
    settings.AUTH_USERNAME_THROTTLE_RATE = "4/min"
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
        for throttle_class in (LoginFailureIPThrottle, LoginFailureThrottle):
            throttle = throttle_class()
            throttle.cache = first if attempt % 2 == 0 else second
            allowed.append(throttle.allow_request(request, view))
            # The other worker sees the failure this one counts.
            throttle.cache = second if attempt % 2 == 0 else first
            throttle.record_failure(request, "alice")
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
