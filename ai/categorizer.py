"""The local categorizer: learns from one user's own history, with a curated prior for the
merchants that history does not know yet. No network, no model download.

History: every categorised expense becomes a "key" (its normalized merchant and
description, see `ai.text`); a question is compared with the keys by word overlap and by
character trigrams, so "UBER *TRIP 8823", "Uber BV" and "uber trip" meet. The keys that
match best vote with their expense counts (weighted a little by how close the amount is).
Confidence grows with agreement, similarity and how many expenses back the answer, so that
one earlier expense suggests while twelve are near certain.

Prior (`ai/data/prior.json`): merchant names and words per system category, matched as
whole words; the longest match wins and merchant names outrank plain words. History wins
where it exists; the prior answers where it does not; anything else gets no category.
"""

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path

from ai.suggestions import Suggestion
from ai.text import normalize, trigrams

PRIOR_FILE = Path(__file__).parent / "data" / "prior.json"
PROVIDER = "local"

MIN_SIMILARITY = 0.45  # below this a past expense is not "like" the question
NEAR_BEST = 0.04  # keys within this of the best match vote too ("uber" not for "uber eats")
EXACT = 0.92  # the same merchant as before, give or take a word: history wins over the prior
PRIOR_MERCHANT_CONFIDENCE = 0.86
PRIOR_WORD_CONFIDENCE = 0.72
PRIOR_CONFLICT_FACTOR = 0.6
MAX_PHRASE_WORDS = 4


@dataclass(frozen=True)
class TrainingRow:
    description: str
    merchant: str
    category_id: int
    amount: Decimal | None = None


@dataclass
class _Key:
    """A normalized text (a merchant, or a description) and the past expenses that had it."""

    words: frozenset[str]
    grams: frozenset[str]
    rows: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    amounts: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))


def _texts(description: str, merchant: str) -> list[str]:
    """What an expense is known by: its merchant and its description, each normalized."""
    return list(dict.fromkeys(t for t in (normalize(merchant), normalize(description)) if t))


def _similarity(words: frozenset[str], grams: frozenset[str], key: _Key) -> float:
    """1 for the same words; high for one side's words all in the other's; trigrams catch
    truncated and misspelt words."""
    shared = len(words & key.words)
    word_score = shared / min(len(words), len(key.words)) if shared else 0.0
    if shared:
        # "uber" matches "uber trip" and "uber eats" alike; the fuller match ranks first.
        word_score *= 0.85 + 0.15 * shared / max(len(words), len(key.words))
    union = len(grams | key.grams)
    gram_score = len(grams & key.grams) / union if union else 0.0
    return max(word_score, gram_score)


def _amount_weight(amount: float | None, amounts: list[float]) -> float:
    """Between 0.8 and 1.2: a weak nudge towards categories of similar amounts."""
    if amount is None or amount <= 0 or not amounts:
        return 1.0
    usual = sorted(amounts)[len(amounts) // 2]
    if usual <= 0:
        return 1.0
    return 0.8 + 0.4 / (1 + abs(math.log(amount / usual)))


@dataclass(frozen=True)
class _PriorMatch:
    category: str
    term: str
    confidence: float


@cache
def _prior() -> dict[tuple[str, ...], tuple[str, str]]:
    """{normalized phrase words: (system category name, "merchant" | "word")}."""
    data = json.loads(PRIOR_FILE.read_text(encoding="utf-8"))
    phrases: dict[tuple[str, ...], tuple[str, str]] = {}
    for category, terms in data["categories"].items():
        for kind, key in (("word", "keywords"), ("merchant", "merchants")):
            for term in terms[key]:
                words = tuple(normalize(term).split())
                if not words:
                    continue
                if kind == "merchant" and len(words) == 1 and len(term.split()) > 1:
                    # "delhi metro" would be left as "metro": a generic word, not a brand.
                    continue
                phrases[words] = (category, kind)
    return phrases


def prior_terms() -> set[str]:
    """Every phrase of the prior, normalized (the quality benchmark keeps its test
    merchants out of it)."""
    return {" ".join(words) for words in _prior()}


def prior_match(text: str) -> _PriorMatch | None:
    """The prior's answer for a normalized text: the longest phrase found in it (a merchant
    before a plain word); several categories at the same rank lower the confidence."""
    words = text.split()
    phrases = _prior()
    found: list[tuple[int, int, str, str]] = []  # (length, is merchant, category, term)
    for size in range(min(MAX_PHRASE_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = tuple(words[start : start + size])
            if phrase in phrases:
                category, kind = phrases[phrase]
                found.append((size, kind == "merchant", category, " ".join(phrase)))
    if not found:
        return None
    found.sort(reverse=True)
    size, is_merchant, category, term = found[0]
    confidence = PRIOR_MERCHANT_CONFIDENCE if is_merchant else PRIOR_WORD_CONFIDENCE
    rivals = {c for s, m, c, _ in found if (s, m) == (size, is_merchant) and c != category}
    if rivals:
        confidence *= PRIOR_CONFLICT_FACTOR
    return _PriorMatch(category=category, term=term, confidence=confidence)


class LocalCategorizer:
    """A model of one user's history. `categories` maps the user's category ids to names
    (system and custom); `system_ids` maps system category names to their ids."""

    def __init__(
        self,
        rows: Iterable[TrainingRow],
        *,
        categories: dict[int, str],
        system_ids: dict[str, int],
    ) -> None:
        self.categories = categories
        self.system_ids = system_ids
        self.keys: dict[str, _Key] = {}
        self.index: dict[str, set[str]] = defaultdict(set)
        for number, row in enumerate(rows):
            if row.category_id not in categories:
                continue
            for text in _texts(row.description, row.merchant):
                key = self.keys.get(text)
                if key is None:
                    key = self.keys[text] = _Key(frozenset(text.split()), trigrams(text))
                    for gram in key.grams:
                        self.index[gram].add(text)
                key.rows[row.category_id].add(number)
                if row.amount is not None:
                    key.amounts[row.category_id].append(float(row.amount))

    def _candidates(self, grams: frozenset[str]) -> set[str]:
        found: set[str] = set()
        for gram in grams:
            found |= self.index.get(gram, set())
        return found

    def _from_history(
        self, texts: list[str], amount: float | None
    ) -> tuple[Suggestion | None, float]:
        similarity_of: dict[str, float] = {}
        for text in texts:
            words, grams = frozenset(text.split()), trigrams(text)
            for name in self._candidates(grams):
                similarity = _similarity(words, grams, self.keys[name])
                if similarity >= MIN_SIMILARITY:
                    similarity_of[name] = max(similarity, similarity_of.get(name, 0.0))
        if not similarity_of:
            return None, 0.0
        best = max(similarity_of.values())
        votes: defaultdict[int, float] = defaultdict(float)
        support: Counter[int] = Counter()
        example: dict[int, str] = {}
        counted: set[int] = set()
        for name, similarity in sorted(similarity_of.items(), key=lambda item: -item[1]):
            if similarity < best - NEAR_BEST:
                break
            key = self.keys[name]
            for category_id, numbers in key.rows.items():
                fresh = numbers - counted
                if not fresh:
                    continue
                counted |= fresh
                weight = similarity * _amount_weight(amount, key.amounts.get(category_id, []))
                votes[category_id] += len(fresh) * weight
                support[category_id] += len(fresh)
                example.setdefault(category_id, name)
        category_id, top = max(votes.items(), key=lambda item: item[1])
        share = top / sum(votes.values())
        backing = support[category_id]
        confidence = share * best * backing / (backing + 1)
        name = self.categories[category_id]
        plural, verb = ("expense", "was") if backing == 1 else ("expenses", "were")
        rationale = f"{backing} earlier {plural} like '{example[category_id]}' {verb} {name}"
        if share < 1:
            rationale += f" ({share:.0%} of similar ones)"
        return (
            Suggestion(category_id, name, round(confidence, 3), rationale + ".", PROVIDER),
            best,
        )

    def _from_prior(self, text: str) -> Suggestion | None:
        match = prior_match(text)
        if match is None or match.category not in self.system_ids:
            return None
        return Suggestion(
            self.system_ids[match.category],
            match.category,
            round(match.confidence, 3),
            f"'{match.term}' is usually {match.category}.",
            PROVIDER,
        )

    def suggest(
        self, description: str, merchant: str = "", amount: Decimal | None = None
    ) -> Suggestion:
        """The best category for an expense, or none (confidence 0) when nothing fits."""
        texts = _texts(description, merchant)
        learned, similarity = self._from_history(texts, float(amount) if amount else None)
        prior = self._from_prior(" ".join(texts))
        # History wins where it exists: the same merchant seen before, or a stronger answer.
        if learned is not None and (
            prior is None or similarity >= EXACT or learned.confidence >= prior.confidence
        ):
            return learned
        if prior is not None:
            if learned is not None and learned.category_id == prior.category_id:
                return Suggestion(
                    prior.category_id,
                    prior.category_name,
                    round(max(prior.confidence, learned.confidence), 3),
                    f"{learned.rationale} {prior.rationale}",
                    PROVIDER,
                )
            return replace(
                prior, rationale=f"{prior.rationale} Nothing like it in your history yet."
            )
        if learned is not None:
            return learned
        shown = " ".join((merchant, description)).strip() or description
        return Suggestion(
            None,
            None,
            0.0,
            f"Nothing in your history or the built-in list looks like '{shown[:60]}'.",
            PROVIDER,
        )
