"""Password change, sign out everywhere, and refresh-token rotation under concurrency."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-password-77"


def sign_in(username: str = "alice", password: str = PASSWORD) -> dict:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def client_with(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def refresh(token: str):
    return APIClient().post("/api/v1/auth/token/refresh/", {"refresh": token}, format="json")


def change_password(client: APIClient, old: str = PASSWORD, new: str = NEW_PASSWORD):
    return client.post(
        "/api/v1/auth/password/", {"old_password": old, "new_password": new}, format="json"
    )


def test_password_change_revokes_every_refresh_and_access_token(alice):
    """Finding 3: tokens used to survive a password change."""
    laptop, phone = sign_in(), sign_in()
    response = change_password(client_with(laptop["access"]))
    assert response.status_code == 200, response.content
    fresh = response.json()
    assert set(fresh) == {"access", "refresh"}
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)

    for device in (laptop, phone):
        me = client_with(device["access"]).get("/api/v1/auth/me/")
        assert me.status_code == 401
        assert me.json()["code"] == "password_changed"
        assert "password has been changed" in me.json()["detail"]
        assert refresh(device["refresh"]).status_code == 401
    # The pair answered to the client that changed the password works, and so does the
    # new password.
    assert client_with(fresh["access"]).get("/api/v1/auth/me/").status_code == 200
    assert refresh(fresh["refresh"]).status_code == 200
    sign_in(password=NEW_PASSWORD)


def test_password_change_with_a_wrong_old_password_is_400_on_old_password(alice):
    client = client_with(sign_in()["access"])
    response = change_password(client, old="not-my-password")
    assert response.status_code == 400
    assert set(response.json()) == {"old_password"}
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize("new", ["123", "alice", "password"])
def test_password_change_applies_the_password_validators(alice, new):
    response = change_password(client_with(sign_in()["access"]), new=new)
    assert response.status_code == 400
    assert set(response.json()) == {"new_password"}
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_password_change_requires_both_fields_and_a_token(alice):
    response = client_with(sign_in()["access"]).post("/api/v1/auth/password/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"old_password", "new_password"}
    assert change_password(APIClient()).status_code == 401


def test_wrong_old_passwords_are_throttled_like_sign_ins(alice, settings):
    settings.AUTH_USERNAME_THROTTLE_RATE = "3/min"
    client = client_with(sign_in()["access"])
    answers = [change_password(client, old="guess").status_code for _ in range(4)]
    assert answers == [400, 400, 400, 429]
    # Not even the right old password is tried meanwhile.
    assert change_password(client).status_code == 429


def test_logout_all_revokes_every_refresh_token_of_the_user_only(alice, bob):
    """Finding 3: "sign out everywhere"."""
    laptop, phone = sign_in(), sign_in()
    bobs = sign_in("bob")
    response = client_with(laptop["access"]).post("/api/v1/auth/logout-all/")
    assert response.status_code == 205
    assert refresh(laptop["refresh"]).status_code == 401
    assert refresh(phone["refresh"]).status_code == 401
    assert refresh(bobs["refresh"]).status_code == 200
    assert APIClient().post("/api/v1/auth/logout-all/").status_code == 401


def test_logout_all_twice_is_fine(alice):
    client = client_with(sign_in()["access"])
    assert client.post("/api/v1/auth/logout-all/").status_code == 205
    assert client.post("/api/v1/auth/logout-all/").status_code == 205


def test_an_access_token_without_the_password_claim_is_refused(alice):
    """Tokens issued before CHECK_REVOKE_TOKEN was on carry no password claim."""
    access = RefreshToken.for_user(alice).access_token
    del access["hash_password"]
    response = client_with(str(access)).get("/api/v1/auth/me/")
    assert response.status_code == 401


def test_refresh_of_an_unknown_or_garbage_token_is_401(alice):
    token = RefreshToken.for_user(alice)
    OutstandingToken.objects.filter(jti=token["jti"]).delete()
    assert refresh(str(token)).json()["code"] == "token_not_valid"
    response = refresh("not-a-token")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
    assert refresh(str(token.access_token)).status_code == 401


def test_refresh_of_an_inactive_users_token_is_401(alice):
    token = RefreshToken.for_user(alice)
    alice.is_active = False
    alice.save()
    assert refresh(str(token)).status_code == 401


def _refresh_in_thread(token: str, start: threading.Barrier, answers: list[int]) -> None:
    try:
        start.wait()
        answers.append(refresh(token).status_code)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_refreshes_of_one_token_succeed_once(alice):
    """Finding 4: 8 concurrent refreshes of one token used to give two 200s."""
    for trial in range(3):
        token = str(RefreshToken.for_user(alice))
        start = threading.Barrier(8)
        answers: list[int] = []
        threads = [
            threading.Thread(target=_refresh_in_thread, args=(token, start, answers))
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(answers) == [200] + [401] * 7, (trial, answers)
    assert BlacklistedToken.objects.count() == 3
