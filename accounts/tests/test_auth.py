from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import UserFactory
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def obtain_tokens(client, username: str, password: str = PASSWORD) -> dict:
    response = client.post("/api/v1/auth/token/", {"username": username, "password": password})
    assert response.status_code == 200, response.content
    return response.json()


def test_register_creates_user_with_user_role(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {"username": "carol", "password": "correct-horse-battery", "email": "c@example.com"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "carol"
    assert body["roles"] == ["User"]
    assert body["default_currency"] == "INR"
    assert "password" not in body
    user = User.objects.get(username="carol")
    assert user.check_password("correct-horse-battery")
    assert list(user.groups.values_list("name", flat=True)) == ["User"]


def test_register_rejects_a_weak_password_and_writes_nothing(api_client):
    response = api_client.post("/api/v1/auth/register/", {"username": "carol", "password": "123"})
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="carol").exists()


def test_register_rejects_a_taken_username_in_any_case(api_client, alice):
    response = api_client.post(
        "/api/v1/auth/register/", {"username": "ALICE", "password": "correct-horse-battery"}
    )
    assert response.status_code == 400
    assert "username" in response.json()


def test_register_requires_username_and_password(api_client):
    response = api_client.post("/api/v1/auth/register/", {})
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_register_is_refused_when_registration_is_closed(api_client, settings):
    settings.ALLOW_REGISTRATION = False
    response = api_client.post(
        "/api/v1/auth/register/", {"username": "carol", "password": "correct-horse-battery"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "registration_closed"
    assert not User.objects.filter(username="carol").exists()


def test_token_gives_access_that_opens_me(api_client, alice):
    tokens = obtain_tokens(api_client, "alice")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    response = api_client.get("/api/v1/auth/me/")
    assert response.status_code == 200
    assert response.json() == {
        "id": alice.id,
        "username": "alice",
        "email": "alice@example.com",
        "roles": ["User"],
        "default_currency": "INR",
    }


def test_a_factory_made_user_signs_in_with_the_test_password_and_has_the_user_role(api_client):
    user = UserFactory(default_currency="EUR")
    tokens = obtain_tokens(api_client, user.username)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    body = api_client.get("/api/v1/auth/me/").json()
    assert (body["username"], body["roles"], body["default_currency"]) == (
        user.username,
        ["User"],
        "EUR",
    )


def test_token_with_a_wrong_password_is_401(api_client, alice):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "wrong-password"}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "no_active_account"


def test_refresh_rotates_and_the_old_refresh_token_stops_working(api_client, alice):
    tokens = obtain_tokens(api_client, "alice")
    first = api_client.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]})
    assert first.status_code == 200
    rotated = first.json()
    assert set(rotated) == {"access", "refresh"}
    assert rotated["refresh"] != tokens["refresh"]

    again = api_client.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]})
    assert again.status_code == 401
    assert again.json()["code"] == "token_not_valid"

    newer = api_client.post("/api/v1/auth/token/refresh/", {"refresh": rotated["refresh"]})
    assert newer.status_code == 200


def test_logout_revokes_the_refresh_token(api_client, alice):
    tokens = obtain_tokens(api_client, "alice")
    response = api_client.post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]})
    assert response.status_code == 205
    refresh = api_client.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]})
    assert refresh.status_code == 401


def test_logout_with_a_garbage_token_is_401(api_client):
    response = api_client.post("/api/v1/auth/logout/", {"refresh": "not-a-token"})
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_logout_without_a_token_is_400_naming_refresh(api_client):
    response = api_client.post("/api/v1/auth/logout/", {})
    assert response.status_code == 400
    assert "refresh" in response.json()


def test_me_without_credentials_is_401(api_client):
    response = api_client.get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_me_with_a_malformed_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.jwt")
    response = api_client.get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_access_token_expires_after_its_lifetime(api_client, alice, settings):
    tokens = obtain_tokens(api_client, "alice")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api_client.get("/api/v1/auth/me/").status_code == 200
    lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"]
    assert lifetime == timedelta(minutes=15)
    with time_machine.travel(timezone.now() + lifetime + timedelta(seconds=5)):
        response = api_client.get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_me_patch_changes_currency_and_email(alice_client, alice):
    response = alice_client.patch(
        "/api/v1/auth/me/", {"default_currency": "eur", "email": "new@example.com"}
    )
    assert response.status_code == 200
    assert response.json()["default_currency"] == "EUR"
    alice.refresh_from_db()
    assert (alice.default_currency, alice.email) == ("EUR", "new@example.com")


@pytest.mark.parametrize("value", ["XYZ", "EURO", "", "12"])
def test_me_patch_rejects_a_currency_that_is_not_iso_4217(alice_client, alice, value):
    response = alice_client.patch("/api/v1/auth/me/", {"default_currency": value})
    assert response.status_code == 400
    assert "default_currency" in response.json()
    alice.refresh_from_db()
    assert alice.default_currency == "INR"


def test_me_patch_cannot_change_username_or_roles(alice_client, alice):
    response = alice_client.patch("/api/v1/auth/me/", {"username": "mallory", "roles": ["Admin"]})
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.username == "alice"
    assert list(alice.groups.values_list("name", flat=True)) == ["User"]


def test_me_put_is_not_allowed(alice_client):
    response = alice_client.put("/api/v1/auth/me/", {"email": "x@example.com"})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_admin_role_shows_in_me(make_user, api_client_for):
    root = make_user("root", admin=True)
    response = api_client_for(root).get("/api/v1/auth/me/")
    assert response.json()["roles"] == ["Admin", "User"]
