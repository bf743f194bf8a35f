import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items, in order (itertools.batched from Python 3.12 on)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def joined(pieces: Iterable[str], size: int = 64 * 1024) -> Iterator[str]:
    """Small pieces of text joined into pieces of about `size` characters, in order: a
    streamed response then makes a few large writes rather than one per row."""
    waiting: list[str] = []
    length = 0
    for piece in pieces:
        waiting.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(waiting)
            waiting, length = [], 0
    if waiting:
        yield "".join(waiting)


def ids_by_uid(model, *, owner, uids: list) -> dict:
    """{uid: id} of the owner's rows of `model` among `uids` (chunked IN lists)."""
    found: dict = {}
    for chunk in batched(uids, 500):
        found.update(model.objects.filter(owner=owner, uid__in=chunk).values_list("uid", "id"))
    return found


def uids_owned(model, *, owner, uids: list) -> set:
    """Which of `uids` the owner already has rows of, in `model`."""
    return set(ids_by_uid(model, owner=owner, uids=uids))
