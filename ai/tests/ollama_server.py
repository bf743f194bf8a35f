"""A stand-in Ollama server for tests: real HTTP on 127.0.0.1, no model behind it.

Import the fixture where it is needed, then take `ollama_server` as a test argument:
`from ai.tests.ollama_server import fixture_ollama_server  # noqa: F401` (a different name
from the argument's keeps ruff's F811 quiet; `ollama_server` is importable too). It yields
a `FakeOllama`:

- `url`: the server's base URL, for `OLLAMA_URL` or `OllamaClient(url=...)`;
- `mode`: how `POST /api/chat` answers, settable at any time:
  `right` (the default) answers `answer`, `slow` answers it after `SLOW_SECONDS`,
  `garbage` sends a body that is not JSON, `error500` an HTTP 500,
  `unknown_category` a category outside the request's list, `changed_numbers` `answer` with
  every digit changed;
- `answer`: the model's structured answer: a dict (sent as JSON text in `message.content`,
  as Ollama does) or a str (sent as `message.content` verbatim). None (the default) answers
  `{"category": <first name of the request's enum>}`;
- `requests`: the JSON bodies received, in order.
"""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

MODES = frozenset({"right", "slow", "garbage", "error500", "unknown_category", "changed_numbers"})
SLOW_SECONDS = 1.0
UNKNOWN_CATEGORY = "Not One Of Your Categories"


@dataclass
class FakeOllama:
    url: str
    mode: str = "right"
    answer: dict[str, Any] | str | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "mode" and value not in MODES:
            raise ValueError(f"mode must be one of {sorted(MODES)}, not {value!r}")
        super().__setattr__(name, value)

    def content_for(self, body: dict[str, Any]) -> str:
        """`message.content` of the answer to a request `body`."""
        if self.mode == "unknown_category":
            return json.dumps({"category": UNKNOWN_CATEGORY})
        answer = self.answer
        if answer is None:
            enum = body.get("format", {}).get("properties", {}).get("category", {}).get("enum")
            answer = {"category": enum[0] if enum else UNKNOWN_CATEGORY}
        content = answer if isinstance(answer, str) else json.dumps(answer)
        if self.mode == "changed_numbers":
            content = content.translate(str.maketrans("0123456789", "1234567890"))
        return content


def _handler_for(fake: FakeOllama) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path != "/api/chat":
                self._send(404, b'{"error": "not found"}')
                return
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw)
            except ValueError:
                self._send(400, b'{"error": "invalid JSON"}')
                return
            fake.requests.append(body)
            if fake.mode == "slow" and fake.stopping.wait(SLOW_SECONDS):
                return  # the test is over; nobody waits for this answer
            if fake.mode == "garbage":
                self._send(200, b"<html>Bad gateway, probably</html>", "text/html")
            elif fake.mode == "error500":
                self._send(500, b'{"error": "model runner has unexpectedly stopped"}')
            else:
                answer = {
                    "model": body.get("model"),
                    "created_at": "2025-01-01T00:00:00.000000Z",
                    "message": {"role": "assistant", "content": fake.content_for(body)},
                    "done_reason": "stop",
                    "done": True,
                }
                self._send(200, json.dumps(answer).encode())

        def _send(self, status: int, payload: bytes, content_type="application/json") -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (a timeout test): nothing left to answer

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output quiet

    return Handler


@pytest.fixture(name="ollama_server")
def fixture_ollama_server() -> Iterator[FakeOllama]:
    fake = FakeOllama(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(fake))
    host, port = server.server_address[:2]
    fake.url = f"http://{host!s}:{port}"
    # A short poll interval: shutdown() waits up to one of them.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


ollama_server = fixture_ollama_server
