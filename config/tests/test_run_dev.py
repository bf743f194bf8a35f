"""`manage.py run_dev` as `make dev` runs it: the app finds its API, and the API admits the
app, on whatever ports they were given."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from accounts.management.commands.run_dev import DEMO_PASSWORD, DEMO_USERNAME
from tests.system.deploy import free_port

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"run_dev exited with {process.returncode}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.3)
    pytest.fail(f"nothing answered at {url} within {seconds} s")


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
    api_port, app_port = free_port(), free_port()
    environment = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}",
        "CORS_ALLOWED_ORIGINS": "",
        # A deployment's own trusted origin: run_dev adds the app's to it.
        "CSRF_TRUSTED_ORIGINS": "https://admin.example.com",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "run_dev",
            "--api-port",
            str(api_port),
            "--app-port",
            str(app_port),
        ],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        api_origin = f"http://127.0.0.1:{api_port}"
        app_origin = f"http://127.0.0.1:{app_port}"
        page = _wait_for(f"{app_origin}/", process)
        assert f'<meta name="api-base" content="{api_origin}/api/v1">' in page.text
        assert f"connect-src 'self' {api_origin};" in page.headers["content-security-policy"]

        health = _wait_for(f"{api_origin}/api/v1/health/", process)
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
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
    assert process.returncode == 0
