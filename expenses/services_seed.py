"""Loading demo spending into an account, through the batched `expenses_bulk_create`."""

import itertools
import random
from collections.abc import Callable, Iterable
from datetime import date

from accounts.models import User
from categories.selectors import category_list
from expenses.demo import DemoRow, demo_rows, demo_rows_endless
from expenses.services import NewExpense, expenses_bulk_create


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
    return expenses_bulk_create(
        owner=owner,
        rows=(
            NewExpense(
                amount=row.amount,
                date=row.date,
                description=row.description,
                currency=owner.default_currency,
                category=categories.get(row.category),
                payment_method=row.payment_method,
                merchant=row.merchant,
                notes=row.notes,
                tags=row.tags,
                created_at=row.created_at(rng),
            )
            for row in rows
        ),
        on_progress=on_progress,
    )
