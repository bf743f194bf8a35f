import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items, in order (itertools.batched from Python 3.12 on)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def uids_owned(model, *, owner, uids: list) -> set:
    """Which of `uids` the owner already has rows of, in `model` (chunked IN lists)."""
    found: set = set()
    for chunk in batched(uids, 500):
        found.update(model.objects.filter(owner=owner, uid__in=chunk).values_list("uid", flat=True))
    return found
