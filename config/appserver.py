"""Serving the browser app (`frontend/`) for `run_dev` and the browser tests.

The app finds its API in `index.html` itself: `<meta name="api-base">`, and the Content-Security-
Policy whose `connect-src` lets the page talk to that origin and no other. The committed file
says "this origin" (`/api/v1`, `connect-src 'self'`), which is right behind a reverse proxy that
serves the app and the API together. This server, used when the API runs on another port, serves
`index.html` with both pointed at that API, and sends the policy as a header too. Nothing a
link or a visitor can set (a URL parameter, storage) changes where the app sends passwords.

Caching and compression (issue 14, Lighthouse under a phone's slow network): text is sent
gzipped to a client that accepts it (`Vary: Accept-Encoding`), every answer carries an `ETag`
(and files their `Last-Modified`) so a revalidation costs a 304, and the page names its
stylesheet and touch icon with their content hash (`css/app.css?v=<hash>`): an answer to that exact
URL may be kept a year (`immutable`), since a change of the file changes the URL. Everything
else, the page and the ES modules included (they import each other by plain URLs), is
`no-cache`: always revalidated, so a new version is never hidden. Connections are kept alive
(HTTP/1.1), as any production web server keeps them: a phone on a slow network pays a new
connection's round trip once, not once per module.

One origin, as in production (`app_server(..., same_origin=True)`, used by `make audit`): the
server also passes `/api/` on to the API, as the reverse proxy of docs/operations.md does, and
serves `index.html` as committed (`/api/v1`, `connect-src 'self'`). The app's calls are then
same-origin, with no CORS preflight before each of them.
"""

import email.utils
import functools
import gzip
import hashlib
import http.client
import io
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO, cast

FRONTEND_DIR = Path(__file__).resolve().parent.parent / "frontend"
SAME_ORIGIN_API = "/api/v1"
_API_BASE_META = f'<meta name="api-base" content="{SAME_ORIGIN_API}">'
_RECEIPT_MAX_META = re.compile(r'<meta name="receipt-max-bytes" content="[0-9]*">')
_CSP_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(">)')
_HOST_HEADER = re.compile(r"(?P<name>[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")
# The page's stylesheet and touch icon get a content hash in their URL. Not the favicon: the
# manifest names the same file by its plain URL, and one file under two URLs is fetched twice.
_HASHED_LINK = re.compile(
    r'(<link rel="(?:stylesheet|apple-touch-icon)" href=")([A-Za-z0-9_./-]+)(")'
)
# An earlier stamp, taken off before stamping again.
_HASH_QUERY = re.compile(r'(?<=\.css|\.png)\?v=[0-9a-f]{16}(?=")')
LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/manifest+json")
# Smaller than this, gzip's header and the extra work are not worth it.
_MIN_GZIP_BYTES = 512
# What the same-origin server passes on to the API, and the headers that belong to one
# connection (RFC 9110 7.6.1) and are not passed on; Date and Server are the proxy's own.
PROXIED_PREFIX = "/api/"
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "proxy-authenticate",
        "proxy-authorization",
    }
)
_OWN_RESPONSE_HEADERS = _HOP_BY_HOP | {"date", "server"}
_FORWARDING = frozenset({"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded"})
_PROXY_TIMEOUT = 120


def _connection_tokens(value: str | None) -> set[str]:
    """The header names a `Connection` header lists (hop-by-hop, RFC 9110 7.6.1), lower case."""
    return {token.strip().lower() for token in (value or "").split(",")}


def content_security_policy(api_origin: str | None) -> str:
    """The app's policy: its own scripts and styles only, and requests to the API's origin."""
    connect = "'self'" if api_origin is None else f"'self' {api_origin}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        f"connect-src {connect}; object-src 'none'; base-uri 'none'; form-action 'self'"
    )


def content_hash(body: bytes) -> str:
    """The short content hash that names a version of a file, in URLs and ETags."""
    return hashlib.sha256(body).hexdigest()[:16]


def stamp_assets(page: str) -> str:
    """The page with its stylesheet and touch icon named by content hash (`css/app.css?v=`)."""

    def stamped(match: re.Match[str]) -> str:
        path = FRONTEND_DIR / match[2]
        if not path.is_file():
            return match[0]
        return f"{match[1]}{match[2]}?v={content_hash(path.read_bytes())}{match[3]}"

    return _HASHED_LINK.sub(stamped, page)


def restamp(page: str) -> str:
    """The page with its assets' current hashes, whatever hashes it had."""
    return stamp_assets(_HASH_QUERY.sub("", page))


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
    return stamp_assets(page).encode("utf-8")


def committed_index_html() -> bytes:
    """`frontend/index.html` as deployed behind a reverse proxy: its API on its own origin,
    its assets named by their hashes (what `stamp_index_file` writes)."""
    return restamp((FRONTEND_DIR / "index.html").read_text(encoding="utf-8")).encode("utf-8")


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an `Accept-Encoding` header admits gzip (`gzip;q=0` refuses it)."""
    for entry in accept_encoding.lower().split(","):
        coding, _, params = entry.strip().partition(";")
        if coding.strip() not in ("gzip", "*"):
            continue
        quality = params.strip().removeprefix("q=").strip() if "q=" in params else "1"
        try:
            return float(quality) > 0
        except ValueError:
            return False
    return False


@functools.lru_cache(maxsize=128)
def _gzipped(digest: str, body: bytes) -> bytes:
    # Keyed by the content hash too, so an edited file is compressed again.
    return gzip.compress(body, compresslevel=6, mtime=0)


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """`If-None-Match` against our ETag (weak comparison, as RFC 9110 asks for this header)."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


def _receipt_max_bytes() -> int | None:
    """The API's receipt cap, when this server runs beside it (run_dev, the browser tests)."""
    from django.conf import settings

    return settings.RECEIPT_MAX_BYTES if settings.configured else None


class AppRequestHandler(SimpleHTTPRequestHandler):
    """Static files from `frontend/`; `index.html` names the API on `api_port` of the host the
    browser used (so `localhost` and `127.0.0.1` each find theirs)."""

    api_port: int
    # Whether `/api/` is passed on to the API on this host (one origin, as in production).
    same_origin: bool = False
    # Keep-alive: every answer says its length (or is chunked), so a connection serves many.
    protocol_version = "HTTP/1.1"
    # ES modules need a JavaScript MIME type whatever the host's mime.types says, and the web
    # app manifest its own.
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".webmanifest": "application/manifest+json",
    }

    def _api_origin(self) -> str | None:
        """Where the page's API is: None for this same origin."""
        if self.same_origin:
            return None
        # No headers yet when a request line too long to read is refused (a 414).
        headers = getattr(self, "headers", None)
        match = _HOST_HEADER.fullmatch(headers.get("Host", "") if headers else "")
        # An AF_INET server's address is a (host, port) tuple.
        address = cast(tuple[str, int], self.server.server_address)
        host = match["name"] if match else address[0]
        return f"http://{host}:{self.api_port}"

    def send_head(self) -> BinaryIO | None:
        url_path, _, query = self.path.partition("?")
        if url_path in ("/", "/index.html"):
            api_origin = self._api_origin()
            body = (
                index_html(api_origin, receipt_max_bytes=_receipt_max_bytes())
                if api_origin is not None
                else committed_index_html()
            )
            return self._send_body(body, "text/html; charset=utf-8", REVALIDATE, None)
        path = self.translate_path(self.path)
        if os.path.isdir(path) or path.endswith("/") or not os.path.isfile(path):
            return super().send_head()  # directory redirects and listings, 404s
        with open(path, "rb") as file:
            body = file.read()
            modified = os.fstat(file.fileno()).st_mtime
        # The hash in the URL is this file's: that URL names these bytes for good. A stale
        # hash gets the current file, but only for revalidation. (sw.js is never hashed: the
        # browser must see a new service worker on the next visit.)
        hashed = query == f"v={content_hash(body)}"
        cache_control = LONG_CACHE if hashed else REVALIDATE
        return self._send_body(body, self.guess_type(path), cache_control, modified)

    def _send_body(
        self, body: bytes, content_type: str, cache_control: str, modified: float | None
    ) -> BinaryIO | None:
        """A 200 with `body` (gzipped when it pays and the client accepts it), or a 304 when
        the client's copy is current."""
        digest = content_hash(body)
        compressible = content_type.startswith(_COMPRESSIBLE) and len(body) >= _MIN_GZIP_BYTES
        compress = compressible and accepts_gzip(self.headers.get("Accept-Encoding", ""))
        # Each representation has its own tag: a cache must not mix the gzipped and plain ones.
        etag = f'"{digest}-gzip"' if compress else f'"{digest}"'
        if_none_match = self.headers.get("If-None-Match")
        fresh = (
            _etag_matches(if_none_match, etag)
            if if_none_match is not None
            else self._not_modified_since(modified)
        )
        self.send_response(304 if fresh else 200)
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", cache_control)
        if compressible:
            self.send_header("Vary", "Accept-Encoding")
        if modified is not None:
            self.send_header("Last-Modified", self.date_time_string(int(modified)))
        if fresh:
            self.end_headers()
            return None
        if compress:
            body = _gzipped(digest, body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _not_modified_since(self, modified: float | None) -> bool:
        since = self.headers.get("If-Modified-Since")
        if modified is None or since is None:
            return False
        try:
            return int(modified) <= email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False

    def end_headers(self) -> None:
        self.send_header(
            "Content-Security-Policy",
            content_security_policy(self._api_origin()) + "; frame-ancestors 'none'",
        )
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "same-origin")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass

    # --- One origin: `/api/` passed on to the API ---------------------------------------

    def _proxied(self) -> bool:
        return self.same_origin and self.path.startswith(PROXIED_PREFIX)

    def do_GET(self) -> None:
        if self._proxied():
            self._proxy()
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._proxied():
            self._proxy()
        else:
            super().do_HEAD()

    def do_POST(self) -> None:
        self._proxy_or_refuse()

    do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_POST

    def _proxy_or_refuse(self) -> None:
        if self._proxied():
            self._proxy()
        else:
            self.send_error(405, "Static files are read with GET or HEAD")

    def _proxy(self) -> None:
        """The request passed on to the API on this host (a new connection each, as nginx
        does by default), the answer passed back: streamed, chunked when the API did not say
        its length (the CSV export)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.send_error(411, "A request body needs a Content-Length")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        body = self.rfile.read(length) if length > 0 else None
        if length < 0 or (body is not None and len(body) < length):
            self.send_error(400, "Bad Content-Length")
            return
        # Hop-by-hop headers, those the client's Connection header names, and what only this
        # proxy may say about the client (where it is, which scheme it used) stay here.
        named = _connection_tokens(self.headers.get("Connection"))
        withheld = _HOP_BY_HOP | _FORWARDING | named
        upstream = http.client.HTTPConnection("127.0.0.1", self.api_port, timeout=_PROXY_TIMEOUT)
        try:
            upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in withheld:
                    upstream.putheader(name, value)
            upstream.putheader("X-Forwarded-For", self.client_address[0])
            upstream.putheader("X-Forwarded-Proto", "http")
            upstream.endheaders(body)
            response = upstream.getresponse()
        except (OSError, http.client.HTTPException):
            upstream.close()
            self.send_error(502, "The API did not answer")
            return
        try:
            self._relay(response)
        except (OSError, http.client.HTTPException):
            # The browser went away, or the API's answer broke off: this connection is done.
            self.close_connection = True
        finally:
            upstream.close()

    def _relay(self, response: http.client.HTTPResponse) -> None:
        self.send_response(response.status, response.reason)
        named = _connection_tokens(response.getheader("Connection"))
        for name, value in response.getheaders():
            if name.lower() not in _OWN_RESPONSE_HEADERS | named:
                self.send_header(name, value)
        no_body = self.command == "HEAD" or response.status in (204, 304) or response.status < 200
        declared = response.getheader("Content-Length")
        # No length from the API: chunked to an HTTP/1.1 client; an HTTP/1.0 one reads to the end.
        chunked = not no_body and declared is None and self.request_version == "HTTP/1.1"
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif not no_body and declared is None:
            self.close_connection = True
        BaseHTTPRequestHandler.end_headers(self)  # the API's own security headers, not the app's
        if no_body:
            return
        sent = 0
        while piece := response.read1(64 * 1024):
            sent += len(piece)
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
        elif declared is not None and sent < int(declared):
            # The API broke off short of its length: closing tells the browser so.
            self.close_connection = True


def app_server(
    host: str, port: int, *, api_port: int, same_origin: bool = False
) -> ThreadingHTTPServer:
    """A server for the browser app on `host:port` (0: any free port) whose pages use the API
    on `api_port` of the same host: directly, or with `same_origin` through this server's own
    `/api/`, as behind the production reverse proxy."""
    attributes = {"api_port": api_port, "same_origin": same_origin}
    handler = type("Handler", (AppRequestHandler,), attributes)
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


def stamp_index_file(path: Path = FRONTEND_DIR / "index.html") -> bool:
    """Rewrites `index.html` in place with its assets' current hashes, as a static server
    (nginx) has no server of its own to do it; True when anything changed. A deploy step:
    `python -m config.appserver` after the files are in place."""
    page = path.read_text(encoding="utf-8")
    stamped = restamp(page)
    if stamped == page:
        return False
    path.write_text(stamped, encoding="utf-8")
    return True


if __name__ == "__main__":
    stamp_index_file()
