"""Unknown API routes answer the JSON 404 whatever the method (never Django's HTML CSRF page),
and API answers are never stored by a cache (`Cache-Control: no-store`)."""

import json

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from config.exceptions import csrf_failure
from config.middleware import ApiNoStoreMiddleware
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found.", "code": "not_found"}


@pytest.fixture
def csrf_client() -> APIClient:
    """Checks CSRF as a browser request (session cookie, no token) would be checked."""
    return APIClient(enforce_csrf_checks=True)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/nope", "/api/nope/", "/api/v2/x/y"])
def test_unknown_api_route_is_json_404_for_every_method(csrf_client, method, path):
    response = getattr(csrf_client, method)(path, {"a": 1}, format="json")
    assert response.status_code == 404, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == NOT_FOUND


def test_unknown_api_route_is_json_404_with_a_session_cookie(csrf_client, alice):
    csrf_client.force_login(alice)
    response = csrf_client.post("/api/v1/nope/", {"a": 1}, format="json")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_a_csrf_failure_under_api_is_json_403():
    """The session-authenticated API (the browsable one, the admin's session) still checks
    CSRF; the refusal is JSON like every other API error."""
    request = RequestFactory().post("/api/v1/expenses/")
    response = csrf_failure(request, reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert json.loads(response.content)["code"] == "permission_denied"
    other = csrf_failure(RequestFactory().post("/admin/login/"), reason="CSRF cookie not set.")
    assert other.status_code == 403
    assert other["Content-Type"].startswith("text/html")


def test_admin_still_checks_csrf():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/expenses/",
        "/api/v1/categories/",
        "/api/v1/reports/summary/?start=2026-01-01&end=2026-01-31",
        "/api/v1/reports/trends/?month=2026-01",
        "/api/v1/auth/me/",
        "/api/v1/export/expenses.csv",
        "/api/v1/nope/",
    ],
)
def test_api_answers_are_not_stored(alice_client, alice, path):
    ExpenseFactory(owner=alice)
    response = alice_client.get(path)
    assert response.status_code in {200, 404}, (path, response.status_code)
    assert "no-store" in response["Cache-Control"]


def test_unauthenticated_and_error_answers_are_not_stored(api_client):
    response = api_client.get("/api/v1/expenses/")
    assert response.status_code == 401
    assert "no-store" in response["Cache-Control"]


def test_a_view_that_sets_its_own_cache_control_keeps_it(alice_client, alice):
    from expenses.tests.receipts import png, upload

    expense = ExpenseFactory(owner=alice)
    assert upload(alice_client, expense, "r.png", png()).status_code == 200
    response = alice_client.get(f"/api/v1/expenses/{expense.id}/receipt/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_pages_outside_the_api_are_left_alone():
    middleware = ApiNoStoreMiddleware(lambda request: HttpResponse("page"))
    assert not middleware(RequestFactory().get("/admin/")).has_header("Cache-Control")
    assert middleware(RequestFactory().get("/api/v1/x/"))["Cache-Control"] == "no-store"
