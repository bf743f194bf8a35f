import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_unknown_api_route_is_json_404(api_client):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_wrong_method_is_json_405(api_client):
    response = api_client.get("/api/v1/auth/token/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_malformed_json_is_400(api_client):
    response = api_client.post(
        "/api/v1/auth/token/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_unsupported_media_type_is_json_415(api_client):
    response = api_client.post(
        "/api/v1/auth/register/", data="username=x", content_type="text/plain"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_forbidden_is_json_403(api_client, settings):
    settings.ALLOW_REGISTRATION = False
    response = api_client.post("/api/v1/auth/register/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "code"}


@pytest.mark.urls("config.tests.error_views")
def test_domain_conflict_is_409_with_code_and_extra_fields(alice_client):
    response = alice_client.get("/api/test/conflict/")
    assert response.status_code == 409
    assert response.json() == {"detail": "That name is taken.", "code": "conflict", "count": 3}


@pytest.mark.urls("config.tests.error_views")
def test_domain_error_can_answer_503(alice_client):
    response = alice_client.get("/api/test/unavailable/")
    assert response.status_code == 503
    assert response.json() == {"detail": "The service is unavailable.", "code": "unavailable"}


@pytest.mark.urls("config.tests.error_views")
def test_unexpected_failure_is_json_500_without_traceback(alice):
    from rest_framework_simplejwt.tokens import RefreshToken

    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(alice).access_token}")
    response = client.get("/api/test/bug/")
    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred.", "code": "server_error"}
    assert b"secret internals" not in response.content
