"""The browser session (auth/session/...): the refresh token in an HttpOnly cookie scoped to
those endpoints, CSRF-checked writes, rotation, sign-out; the JSON flow stays as it was."""

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

SESSION = "/api/v1/auth/session/"
CSRF = "/api/v1/auth/session/csrf/"
REFRESH = "/api/v1/auth/session/refresh/"
LOGOUT = "/api/v1/auth/session/logout/"
APP_ORIGIN = "http://127.0.0.1:5173"  # in CORS_ALLOWED_ORIGINS, hence CSRF-trusted


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


class Browser:
    """A client that behaves like the app in a browser: real CSRF checks, cookies kept, the
    app's Origin and the csrftoken cookie echoed in X-CSRFToken."""

    def __init__(self, origin: str = APP_ORIGIN) -> None:
        self.client = APIClient(enforce_csrf_checks=True)
        self.origin = origin

    def csrf(self) -> str:
        response = self.client.get(CSRF, HTTP_ORIGIN=self.origin)
        assert response.status_code == 200
        return response.json()["csrf_token"]

    def post(self, path: str, data: dict | None = None, *, token: bool = True, **extra):
        headers = {"HTTP_ORIGIN": self.origin, **extra}
        if token:
            headers["HTTP_X_CSRFTOKEN"] = self.client.cookies["csrftoken"].value
        return self.client.post(path, data or {}, format="json", **headers)

    def sign_in(self, username: str = "alice", password: str = PASSWORD):
        self.csrf()
        return self.post(SESSION, {"username": username, "password": password})

    @property
    def cookie(self):
        return self.client.cookies.get(settings.AUTH_COOKIE_NAME)


def test_sign_in_answers_the_access_token_and_sets_the_refresh_cookie(alice):
    browser = Browser()
    response = browser.sign_in()
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"access"}  # the refresh token is never readable by a script
    cookie = browser.cookie
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/api/v1/auth/session/"
    assert cookie["max-age"] == 7 * 24 * 3600
    token = RefreshToken(cookie.value)
    assert token["user_id"] == str(alice.pk)
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert me.get("/api/v1/auth/me/").json()["username"] == "alice"


def test_the_cookie_is_secure_unless_turned_off(alice, settings):
    settings.AUTH_COOKIE_SECURE = False
    browser = Browser()
    assert browser.sign_in().status_code == 200
    assert browser.cookie["secure"] == ""


def test_csrf_endpoint_sets_the_cookie_and_answers_the_token():
    client = APIClient(enforce_csrf_checks=True)
    response = client.get(CSRF)
    assert response.status_code == 200
    assert response.json()["csrf_token"]
    assert client.cookies["csrftoken"].value
    assert response.headers["Cache-Control"] == "no-store"


def test_the_answered_csrf_token_works_without_reading_the_cookie(alice):
    # A page on another host cannot read the csrftoken cookie; the answered token suffices.
    browser = Browser()
    token = browser.csrf()
    response = browser.post(
        SESSION, {"username": "alice", "password": PASSWORD}, token=False, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("path", [SESSION, REFRESH, LOGOUT])
def test_writes_without_the_csrf_token_are_refused(alice, path):
    browser = Browser()
    browser.sign_in()
    before = browser.cookie.value
    response = browser.post(
        path, {"username": "alice", "password": PASSWORD} if path == SESSION else {}, token=False
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "permission_denied"
    assert body["detail"].startswith("CSRF check failed: CSRF token missing.")
    assert "X-CSRFToken" in body["detail"]
    # Nothing happened: the session is the same and still works.
    assert browser.cookie.value == before
    assert not BlacklistedToken.objects.exists()


def test_a_wrong_csrf_token_is_refused(alice):
    browser = Browser()
    browser.sign_in()
    response = browser.post(REFRESH, token=False, HTTP_X_CSRFTOKEN="x" * 32)
    assert response.status_code == 403
    assert "X-Csrftoken' HTTP header incorrect" in response.json()["detail"]


def test_without_the_csrftoken_cookie_the_write_is_refused(alice):
    client = APIClient(enforce_csrf_checks=True)
    response = client.post(
        SESSION,
        {"username": "alice", "password": PASSWORD},
        format="json",
        HTTP_ORIGIN=APP_ORIGIN,
        HTTP_X_CSRFTOKEN="x" * 32,
    )
    assert response.status_code == 403
    assert "CSRF cookie not set" in response.json()["detail"]


@pytest.mark.parametrize("path", [SESSION, REFRESH, LOGOUT])
def test_an_untrusted_origin_is_refused_even_with_the_token(alice, path):
    browser = Browser()
    browser.sign_in()
    before = browser.cookie.value
    evil = Browser(origin="http://evil.example")
    evil.client = browser.client  # the victim's browser, cookies and all
    response = evil.post(path, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
    assert "Origin checking failed - http://evil.example" in response.json()["detail"]
    assert browser.cookie.value == before


def test_the_api_s_own_origin_and_configured_origins_are_trusted(alice, settings):
    assert Browser(origin="http://testserver").sign_in().status_code == 200
    settings.CSRF_TRUSTED_ORIGINS = ["https://app.example.com"]
    assert Browser(origin="https://app.example.com").sign_in().status_code == 200
    assert Browser(origin=APP_ORIGIN).sign_in().status_code == 403


def test_wrong_password_is_401_and_counts_as_a_failed_sign_in(alice, settings):
    settings.AUTH_USERNAME_THROTTLE_RATE = "2/min"
    browser = Browser()
    for _ in range(2):
        response = browser.sign_in(password="wrong-password")
        assert response.status_code == 401
        assert response.json()["code"] == "no_active_account"
        assert browser.cookie is None
    # The JSON sign-in and the cookie sign-in share the throttle.
    json_login = APIClient().post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert json_login.status_code == 429


def test_refresh_rotates_the_cookie_and_the_old_one_is_refused(alice):
    browser = Browser()
    browser.sign_in()
    old = browser.cookie.value
    response = browser.post(REFRESH)
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"access"}
    new = browser.cookie.value
    assert new != old
    assert browser.cookie["httponly"] is True and browser.cookie["path"] == SESSION
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert me.get("/api/v1/auth/me/").status_code == 200

    # The rotated-out token, replayed (a stolen copy, or a tab that lost the race), is 401;
    # its answer leaves the browser's current cookie alone.
    browser.client.cookies[settings.AUTH_COOKIE_NAME] = old
    replay = browser.post(REFRESH)
    assert replay.status_code == 401
    assert replay.json()["code"] == "token_not_valid"
    assert browser.cookie.value == old  # not deleted by the refusal
    browser.client.cookies[settings.AUTH_COOKIE_NAME] = new
    assert browser.post(REFRESH).status_code == 200


def test_refresh_without_a_session_is_401():
    browser = Browser()
    browser.csrf()
    response = browser.post(REFRESH)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_refresh_with_a_body_token_moves_a_json_session_into_the_cookie(alice):
    pair = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
        .json()
    )
    browser = Browser()
    browser.csrf()
    response = browser.post(REFRESH, {"refresh": pair["refresh"]})
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"access"}
    assert browser.cookie.value != pair["refresh"]
    # The body's token was rotated: it is revoked now.
    json_refresh = APIClient().post(
        "/api/v1/auth/token/refresh/", {"refresh": pair["refresh"]}, format="json"
    )
    assert json_refresh.status_code == 401
    assert browser.post(REFRESH).status_code == 200
    bad = browser.post(REFRESH, {"refresh": ""})
    assert bad.status_code == 400
    assert set(bad.json()) == {"refresh"}


def test_logout_revokes_the_cookie_token_and_clears_the_cookie(alice):
    browser = Browser()
    browser.sign_in()
    token = browser.cookie.value
    response = browser.post(LOGOUT)
    assert response.status_code == 205
    cleared = browser.cookie
    assert cleared.value == "" and cleared["max-age"] == 0 and cleared["path"] == SESSION
    jti = RefreshToken(token, verify=False)["jti"]
    assert BlacklistedToken.objects.filter(token__jti=jti).exists()
    browser.client.cookies[settings.AUTH_COOKIE_NAME] = token
    assert browser.post(REFRESH).status_code == 401
    # Signing out again (another tab, or no cookie at all) is fine.
    assert browser.post(LOGOUT).status_code == 205
    del browser.client.cookies[settings.AUTH_COOKIE_NAME]
    assert browser.post(LOGOUT).status_code == 205


def test_sign_out_everywhere_ends_cookie_sessions_too(alice):
    laptop, phone = Browser(), Browser()
    laptop.sign_in()
    phone_access = phone.sign_in().json()["access"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {phone_access}")
    assert api.post("/api/v1/auth/logout-all/").status_code == 205
    for browser in (laptop, phone):
        assert browser.post(REFRESH).status_code == 401
    assert not OutstandingToken.objects.filter(user=alice, blacklistedtoken__isnull=True).exists()
    # The app then clears this browser's cookie.
    assert phone.post(LOGOUT).status_code == 205
    assert phone.cookie.value == ""


def test_deleting_the_account_ends_its_cookie_session(alice):
    browser = Browser()
    access = browser.sign_in().json()["access"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    response = api.post(
        "/api/v1/auth/delete-account/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 204
    assert browser.post(REFRESH).status_code == 401
    assert browser.post(LOGOUT).status_code == 205
    assert browser.cookie.value == ""


def test_the_cookie_s_token_is_not_a_bearer_token_and_no_other_endpoint_reads_it(alice):
    browser = Browser()
    browser.sign_in()
    # The test client sends every cookie everywhere (a browser would not, given the Path):
    # still, nothing outside auth/session/ takes the cookie as a credential.
    assert browser.client.get("/api/v1/auth/me/").status_code == 401
    assert browser.client.post("/api/v1/auth/token/refresh/", {}, format="json").status_code == 400
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {browser.cookie.value}")
    response = bearer.get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_the_json_flow_needs_no_csrf_token_and_sets_no_cookie(alice):
    client = APIClient(enforce_csrf_checks=True)
    pair = client.post(
        "/api/v1/auth/token/",
        {"username": "alice", "password": PASSWORD},
        format="json",
        HTTP_ORIGIN="http://evil.example",
    )
    assert pair.status_code == 200
    assert set(pair.json()) == {"access", "refresh"}
    assert settings.AUTH_COOKIE_NAME not in client.cookies
    rotated = client.post(
        "/api/v1/auth/token/refresh/", {"refresh": pair.json()["refresh"]}, format="json"
    )
    assert rotated.status_code == 200
    assert set(rotated.json()) == {"access", "refresh"}
    logout = client.post(
        "/api/v1/auth/logout/", {"refresh": rotated.json()["refresh"]}, format="json"
    )
    assert logout.status_code == 205
    assert settings.AUTH_COOKIE_NAME not in client.cookies


def test_cors_admits_credentials_from_the_app_origin_only():
    client = APIClient()
    preflight = client.options(
        REFRESH,
        HTTP_ORIGIN=APP_ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type,x-csrftoken",
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert preflight.headers["Access-Control-Allow-Credentials"] == "true"
    assert "x-csrftoken" in preflight.headers["Access-Control-Allow-Headers"]
    other = client.options(
        REFRESH, HTTP_ORIGIN="http://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "Access-Control-Allow-Origin" not in other.headers
    assert "Access-Control-Allow-Credentials" not in other.headers
