"""The Ollama provider: a local or self-hosted language model behind Ollama's chat API.

Every answer is constrained by a JSON schema (Ollama's structured outputs) and checked again
here, because the model is an outside service: whatever it sends, a caller gets either a
usable value or None and falls back to the local provider. Nothing here raises.
"""

import json
import logging
import re
from decimal import Decimal
from typing import Any

import httpx
from django.conf import settings

logger = logging.getLogger(__name__)

CATEGORY_SYSTEM_PROMPT = (
    "You file personal expenses into categories. Read the expense and answer with the one "
    "category from the given list that fits it best."
)
PHRASE_SYSTEM_PROMPT = (
    "You reword short money tips so they read friendly and clear, in one or two sentences. "
    "Keep the meaning. Never compute, round, convert or change a number: copy every figure "
    "you are given exactly as written, and write no other numbers."
)

# A number as text, with its grouping and decimal separators: "1,234.50", "12", "3.5".
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Numbers spelled out: the model must not slip in arithmetic ("twice", "half") either.
# "one" is left out: it is more often a pronoun than a figure.
_NUMBER_WORD = re.compile(
    r"\b(?:zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion|lakhs?|crores?|half|halves|halved|"
    r"double[ds]?|triple[ds]?|twice|thrice|quarters?|dozens?)\b",
    re.IGNORECASE,
)


class OllamaClient:
    """Asks an Ollama server (`url`, e.g. http://127.0.0.1:11434) to choose or to phrase;
    `timeout` in seconds bounds each phase of a request (connect, send, wait for the answer)."""

    def __init__(self, *, url: str, model: str, timeout: float) -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.timeout = timeout

    def choose_category(
        self,
        *,
        description: str,
        merchant: str,
        amount: Decimal | None,
        category_names: list[str],
    ) -> str | None:
        """The category name Ollama picks, restricted to `category_names`; None on any failure
        (timeout, connection or HTTP error, a malformed answer, a name not in the list)."""
        try:
            names = list(dict.fromkeys(category_names))
            if not names:
                return None
            expense = {"description": description, "merchant": merchant}
            if amount is not None:
                expense["amount"] = str(amount)
            content = self._chat(
                system=CATEGORY_SYSTEM_PROMPT,
                user=(
                    f"Expense: {json.dumps(expense, ensure_ascii=False)}\n"
                    f"Categories: {json.dumps(names, ensure_ascii=False)}"
                ),
                schema={
                    "type": "object",
                    "properties": {"category": {"type": "string", "enum": names}},
                    "required": ["category"],
                },
            )
            if content is None:
                return None
            category = content.get("category")
            if not isinstance(category, str) or category not in names:
                self._warn("the answer names no category from the list")
                return None
            return category
        except Exception as exc:
            self._warn(f"unexpected {type(exc).__name__}")
            return None

    def phrase(self, *, text: str, figures: dict[str, str]) -> str | None:
        """`text` reworded by the model with every figure kept verbatim; None on any failure,
        or when the wording drops a figure or holds a number that `text`/`figures` do not."""
        try:
            content = self._chat(
                system=PHRASE_SYSTEM_PROMPT,
                user=(
                    f"Tip: {json.dumps(text, ensure_ascii=False)}\n"
                    f"Figures to keep exactly: {json.dumps(figures, ensure_ascii=False)}"
                ),
                schema={
                    "type": "object",
                    "properties": {"text": {"type": "string"}},
                    "required": ["text"],
                },
            )
            if content is None:
                return None
            wording = content.get("text")
            if not isinstance(wording, str) or not wording.strip():
                self._warn("the answer has no text")
                return None
            wording = wording.strip()
            if not _keeps_figures(wording, source=text, figures=figures):
                self._warn("the wording drops or changes a figure")
                return None
            return wording
        except Exception as exc:
            self._warn(f"unexpected {type(exc).__name__}")
            return None

    def _chat(self, *, system: str, user: str, schema: dict[str, Any]) -> dict[str, Any] | None:
        """The JSON object the model answers with, or None (logged) when there is none."""
        body = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "stream": False,
            "format": schema,
            "options": {"temperature": 0},
        }
        try:
            response = httpx.post(f"{self.url}/api/chat", json=body, timeout=self.timeout)
        except httpx.TimeoutException:
            self._warn(f"no answer within {self.timeout:g} s")
            return None
        except httpx.HTTPError as exc:
            self._warn(f"cannot reach the server ({type(exc).__name__})")
            return None
        if response.status_code != httpx.codes.OK:
            self._warn(f"HTTP {response.status_code}")
            return None
        try:
            payload = response.json()
            content = json.loads(payload["message"]["content"])
        except (ValueError, KeyError, TypeError):
            self._warn("the answer is not Ollama's chat JSON")
            return None
        if not isinstance(content, dict):
            self._warn("the answer is not a JSON object")
            return None
        return content

    def _warn(self, reason: str) -> None:
        logger.warning("Ollama (model %s) gave no usable answer: %s", self.model, reason)


def _keeps_figures(wording: str, *, source: str, figures: dict[str, str]) -> bool:
    """Every figure appears verbatim, and every number (in digits or words) was given."""
    if any(value and value not in wording for value in figures.values()):
        return False
    given = " ".join([source, *figures.values()])
    allowed_numbers = set(_NUMBER.findall(given))
    if not set(_NUMBER.findall(wording)) <= allowed_numbers:
        return False
    allowed_words = {word.casefold() for word in _NUMBER_WORD.findall(given)}
    return all(word.casefold() in allowed_words for word in _NUMBER_WORD.findall(wording))


def ollama_client() -> OllamaClient:
    """A client configured from settings: OLLAMA_URL, OLLAMA_MODEL, AI_TIMEOUT_SECONDS."""
    return OllamaClient(
        url=settings.OLLAMA_URL,
        model=settings.OLLAMA_MODEL,
        timeout=settings.AI_TIMEOUT_SECONDS,
    )
