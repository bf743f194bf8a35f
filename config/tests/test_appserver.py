"""The browser app's page as committed talks to its own origin only; served for a dev API,
it talks to that API and still nothing else."""

import gzip
import http.client
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from config.appserver import (
    FRONTEND_DIR,
    accepts_gzip,
    app_server,
    content_hash,
    content_security_policy,
    index_html,
    serving,
)
from tests.system.deploy import free_port


def _policy(page: str) -> str:
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]


def test_the_committed_page_calls_its_own_origin_and_no_other():
    page = (FRONTEND_DIR / "index.html").read_text(encoding="utf-8")
    assert '<meta name="api-base" content="/api/v1">' in page
    assert _policy(page) == content_security_policy(None)
    assert "connect-src 'self';" in _policy(page)
    assert "script-src 'self';" in _policy(page)


def test_the_served_page_names_the_dev_api_and_allows_only_it():
    page = index_html("http://127.0.0.1:8300").decode()
    assert '<meta name="api-base" content="http://127.0.0.1:8300/api/v1">' in page
    assert "connect-src 'self' http://127.0.0.1:8300;" in _policy(page)
    assert page.count("Content-Security-Policy") == 1


def test_the_page_states_the_receipt_cap_5_mb_as_committed_the_apis_when_served():
    committed = (FRONTEND_DIR / "index.html").read_text(encoding="utf-8")
    assert '<meta name="receipt-max-bytes" content="5242880">' in committed
    page = index_html("http://127.0.0.1:8300", receipt_max_bytes=1234).decode()
    assert '<meta name="receipt-max-bytes" content="1234">' in page
    assert page.count('name="receipt-max-bytes"') == 1


# --- What the first screen needs, and how it is served (issue 14, Lighthouse) ---------------

# `import … from "./x.js"` (named imports may span lines), `export … from`, `import "./x.js"`.
_STATIC_IMPORT = re.compile(
    r"""^\s*(?:import|export)\b[^;"']*?\bfrom\s*["'](\.{1,2}/[^"']+)["']"""
    r"""|^\s*import\s*["'](\.{1,2}/[^"']+)["']""",
    re.MULTILINE,
)


def _module_graph(entry: Path) -> set[str]:
    """Every module `entry` imports statically, directly or not, as paths under frontend/."""
    seen: set[Path] = set()
    pending = [entry.resolve()]
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        seen.add(module)
        for match in _STATIC_IMPORT.finditer(module.read_text(encoding="utf-8")):
            pending.append((module.parent / (match[1] or match[2])).resolve())
    return {module.relative_to(FRONTEND_DIR).as_posix() for module in seen}


def test_the_module_graph_reader_follows_multiline_and_bare_imports(tmp_path, monkeypatch):
    monkeypatch.setattr("config.tests.test_appserver.FRONTEND_DIR", tmp_path)
    (tmp_path / "pages").mkdir()
    (tmp_path / "app.js").write_text(
        'import {\n  a,\n  b,\n} from "./pages/one.js";\nimport "./side.js";\n'
        '// import { no } from "./commented.js";\nconst later = () => import("./lazy.js");\n'
    )
    (tmp_path / "pages" / "one.js").write_text('export { c } from "../two.js";\n')
    (tmp_path / "side.js").write_text("")
    (tmp_path / "two.js").write_text("")
    assert _module_graph(tmp_path / "app.js") == {"app.js", "pages/one.js", "side.js", "two.js"}


def test_the_page_preloads_exactly_the_shell_and_the_dashboard():
    """The shell's static imports and the dashboard's (where signing in lands); every other
    page is a dynamic import of its own, loaded when first shown."""
    page = (FRONTEND_DIR / "index.html").read_text(encoding="utf-8")
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', page)
    assert len(preloaded) == len(set(preloaded)), "a module is preloaded twice"
    app = FRONTEND_DIR / "js" / "app.js"
    expected = _module_graph(app) | _module_graph(FRONTEND_DIR / "js" / "pages" / "dashboard.js")
    expected -= {"js/app.js"}
    assert set(preloaded) == expected, (
        f"index.html's modulepreload links differ from the shell's and the dashboard's imports: "
        f"missing {sorted(expected - set(preloaded))}, "
        f"not imported {sorted(set(preloaded) - expected)}"
    )
    # The shell stays small: no page is imported statically, so each loads on its own.
    lazy_pages = set(re.findall(r'import\("\./(pages/[^"]+)"\)', app.read_text(encoding="utf-8")))
    assert len(lazy_pages) == 11
    assert not any(module.startswith("js/pages/") for module in _module_graph(app))
    assert '<script type="module" src="js/app.js"></script>' in page


def test_the_page_has_a_description_and_loads_chart_js_only_on_demand():
    page = (FRONTEND_DIR / "index.html").read_text(encoding="utf-8")
    description = re.search(r'<meta name="description" content="([^"]+)">', page)
    assert description and 50 <= len(description[1]) <= 160
    assert "chart.umd" not in page


def _connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=10)


@pytest.fixture
def served(settings):
    """The app server on a free port, as `make dev` runs it; `get(path, **headers)`."""
    settings.RECEIPT_MAX_BYTES = 5 * 1024 * 1024
    with serving(app_server("127.0.0.1", 0, api_port=8000)) as server:

        def get(path: str, **headers: str) -> http.client.HTTPResponse:
            connection = _connect(server.server_port)
            names = {key.replace("_", "-"): value for key, value in headers.items()}
            connection.request("GET", path, headers=names)
            response = connection.getresponse()
            response.body = response.read()
            connection.close()
            return response

        yield get


def test_text_is_gzipped_for_clients_that_accept_it(served):
    source = (FRONTEND_DIR / "js" / "api.js").read_bytes()
    zipped = served("/js/api.js", Accept_Encoding="br, gzip, deflate")
    assert zipped.status == 200
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped.body) == source
    assert int(zipped.headers["Content-Length"]) == len(zipped.body) < len(source)

    plain = served("/js/api.js")
    assert plain.headers["Content-Encoding"] is None
    assert plain.body == source
    assert plain.headers["Vary"] == "Accept-Encoding"
    assert served("/js/api.js", Accept_Encoding="gzip;q=0").body == source

    page = served("/", Accept_Encoding="gzip")
    assert page.headers["Content-Encoding"] == "gzip"
    assert b'<meta name="api-base"' in gzip.decompress(page.body)


def test_images_are_sent_as_they_are(served):
    icon = served("/icons/icon-192.png", Accept_Encoding="gzip")
    assert icon.headers["Content-Type"] == "image/png"
    assert icon.headers["Content-Encoding"] is None
    assert icon.body == (FRONTEND_DIR / "icons" / "icon-192.png").read_bytes()


def test_a_current_copy_is_revalidated_with_a_304(served):
    first = served("/js/api.js", Accept_Encoding="gzip")
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{16}-gzip"', etag)
    assert first.headers["Last-Modified"]

    again = served("/js/api.js", Accept_Encoding="gzip", If_None_Match=etag)
    assert again.status == 304
    assert again.body == b""
    assert again.headers["ETag"] == etag
    assert served("/js/api.js", Accept_Encoding="gzip", If_None_Match='W/"other"').status == 200
    # The plain and gzipped bodies are different representations, with different tags.
    assert served("/js/api.js", If_None_Match=etag).status == 200

    since = served("/js/api.js", If_Modified_Since=first.headers["Last-Modified"])
    assert since.status == 304
    assert served("/js/api.js", If_Modified_Since="Mon, 01 Jan 2001 00:00:00 GMT").status == 200

    page = served("/")
    assert page.headers["Cache-Control"] == "no-cache"
    assert served("/", If_None_Match=page.headers["ETag"]).status == 304


def test_the_stylesheet_is_named_by_its_hash_and_that_url_is_cached_for_a_year(served):
    page = served("/").body.decode()
    href = re.search(r'<link rel="stylesheet" href="([^"]+)">', page)[1]
    css = (FRONTEND_DIR / "css" / "app.css").read_bytes()
    assert href == f"css/app.css?v={content_hash(css)}"

    hashed = served(f"/{href}", Accept_Encoding="gzip")
    assert hashed.status == 200
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert gzip.decompress(hashed.body) == css
    # Without the hash, or with another file's, the answer may only be kept after revalidating.
    assert served("/css/app.css").headers["Cache-Control"] == "no-cache"
    assert served("/css/app.css?v=0123456789abcdef").headers["Cache-Control"] == "no-cache"
    touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', page)[1]
    assert served(f"/{touch}").headers["Cache-Control"].endswith("immutable")


def test_modules_and_the_service_worker_are_always_revalidated(served):
    for path in ("/js/app.js", "/sw.js", "/manifest.webmanifest", "/vendor/chart.umd.min.js"):
        response = served(path)
        assert response.status == 200, path
        assert response.headers["Cache-Control"] == "no-cache", path
        assert response.headers["ETag"], path
    assert served("/sw.js").headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")


def test_robots_txt_answers(served):
    robots = served("/robots.txt")
    assert robots.status == 200
    assert robots.headers["Content-Type"].startswith("text/plain")
    assert b"User-agent: *" in robots.body


def test_a_missing_file_is_a_404(served):
    assert served("/js/nothing-here.js").status == 404


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip; q=0.0", False),
        ("deflate, br", False),
        ("", False),
        ("gzip;q=nonsense", False),
    ],
)
def test_accept_encoding_is_read_with_its_quality_values(header, accepted):
    assert accepts_gzip(header) is accepted


def test_a_deployed_index_is_stamped_in_place_once(tmp_path):
    from config.appserver import stamp_index_file

    copy = tmp_path / "index.html"
    copy.write_text((FRONTEND_DIR / "index.html").read_text(encoding="utf-8"), encoding="utf-8")
    assert stamp_index_file(copy)
    css = content_hash((FRONTEND_DIR / "css" / "app.css").read_bytes())
    assert f'<link rel="stylesheet" href="css/app.css?v={css}">' in copy.read_text()
    assert not stamp_index_file(copy)  # the same files: nothing to change
    assert copy.read_text().count("?v=") == 2  # the stylesheet and the touch icon


def test_one_connection_serves_many_requests():
    """Keep-alive (HTTP/1.1): a phone pays a new connection's round trip once."""
    with serving(app_server("127.0.0.1", 0, api_port=8000)) as server:
        connection = _connect(server.server_port)
        statuses = []
        for path in ("/", "/js/api.js", "/js/app.js", "/js/nothing-here.js"):
            connection.request("GET", path)
            socket_before = connection.sock
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
            if response.status == 200:
                assert response.version == 11
                assert connection.sock is socket_before  # still open for the next request
        connection.close()
    assert statuses == [200, 200, 200, 404]
    assert response.headers["Connection"] == "close"  # an error ends the connection


# --- One origin, as behind the production reverse proxy (make audit) ------------------------


class _FakeApi(BaseHTTPRequestHandler):
    """Stands in for gunicorn: records what reached it and answers as an API does."""

    seen: list[dict] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.seen.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers.items()),
                "body": self.rfile.read(length) if length else b"",
            }
        )
        if self.path.startswith("/api/v1/short/"):
            # Says 100 bytes, sends 10 and is gone (a worker killed mid-answer).
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.close_connection = True
            return
        if self.path.startswith("/api/v1/stream/"):
            # No length: the body ends when the connection closes (a streamed CSV export).
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.end_headers()
            for n in range(3):
                self.wfile.write(f"row {n}\n".encode())
            return
        body = b'{"ok": true}'
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", "a=1; Path=/api/v1/auth/session/; HttpOnly")
        self.send_header("Set-Cookie", "b=2; Path=/api/v1/auth/session/; HttpOnly")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_HEAD = do_POST = do_PATCH = do_DELETE = do_OPTIONS = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def same_origin():
    """The app server with `same_origin`, in front of a stand-in API; `(port, seen)`."""
    _FakeApi.seen = []
    api = ThreadingHTTPServer(("127.0.0.1", 0), _FakeApi)
    with (
        serving(api),
        serving(app_server("127.0.0.1", 0, api_port=api.server_port, same_origin=True)) as app,
    ):
        yield app.server_port, _FakeApi.seen


def test_one_origin_serves_the_committed_page(same_origin):
    port, _seen = same_origin
    connection = _connect(port)
    connection.request("GET", "/")
    response = connection.getresponse()
    page = response.read().decode()
    assert '<meta name="api-base" content="/api/v1">' in page
    assert _policy(page) == content_security_policy(None)
    assert response.headers["Content-Security-Policy"].startswith(content_security_policy(None))
    css = content_hash((FRONTEND_DIR / "css" / "app.css").read_bytes())
    assert f'href="css/app.css?v={css}"' in page


def test_one_origin_passes_api_requests_on_and_their_answers_back(same_origin):
    port, seen = same_origin
    connection = _connect(port)
    headers = {
        "Authorization": "Bearer token",
        "Content-Type": "application/json",
        # A client's claims about itself: replaced by the proxy's, not passed on.
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Proto": "https",
        "Forwarded": "for=203.0.113.9;proto=https",
        "Connection": "keep-alive, X-Hop",
        "X-Hop": "this connection only",
    }
    connection.request("POST", "/api/v1/expenses/?x=1", body=b'{"amount": "1.50"}', headers=headers)
    response = connection.getresponse()
    assert response.status == 201
    assert response.read() == b'{"ok": true}'
    assert response.headers.get_all("Set-Cookie") == [
        "a=1; Path=/api/v1/auth/session/; HttpOnly",
        "b=2; Path=/api/v1/auth/session/; HttpOnly",
    ]
    # The API's answer, not the app's page headers.
    assert response.headers["Content-Security-Policy"] is None
    request = seen[-1]
    assert (request["method"], request["path"]) == ("POST", "/api/v1/expenses/?x=1")
    assert request["body"] == b'{"amount": "1.50"}'
    assert request["headers"]["Authorization"] == "Bearer token"
    assert request["headers"]["Host"] == f"127.0.0.1:{port}"
    assert request["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert request["headers"]["X-Forwarded-Proto"] == "http"
    assert "Forwarded" not in request["headers"]
    assert "X-Hop" not in request["headers"]  # named by Connection: hop-by-hop
    assert "Connection" not in request["headers"]  # the browser's connection, not the API's

    # The browser's connection stays open although the API closed its own.
    connection.request("PATCH", "/api/v1/expenses/1/", body=b"{}")
    assert connection.getresponse().read() == b'{"ok": true}'
    assert [r["method"] for r in seen] == ["POST", "PATCH"]


def test_one_origin_streams_an_answer_of_unknown_length_chunked(same_origin):
    port, _seen = same_origin
    connection = _connect(port)
    connection.request("GET", "/api/v1/stream/export.csv")
    response = connection.getresponse()
    assert response.headers["Transfer-Encoding"] == "chunked"
    assert response.read() == b"row 0\nrow 1\nrow 2\n"
    connection.request("GET", "/js/app.js")  # and the connection serves the next request
    assert connection.getresponse().read() == (FRONTEND_DIR / "js" / "app.js").read_bytes()


def test_one_origin_without_its_api_says_502_and_static_files_refuse_writes():
    nobody = free_port()  # nothing listens there
    with serving(app_server("127.0.0.1", 0, api_port=nobody, same_origin=True)) as app:
        connection = _connect(app.server_port)
        connection.request("GET", "/api/v1/health/")
        assert connection.getresponse().status == 502
        connection = _connect(app.server_port)
        connection.request("POST", "/js/app.js", body=b"x")
        assert connection.getresponse().status == 405


def test_one_origin_closes_the_connection_when_the_api_breaks_off(same_origin):
    """Not a browser left waiting for bytes that never come on a kept-alive connection."""
    port, _seen = same_origin
    connection = _connect(port)
    connection.request("GET", "/api/v1/short/")
    response = connection.getresponse()
    assert response.headers["Content-Length"] == "100"
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    assert cut.value.partial == b"0123456789"


def test_one_origin_answers_head_without_a_body(same_origin):
    port, seen = same_origin
    connection = _connect(port)
    connection.request("HEAD", "/api/v1/health/")
    response = connection.getresponse()
    assert response.status == 201
    assert response.read() == b""
    connection.request("GET", "/api/v1/health/")  # the connection is still in step
    assert connection.getresponse().read() == b'{"ok": true}'
    assert [r["method"] for r in seen] == ["HEAD", "GET"]
