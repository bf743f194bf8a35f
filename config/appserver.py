"""Serving the browser app (`frontend/`) for `run_dev` and the browser tests.

The app finds its API in `index.html` itself: `<meta name="api-base">`, and the Content-Security-
Policy whose `connect-src` lets the page talk to that origin and no other. The committed file
says "this origin" (`/api/v1`, `connect-src 'self'`), which is right behind a reverse proxy that
serves the app and the API together. This server, used when the API runs on another port, serves
`index.html` with both pointed at that API, and sends the policy as a header too. Nothing a
link or a visitor can set (a URL parameter, storage) changes where the app sends passwords.
"""

import functools
import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO, cast

FRONTEND_DIR = Path(__file__).resolve().parent.parent / "frontend"
SAME_ORIGIN_API = "/api/v1"
_API_BASE_META = f'<meta name="api-base" content="{SAME_ORIGIN_API}">'
_RECEIPT_MAX_META = re.compile(r'<meta name="receipt-max-bytes" content="[0-9]*">')
_CSP_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(">)')
_HOST_HEADER = re.compile(r"(?P<name>[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")


def content_security_policy(api_origin: str | None) -> str:
    """The app's policy: its own scripts and styles only, and requests to the API's origin."""
    connect = "'self'" if api_origin is None else f"'self' {api_origin}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        f"connect-src {connect}; object-src 'none'; base-uri 'none'; form-action 'self'"
    )


def index_html(
    api_origin: str, api_path: str = SAME_ORIGIN_API, *, receipt_max_bytes: int | None = None
) -> bytes:
    """`frontend/index.html` pointed at an API on `api_origin` (`http://127.0.0.1:8000`), and
    stating that API's receipt size cap when given."""
    page = (FRONTEND_DIR / "index.html").read_text(encoding="utf-8")
    if _API_BASE_META not in page or not _CSP_META.search(page):
        raise RuntimeError("frontend/index.html lost its api-base or Content-Security-Policy meta")
    page = page.replace(_API_BASE_META, f'<meta name="api-base" content="{api_origin}{api_path}">')
    if receipt_max_bytes is not None:
        meta = f'<meta name="receipt-max-bytes" content="{int(receipt_max_bytes)}">'
        page = _RECEIPT_MAX_META.sub(lambda _match: meta, page)
    page = _CSP_META.sub(
        lambda match: match[1] + content_security_policy(api_origin) + match[3], page
    )
    return page.encode("utf-8")


def _receipt_max_bytes() -> int | None:
    """The API's receipt cap, when this server runs beside it (run_dev, the browser tests)."""
    from django.conf import settings

    return settings.RECEIPT_MAX_BYTES if settings.configured else None


class AppRequestHandler(SimpleHTTPRequestHandler):
    """Static files from `frontend/`; `index.html` names the API on `api_port` of the host the
    browser used (so `localhost` and `127.0.0.1` each find theirs)."""

    api_port: int
    # ES modules need a JavaScript MIME type whatever the host's mime.types says, and the web
    # app manifest its own.
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".webmanifest": "application/manifest+json",
    }

    def _api_origin(self) -> str:
        match = _HOST_HEADER.fullmatch(self.headers.get("Host", "") if self.headers else "")
        # An AF_INET server's address is a (host, port) tuple.
        address = cast(tuple[str, int], self.server.server_address)
        host = match["name"] if match else address[0]
        return f"http://{host}:{self.api_port}"

    def send_head(self) -> BinaryIO | None:
        if self.path.split("?", 1)[0] not in ("/", "/index.html"):
            return super().send_head()
        body = index_html(self._api_origin(), receipt_max_bytes=_receipt_max_bytes())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        if self.path.split("?", 1)[0] == "/sw.js":
            # The browser checks for a new service worker on each visit: no cache may hide it.
            self.send_header("Cache-Control", "no-cache")
        self.send_header(
            "Content-Security-Policy",
            content_security_policy(self._api_origin()) + "; frame-ancestors 'none'",
        )
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "same-origin")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def app_server(host: str, port: int, *, api_port: int) -> ThreadingHTTPServer:
    """A server for the browser app on `host:port` (0: any free port) whose pages use the API
    on `api_port` of the same host."""
    handler = type("Handler", (AppRequestHandler,), {"api_port": api_port})
    return ThreadingHTTPServer((host, port), functools.partial(handler, directory=FRONTEND_DIR))


@contextmanager
def serving(server: ThreadingHTTPServer) -> Iterator[ThreadingHTTPServer]:
    """Runs `server` in a background thread until the block ends."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
