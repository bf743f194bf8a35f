"""`POST ai/categorize/` with `AI_PROVIDER=ollama`: Ollama answers what the local model is
unsure of, and any failure of Ollama falls back to the local answer. The Ollama here is a
real HTTP server on 127.0.0.1 (`ai.tests.ollama_server`)."""

import socket

import pytest
from django.core.cache import cache

from ai.tests.ollama_server import fixture_ollama_server  # noqa: F401
from categories.models import Category
from categories.selectors import category_list
from categories.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/ai/categorize/"
UNKNOWN_TO_LOCAL = "Zxqv Blorp Ltd"


@pytest.fixture(autouse=True)
def _ollama_provider(settings, ollama_server):
    cache.clear()  # each test trains its own categorizer
    settings.AI_PROVIDER = "ollama"
    settings.OLLAMA_URL = ollama_server.url
    settings.OLLAMA_MODEL = "test-model"
    settings.AI_TIMEOUT_SECONDS = 0.3


def suggest(client, description: str, **extra) -> dict:
    response = client.post(URL, {"description": description, **extra}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_ollama_answers_what_the_local_model_does_not_know(alice, alice_client, ollama_server):
    pets = CategoryFactory(owner=alice, name="Pets")
    ollama_server.answer = {"category": "Pets"}

    answer = suggest(alice_client, UNKNOWN_TO_LOCAL, merchant="Blorp", amount="42.00")

    assert answer["provider"] == "ollama"
    assert (answer["category"], answer["category_name"]) == (pets.id, "Pets")
    assert 0 <= answer["confidence"] <= 1
    [body] = ollama_server.requests
    assert body["model"] == "test-model"
    assert body["stream"] is False
    assert body["options"]["temperature"] == 0
    enum = body["format"]["properties"]["category"]["enum"]
    assert sorted(enum) == sorted(c.name for c in category_list(owner=alice))


def test_ollama_is_offered_only_the_users_own_and_system_categories(
    alice_client, bob, ollama_server
):
    CategoryFactory(owner=bob, name="Bobs Secret Hobby")

    suggest(alice_client, UNKNOWN_TO_LOCAL)

    [body] = ollama_server.requests
    enum = body["format"]["properties"]["category"]["enum"]
    assert "Bobs Secret Hobby" not in enum
    assert set(Category.objects.filter(owner=None).values_list("name", flat=True)) <= set(enum)


@pytest.mark.parametrize("mode", ["slow", "garbage", "error500", "unknown_category"])
def test_a_failing_ollama_falls_back_to_the_local_answer(alice_client, ollama_server, mode):
    ollama_server.mode = mode
    ollama_server.answer = {"category": "Food"}

    answer = suggest(alice_client, UNKNOWN_TO_LOCAL)

    assert answer["provider"] == "local"
    assert (answer["category"], answer["category_name"]) == (None, None)
    assert len(ollama_server.requests) == 1


def test_an_unreachable_ollama_falls_back_to_the_local_answer(settings, alice_client):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.OLLAMA_URL = f"http://127.0.0.1:{port}"

    answer = suggest(alice_client, UNKNOWN_TO_LOCAL)

    assert answer["provider"] == "local"
    assert answer["category"] is None


def test_a_confident_local_answer_never_asks_ollama(alice_client, ollama_server):
    answer = suggest(alice_client, "NETFLIX.COM")

    assert answer["provider"] == "local"
    assert answer["category_name"] == "Entertainment"
    assert ollama_server.requests == []


def test_the_local_provider_never_asks_ollama(settings, alice_client, ollama_server):
    settings.AI_PROVIDER = "local"

    answer = suggest(alice_client, UNKNOWN_TO_LOCAL)

    assert answer["provider"] == "local"
    assert ollama_server.requests == []
