"""OllamaClient against a real HTTP server that speaks Ollama's chat API (no mocks)."""

import logging
import socket
import time
from decimal import Decimal

import pytest

from ai.providers.ollama import OllamaClient, ollama_client
from ai.tests.ollama_server import SLOW_SECONDS, FakeOllama, fixture_ollama_server  # noqa: F401

NAMES = ["Food", "Groceries", "Transport", "Utilities"]
TIP = "You spent ₹1,200.50 on Dining in March, 25% more than your usual ₹960.40."
FIGURES = {"spent": "₹1,200.50", "change": "25%", "usual": "₹960.40"}


def client_for(server: FakeOllama, *, timeout: float = 5.0) -> OllamaClient:
    return OllamaClient(url=server.url, model="test-model", timeout=timeout)


def choose(client: OllamaClient) -> str | None:
    return client.choose_category(
        description="BIGBASKET ORDER 8823",
        merchant="BigBasket",
        amount=Decimal("1250.00"),
        category_names=NAMES,
    )


def test_the_chosen_category_is_returned_and_the_request_is_constrained(ollama_server):
    ollama_server.answer = {"category": "Groceries"}

    assert choose(client_for(ollama_server)) == "Groceries"

    [body] = ollama_server.requests
    assert body["model"] == "test-model"
    assert body["stream"] is False
    assert body["options"]["temperature"] == 0
    assert body["format"]["type"] == "object"
    assert body["format"]["properties"]["category"]["enum"] == NAMES
    assert body["format"]["required"] == ["category"]
    prompt = " ".join(message["content"] for message in body["messages"])
    assert "BIGBASKET ORDER 8823" in prompt
    assert "BigBasket" in prompt
    assert "1250.00" in prompt


def test_a_slow_server_times_out_quickly_to_none(ollama_server):
    ollama_server.mode = "slow"
    ollama_server.answer = {"category": "Groceries"}

    started = time.monotonic()
    assert choose(client_for(ollama_server, timeout=0.3)) is None
    assert time.monotonic() - started < SLOW_SECONDS


def test_a_body_that_is_not_json_gives_none(ollama_server):
    ollama_server.mode = "garbage"
    assert choose(client_for(ollama_server)) is None


def test_message_content_that_is_not_json_gives_none(ollama_server):
    ollama_server.answer = "Groceries, I think"
    assert choose(client_for(ollama_server)) is None


def test_an_http_500_gives_none(ollama_server):
    ollama_server.mode = "error500"
    assert choose(client_for(ollama_server)) is None


def test_a_category_outside_the_list_gives_none(ollama_server):
    ollama_server.mode = "unknown_category"
    assert choose(client_for(ollama_server)) is None
    assert len(ollama_server.requests) == 1


def test_a_refused_connection_gives_none():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = OllamaClient(url=f"http://127.0.0.1:{port}", model="test-model", timeout=2.0)

    assert choose(client) is None


def test_no_categories_means_no_request(ollama_server):
    client = client_for(ollama_server)
    answer = client.choose_category(description="Zxqv", merchant="", amount=None, category_names=[])
    assert answer is None
    assert ollama_server.requests == []


def test_each_fallback_is_logged_as_a_warning(ollama_server, caplog):
    ollama_server.mode = "error500"
    with caplog.at_level(logging.WARNING, logger="ai.providers.ollama"):
        choose(client_for(ollama_server))
    assert "HTTP 500" in caplog.text


def test_a_rewording_that_keeps_every_figure_is_returned(ollama_server):
    wording = "Heads up: Dining took ₹1,200.50 in March, 25% above your usual ₹960.40."
    ollama_server.answer = {"text": wording}

    assert client_for(ollama_server).phrase(text=TIP, figures=FIGURES) == wording

    [body] = ollama_server.requests
    assert body["stream"] is False
    assert body["options"]["temperature"] == 0
    assert body["format"]["properties"]["text"]["type"] == "string"
    prompt = " ".join(message["content"] for message in body["messages"])
    assert all(value in prompt for value in FIGURES.values())


def test_a_rewording_that_changes_a_number_gives_none(ollama_server):
    ollama_server.mode = "changed_numbers"
    ollama_server.answer = {"text": "Dining took ₹1,200.50 in March, 25% above ₹960.40."}

    assert client_for(ollama_server).phrase(text=TIP, figures=FIGURES) is None


@pytest.mark.parametrize(
    "wording",
    [
        "Dining took ₹1,200.50 in March, well above your usual ₹960.40.",  # drops 25%
        "Dining took ₹1,200.50, 25% above ₹960.40: about ₹240 more.",  # a new number
        "Dining took ₹1,200.50, 25% above ₹960.40, nearly twice your target.",  # in words
        "",
    ],
)
def test_a_rewording_that_drops_or_adds_a_figure_gives_none(ollama_server, wording):
    ollama_server.answer = {"text": wording}

    assert client_for(ollama_server).phrase(text=TIP, figures=FIGURES) is None


def test_phrase_gives_none_when_the_server_fails(ollama_server):
    ollama_server.mode = "error500"
    assert client_for(ollama_server).phrase(text=TIP, figures=FIGURES) is None


def test_the_client_is_configured_from_settings(settings):
    settings.OLLAMA_URL = "http://ollama.internal:11434/"
    settings.OLLAMA_MODEL = "qwen2.5:3b"
    settings.AI_TIMEOUT_SECONDS = 2.5

    client = ollama_client()

    assert (client.url, client.model, client.timeout) == (
        "http://ollama.internal:11434",
        "qwen2.5:3b",
        2.5,
    )
