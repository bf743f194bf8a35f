"""The smart features' entry points: categorize an expense (local model, Ollama when set up
and the local answer is unsure), with the user's model trained lazily and cached."""

import logging
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from accounts.models import User
from ai.categorizer import LocalCategorizer, TrainingRow
from ai.suggestions import Suggestion
from categories.selectors import category_list
from expenses.selectors import expense_history_stamp, expense_training_rows
from rules.engine import Draft
from rules.selectors import rules_classify

logger = logging.getLogger(__name__)

MODEL_CACHE_VERSION = 1
MODEL_CACHE_SECONDS = 7 * 24 * 3600
OLLAMA_BELOW = 0.6
"""Local answers below this confidence are put to Ollama when `AI_PROVIDER=ollama`."""


def _cache_key(owner: User) -> str:
    return f"ai:categorizer:v{MODEL_CACHE_VERSION}:{owner.pk}"


def _train(owner: User) -> LocalCategorizer:
    categories = list(category_list(owner=owner))
    return LocalCategorizer(
        (
            TrainingRow(description, merchant, category_id, amount)
            for description, merchant, category_id, amount in expense_training_rows(owner=owner)
        ),
        categories={category.id: category.name for category in categories},
        system_ids={c.name: c.id for c in categories if c.owner_id is None},
    )


def categorizer_for(*, owner: User) -> LocalCategorizer:
    """The owner's model, from the shared cache while their expenses have not changed since
    it was trained (one aggregate query to tell), else trained again and cached."""
    stamp = expense_history_stamp(owner=owner)
    cached = cache.get(_cache_key(owner))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    model = _train(owner)
    cache.set(_cache_key(owner), (stamp, model), MODEL_CACHE_SECONDS)
    return model


def _ask_ollama(
    *, model: LocalCategorizer, description: str, merchant: str, amount: Decimal | None
) -> Suggestion | None:
    from ai.providers.ollama import ollama_client

    names = sorted(set(model.categories.values()))
    chosen = ollama_client().choose_category(
        description=description, merchant=merchant, amount=amount, category_names=names
    )
    ids = {name: category_id for category_id, name in model.categories.items()}
    if chosen is None or chosen not in ids:
        return None
    return Suggestion(
        ids[chosen],
        chosen,
        OLLAMA_BELOW,
        f"Your local history had no confident answer; {settings.OLLAMA_MODEL} chose "
        f"{chosen} from your categories.",
        "ollama",
    )


def _ruled(
    *, owner: User, description: str, merchant: str, amount: Decimal | None
) -> Suggestion | None:
    """The category the first of the owner's enabled rules matching the draft sets, if any."""
    classified = rules_classify(
        owner=owner, draft=Draft(description=description, merchant=merchant, amount=amount)
    )
    if classified is None or classified.category is None:
        return None
    category = classified.category
    return Suggestion(
        category.id,
        category.name,
        1.0,
        f"Your rule '{classified.rule.name}' files it under {category.name}.",
        "local",
    )


def categorize(
    *, owner: User, description: str, merchant: str = "", amount: Decimal | None = None
) -> Suggestion:
    """A category for an expense, learned from the owner's own history (never another
    user's), the prior for new merchants, and Ollama for what the local model is unsure of
    when `AI_PROVIDER=ollama`. A failing Ollama falls back to the local answer.

    The owner's rules come first (one query): when an enabled rule matching the draft sets
    a category, that category is the answer, with full confidence, as it is what the rule
    would file the expense under."""
    ruled = _ruled(owner=owner, description=description, merchant=merchant, amount=amount)
    if ruled is not None:
        return ruled
    model = categorizer_for(owner=owner)
    local = model.suggest(description, merchant, amount)
    if settings.AI_PROVIDER == "ollama" and local.confidence < OLLAMA_BELOW:
        remote = _ask_ollama(model=model, description=description, merchant=merchant, amount=amount)
        if remote is not None:
            return remote
        logger.info("Ollama gave no usable category; answering with the local model")
    return local


def categorize_many(
    *, owner: User, items: list[tuple[str, str, Decimal | None]]
) -> list[Suggestion]:
    """Suggestions for many expenses at once (imports): one model, local answers only, so
    a large file never waits on a remote model row by row."""
    model = categorizer_for(owner=owner)
    return [model.suggest(description, merchant, amount) for description, merchant, amount in items]
