"""Tips worded by Ollama when `AI_PROVIDER=ollama`: the figures stay ours, and a failing
server leaves every tip in its own words with provider `local`."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from ai.tests.ollama_server import fixture_ollama_server  # noqa: F401
from budgets.tests.factories import BudgetFactory
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/ai/insights/"
OWN_TEXT = "Your overall budget is exceeded: 700.00 INR spent of 500.00 INR, 200.00 INR over."
FIGURES = {"spent": "700.00", "available": "500.00", "over": "200.00"}
WORDED = "Careful: 700.00 INR went out against a 500.00 INR budget, so you are 200.00 INR over."


@pytest.fixture
def ask_march(alice, api_client_for, settings, ollama_server):
    """Alice's March insights, with one tip: her exceeded overall budget."""
    settings.AI_PROVIDER = "ollama"
    settings.OLLAMA_URL = ollama_server.url
    settings.AI_TIMEOUT_SECONDS = 2
    ExpenseFactory(owner=alice, date=datetime.date(2026, 3, 3), amount=Decimal("700"))
    BudgetFactory(owner=alice, month=datetime.date(2026, 3, 1), amount=Decimal("500"))

    def ask() -> dict:
        with time_machine.travel(datetime.datetime(2026, 4, 10, 12, tzinfo=datetime.UTC)):
            response = api_client_for(alice).get(URL, {"month": "2026-03"})
        assert response.status_code == 200
        return response.json()

    return ask


def test_ollama_words_the_tips_and_says_so(ask_march, ollama_server):
    ollama_server.answer = {"text": WORDED}

    body = ask_march()

    assert body["provider"] == "ollama"
    assert body["tips"] == [{"text": WORDED, "figures": FIGURES}]
    [request] = ollama_server.requests
    prompt = " ".join(message["content"] for message in request["messages"])
    assert OWN_TEXT in prompt


@pytest.mark.parametrize("mode", ["error500", "garbage", "changed_numbers"])
def test_a_failing_ollama_leaves_the_local_words(ask_march, ollama_server, mode):
    ollama_server.answer = {"text": WORDED}
    ollama_server.mode = mode

    body = ask_march()

    assert body["provider"] == "local"
    assert body["tips"] == [{"text": OWN_TEXT, "figures": FIGURES}]


def test_the_local_provider_never_calls_ollama(ask_march, ollama_server, settings):
    settings.AI_PROVIDER = "local"

    body = ask_march()

    assert body["provider"] == "local"
    assert ollama_server.requests == []
