"""Issue 14, bug 11 in headless Chromium: `make dev DEV_ARGS="--api-port A --app-port B"`
gives an app that finds its API, and an API that admits its app, on those ports, with no
URL parameter."""

import pytest
from playwright.sync_api import expect

from accounts.management.commands.run_dev import DEMO_PASSWORD, DEMO_USERNAME
from tests.browser.conftest import TIMEOUT_MS
from tests.system.deploy import run_dev_on_free_ports

pytestmark = pytest.mark.browser


def test_the_demo_account_signs_in_and_stays_signed_in_on_custom_ports(browser, tmp_path):
    with run_dev_on_free_ports(tmp_path) as (api_origin, app_origin):
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        tab = context.new_page()
        problems: list[str] = []
        tab.on("pageerror", lambda error: problems.append(str(error)))
        tab.on(
            "console",
            lambda message: problems.append(message.text) if message.type == "error" else None,
        )
        asked: list[str] = []
        tab.on("request", lambda request: asked.append(request.url))

        tab.goto(f"{app_origin}/#/login")
        tab.get_by_label("Username").fill(DEMO_USERNAME)
        tab.get_by_label("Password").fill(DEMO_PASSWORD)
        tab.get_by_role("button", name="Sign in").click()

        # The demo account's own data, fetched from the API on its custom port.
        recent = tab.get_by_role("region", name="Recent expenses")
        expect(tab.get_by_role("heading", name="Recent expenses")).to_be_visible()
        expect(recent.get_by_role("listitem").first).to_be_visible()
        api_calls = [url for url in asked if "/api/v1/" in url]
        assert api_calls, "the app made no API request"
        assert all(url.startswith(f"{api_origin}/api/v1/") for url in api_calls), api_calls

        # The session (the refresh cookie the API set for the app's origin) reaches a new tab.
        second = context.new_page()
        second.goto(f"{app_origin}/#/expenses")
        expect(second.get_by_role("heading", level=1)).to_have_text("Expenses")
        expect(second.get_by_role("button", name="Sign in")).to_have_count(0)
        context.close()
    assert problems == [], f"errors in the page: {problems}"
