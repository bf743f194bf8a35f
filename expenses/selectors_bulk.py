"""Reads for bulk changes: which expenses a selection names."""

from collections.abc import Sequence

from django.db.models import QuerySet

from accounts.models import User
from expenses.models import Expense


def expense_bulk_base(*, owner: User) -> QuerySet[Expense]:
    """The owner's expenses, unordered and without prefetches: what a filter narrows down."""
    return Expense.objects.filter(owner=owner).order_by()


def expense_ids_of(*, expenses: QuerySet[Expense], limit: int) -> list[int]:
    """The ids of `expenses` in id order, at most `limit` + 1 of them (one more than the
    limit says it is exceeded, without counting them all)."""
    return list(expenses.order_by("id").values_list("id", flat=True)[: limit + 1])


def expense_ids_owned(*, owner: User, ids: Sequence[int]) -> set[int]:
    """Which of `ids` are the owner's expenses."""
    return set(expense_bulk_base(owner=owner).filter(id__in=ids).values_list("id", flat=True))
