"""Sessions that survive a new tab (issue 14): one sign-in serves every tab of the browser and
survives a reload; the refresh token is an HttpOnly cookie, never in storage; signing out in
one tab signs out the others; tabs refreshing at once do not sign each other out."""

import threading

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts import services
from conftest import PASSWORD
from tests.browser.conftest import TIMEOUT_MS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def expect_signed_in(tab, username: str = "alice") -> None:
    expect(tab.get_by_role("heading", level=1)).to_contain_text(username)
    expect(tab.get_by_role("button", name="Sign out", exact=True)).to_be_visible()


def expect_sign_in_page(tab) -> None:
    expect(tab.get_by_role("button", name="Sign in")).to_be_visible()
    expect(tab.get_by_role("button", name="Sign out", exact=True)).to_be_hidden()


def new_tab(page, url: str):
    """Another tab of the same browser (the same context: cookies and storage shared)."""
    tab = page.context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(url)
    return tab, errors


def storage_of(tab) -> str:
    return tab.evaluate(
        "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    )


def test_a_reload_keeps_the_user_signed_in_with_no_token_in_storage(
    page, app_url, make_user, sign_in
):
    make_user("alice")
    # An earlier version's refresh token in sessionStorage is removed on load.
    page.evaluate("() => sessionStorage.setItem('set.refreshToken', 'old')")
    sign_in("alice", PASSWORD)

    page.reload()
    expect_signed_in(page)
    expect(page.get_by_role("heading", name="Recent expenses")).to_be_visible()

    stored = storage_of(page)
    assert "set.refreshToken" not in stored
    assert "eyJ" not in stored  # no JWT anywhere in localStorage or sessionStorage
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    session = cookies[settings.AUTH_COOKIE_NAME]
    assert session["httpOnly"] is True
    assert session["secure"] is True  # Chromium takes a Secure cookie from http://127.0.0.1
    assert session["sameSite"] == "Strict"
    assert session["path"] == "/api/v1/auth/session/"
    # No script can read it.
    assert settings.AUTH_COOKIE_NAME not in page.evaluate("() => document.cookie")


def test_a_reload_on_a_deep_link_shows_no_sign_in_form_while_restoring(
    page, app_url, make_user, sign_in
):
    make_user("alice")
    sign_in("alice", PASSWORD)
    seen: list[str] = []
    # Record whether the sign-in form ever appears while the session is being restored.
    page.add_init_script(
        """new MutationObserver(() => {
             if (document.querySelector('form[aria-label="Sign in"]')) window.__signInSeen = true;
           }).observe(document, {childList: true, subtree: true});"""
    )
    page.goto(f"{app_url}#/expenses")
    expect(page.get_by_role("heading", level=1)).to_have_text("Expenses")
    seen.append(page.evaluate("() => window.__signInSeen === true"))
    assert seen == [False]


def test_a_second_tab_is_signed_in_and_the_sign_in_page_is_skipped(
    page, app_url, make_user, sign_in
):
    make_user("alice")
    sign_in("alice", PASSWORD)
    tab, errors = new_tab(page, f"{app_url}#/expenses")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Expenses")
    expect(tab.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    # Someone signed in who opens the sign-in page lands on the dashboard.
    login, login_errors = new_tab(page, f"{app_url}#/login")
    expect_signed_in(login)
    assert errors == [] and login_errors == []


def test_signing_out_in_one_tab_signs_out_the_others(page, app_url, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    other, errors = new_tab(page, f"{app_url}#/expenses")
    expect(other.get_by_role("heading", level=1)).to_have_text("Expenses")

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect_sign_in_page(page)
    # The other tab follows at once, without doing anything, and says why.
    expect_sign_in_page(other)
    expect(other.get_by_text("You signed out in another tab.")).to_be_visible()
    # And the session is gone for good: a reload or a new tab shows the sign-in page.
    other.reload()
    expect_sign_in_page(other)
    third, third_errors = new_tab(page, f"{app_url}#/dashboard")
    expect_sign_in_page(third)
    assert errors == [] and third_errors == []


def test_signing_in_in_one_tab_signs_in_the_others(page, app_url, make_user, sign_in):
    make_user("alice")
    other, errors = new_tab(page, app_url)
    expect_sign_in_page(other)
    sign_in("alice", PASSWORD)
    expect_signed_in(other)
    assert errors == []


class RefreshGate:
    """Holds the first refreshes on the server until `size` of them arrived (or `window`
    seconds passed), so refreshes sent at nearly the same moment really do overlap; once
    open, the gate stays open (tabs taking turns wait for it once only)."""

    def __init__(self, rotate, size: int, window: float) -> None:
        self.rotate, self.size, self.window = rotate, size, window
        self.arrived = 0
        self.open = False
        self.condition = threading.Condition()

    def __call__(self, **kwargs):
        with self.condition:
            self.arrived += 1
            self.condition.notify_all()
            if not self.open:
                self.condition.wait_for(lambda: self.arrived >= self.size, timeout=self.window)
                self.open = True
        return self.rotate(**kwargs)


def test_tabs_reloading_at_once_all_stay_signed_in(page, app_url, make_user, sign_in, monkeypatch):
    make_user("alice")
    sign_in("alice", PASSWORD)
    page.goto(f"{app_url}#/expenses")
    tabs = [page]
    for _ in range(2):
        tab, _errors = new_tab(page, f"{app_url}#/expenses")
        expect(tab.get_by_role("heading", level=1)).to_have_text("Expenses")
        tabs.append(tab)
    refreshes: list[int] = []
    page.context.on(
        "response",
        lambda response: (
            refreshes.append(response.status) if "auth/session/refresh/" in response.url else None
        ),
    )
    # Every tab reloads at once and needs an access token from the one cookie, which each
    # refresh rotates. Sent together, all but one refresh would carry a cookie rotated out.
    monkeypatch.setattr(
        services, "refresh_token_rotate", RefreshGate(services.refresh_token_rotate, 3, 1.0)
    )
    for tab in tabs:
        tab.evaluate("() => setTimeout(() => location.reload(), 0)")
    for tab in tabs:
        expect(tab.get_by_role("heading", level=1)).to_have_text("Expenses", timeout=TIMEOUT_MS)
        expect(tab.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    assert refreshes == [200] * len(tabs)
    # They go on working with the cookie the last of them received.
    tabs[0].reload()
    expect(tabs[0].get_by_role("heading", level=1)).to_have_text("Expenses")
    assert refreshes == [200] * (len(tabs) + 1)


def test_sign_out_everywhere_signs_out_every_tab(page, app_url, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    other, errors = new_tab(page, f"{app_url}#/expenses")
    expect(other.get_by_role("heading", level=1)).to_have_text("Expenses")
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("button", name="Sign out everywhere").click()
    page.get_by_role("dialog").get_by_role("button", name="Sign out everywhere").click()
    expect_sign_in_page(page)
    expect_sign_in_page(other)
    page.reload()
    expect_sign_in_page(page)
    cookie_values = [
        c["value"] for c in page.context.cookies() if c["name"] == settings.AUTH_COOKIE_NAME
    ]
    assert cookie_values in ([], [""])
    assert errors == []


def test_the_session_survives_a_password_change(page, app_url, make_user, sign_in):
    make_user("alice")
    sign_in("alice", PASSWORD)
    other, errors = new_tab(page, f"{app_url}#/expenses")
    expect(other.get_by_role("heading", level=1)).to_have_text("Expenses")
    page.get_by_role("link", name="Settings").click()
    form = page.get_by_role("form", name="Change password")
    new_password = "a-brand-new-long-password-42"
    form.get_by_label("Current password").fill(PASSWORD)
    form.get_by_label("New password", exact=True).fill(new_password)
    form.get_by_label("Confirm new password").fill(new_password)
    form.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    # The other tab's access token died with the old password; it refreshes and goes on.
    other.get_by_role("link", name="Dashboard").click()
    expect_signed_in(other)
    assert errors == []
