"""Fixtures for the browser tests: the real API (live_server), the static app served from
`frontend/` on a port of its own, and a headless Chromium driven by Playwright."""

import shutil
from collections.abc import Callable, Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def static_server(live_server) -> Iterator[str]:
    """The browser app, served as `make dev` serves it (`config.appserver`), its pages pointed
    at the live API."""
    from urllib.parse import urlsplit

    from config.appserver import app_server, serving

    api_port = urlsplit(live_server.url).port
    with serving(app_server("127.0.0.1", 0, api_port=api_port)) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright import sync_api

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    # Started per test: Playwright's sync API runs an event loop in this thread while it is
    # open, and no other test should run with that loop alive.
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def app_url(live_server, static_server, settings, monkeypatch) -> str:
    """The app's address; the live API admits its origin."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.CORS_ALLOWED_ORIGINS = [static_server]
    # The session endpoints' CSRF check admits the app's origin, as run_dev's does.
    settings.CSRF_TRUSTED_ORIGINS = [static_server]
    settings.AUTH_THROTTLE_RATE = "1000/min"
    # The test body reads the database while Playwright's event loop is open in this thread;
    # the queries themselves are synchronous, so Django's async guard does not apply.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return f"{static_server}/"


@pytest.fixture
def page(browser, app_url) -> Iterator[object]:
    """A fresh browser tab on the app; fails the test on any uncaught JavaScript error."""
    from django.conf import settings

    # The browser's "today" and "this month" are the server's, even around midnight.
    context = browser.new_context(
        locale="en-US",
        timezone_id=settings.TIME_ZONE,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    # Whatever the Content-Security-Policy blocks is a bug in the app (or an attack).
    tab.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    tab.goto(app_url)
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors in the page: {errors}"


@pytest.fixture
def sign_in(page) -> Callable[[str, str], None]:
    """Signs in through the form and waits for the dashboard to load."""
    from playwright.sync_api import expect

    def do(username: str, password: str) -> None:
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(username)
        # The dashboard has loaded its data: no request of it is still in flight.
        expect(page.get_by_role("heading", name="Recent expenses")).to_be_visible()

    return do


@pytest.fixture(scope="session", autouse=True)
def _release_live_server_connections(django_db_setup, django_db_blocker) -> Iterator[None]:
    """After the last browser test, end database sessions that live-server threads left
    open, so PostgreSQL lets the test database be dropped (set up after the database, so
    torn down before it)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()
