"""Bulk loading of demo expenses: batched `bulk_create` for rows and their tag links."""

import itertools
import random
from collections.abc import Callable, Iterable
from datetime import date

from django.db import transaction

from accounts.models import User
from categories.selectors import category_list
from categories.services import tags_resolve
from expenses.demo import DemoRow, demo_rows, demo_rows_endless
from expenses.models import Expense

BATCH_SIZE = 5000


def _batches(rows: Iterable[DemoRow], size: int) -> Iterable[list[DemoRow]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def expenses_seed_demo(
    *,
    owner: User,
    seed: int,
    end: date,
    count: int | None = None,
    on_progress: Callable[[int], None] = lambda done: None,
) -> int:
    """Give `owner` demo spending: two years of daily life, or exactly `count` rows.
    Everything is written in one transaction; returns how many expenses were created."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    rows: Iterable[DemoRow] = demo_rows(rng=rng, end=end)
    if count is not None:
        rows = itertools.islice(demo_rows_endless(rng=rng, end=end), count)
    categories = {category.name: category for category in category_list(owner=owner)}
    created = 0
    with transaction.atomic():
        tag_cache: dict[str, int] = {}
        Through = Expense.tags.through
        for batch in _batches(rows, BATCH_SIZE):
            expenses = Expense.objects.bulk_create(
                Expense(
                    owner=owner,
                    amount=row.amount,
                    currency=owner.default_currency,
                    date=row.date,
                    description=row.description,
                    merchant=row.merchant,
                    category=categories.get(row.category),
                    payment_method=row.payment_method,
                    notes=row.notes,
                    created_at=row.created_at(rng),
                )
                for row in batch
            )
            new_names = {name for row in batch for name in row.tags} - tag_cache.keys()
            if new_names:
                for tag in tags_resolve(owner=owner, names=sorted(new_names)):
                    tag_cache[tag.name] = tag.id
            Through.objects.bulk_create(
                Through(expense_id=expense.id, tag_id=tag_cache[name])
                for expense, row in zip(expenses, batch, strict=True)
                for name in row.tags
            )
            created += len(batch)
            on_progress(len(batch))
    return created
