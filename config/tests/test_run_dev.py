"""`manage.py run_dev` as `make dev` runs it: the app finds its API, and the API admits the
app, on whatever ports they were given."""

import httpx

from accounts.management.commands.run_dev import DEMO_PASSWORD, DEMO_USERNAME
from tests.system.deploy import run_dev_on_free_ports


def _browser_sign_in(api_origin: str, app_origin: str) -> httpx.Response:
    """Signs in as the demo user as the app does in a browser (auth/session/)."""
    with httpx.Client(base_url=f"{api_origin}/api/v1/", headers={"Origin": app_origin}) as client:
        preflight = client.options(
            "auth/session/",
            headers={
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-csrftoken",
            },
        )
        if preflight.headers.get("access-control-allow-origin") == app_origin:
            assert preflight.headers["access-control-allow-credentials"] == "true"
        token = client.get("auth/session/csrf/").json()["csrf_token"]
        response = client.post(
            "auth/session/",
            json={"username": DEMO_USERNAME, "password": DEMO_PASSWORD},
            headers={"X-CSRFToken": token},
        )
        if response.status_code == 200:
            assert set(response.json()) == {"access"}
            assert "httponly" in response.headers["set-cookie"].lower()
        return response


def test_custom_ports_give_an_app_that_calls_its_own_api(tmp_path):
    # A deployment's own trusted origin: run_dev adds the app's to it.
    trusted = {"CSRF_TRUSTED_ORIGINS": "https://admin.example.com"}
    with run_dev_on_free_ports(tmp_path, **trusted) as (api_origin, app_origin):
        page = httpx.get(f"{app_origin}/", timeout=10)
        assert f'<meta name="api-base" content="{api_origin}/api/v1">' in page.text
        assert f"connect-src 'self' {api_origin};" in page.headers["content-security-policy"]

        health = httpx.get(f"{api_origin}/api/v1/health/", timeout=10)
        assert health.status_code == 200
        preflight = httpx.options(
            f"{api_origin}/api/v1/auth/token/",
            headers={"Origin": app_origin, "Access-Control-Request-Method": "POST"},
        )
        assert preflight.headers.get("access-control-allow-origin") == app_origin

        # The app signs in to a browser session from its origin: CORS with credentials and
        # the CSRF check admit it on these ports; another origin is refused.
        assert _browser_sign_in(api_origin, app_origin).status_code == 200
        refused = _browser_sign_in(api_origin, "http://127.0.0.1:1")
        assert refused.status_code == 403
        assert "Origin checking failed" in refused.json()["detail"]
