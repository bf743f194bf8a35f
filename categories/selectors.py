from django.db.models import Count, Q, QuerySet

from accounts.models import User
from categories.models import Category, Tag, name_key


def category_list(*, owner: User) -> QuerySet[Category]:
    """The categories a user may see and use: the system ones and their own."""
    return Category.objects.filter(Q(owner__isnull=True) | Q(owner=owner)).order_by("name", "id")


def category_name_taken(*, owner: User, name: str, exclude_id: int | None = None) -> bool:
    """True when `name` repeats a system name or one of the owner's, in any case."""
    matches = category_list(owner=owner).filter(name_key=name_key(name))
    if exclude_id is not None:
        matches = matches.exclude(id=exclude_id)
    return matches.exists()


def tag_list(*, owner: User) -> QuerySet[Tag]:
    """The owner's tags, each with how many of their expenses carry it."""
    return (
        Tag.objects.filter(owner=owner)
        .annotate(expense_count=Count("expenses"))
        .order_by("name", "id")
    )


def category_system_by_key() -> dict[str, Category]:
    """The system categories keyed by `name_key` (backups name them, restores look them up)."""
    return {c.name_key: c for c in Category.objects.filter(owner__isnull=True)}


def category_own_list(*, owner: User) -> QuerySet[Category]:
    """The owner's custom categories only, in a stable order (for backups)."""
    return Category.objects.filter(owner=owner).order_by("name_key", "uid")


def tag_own_list(*, owner: User) -> QuerySet[Tag]:
    """The owner's tags in a stable order (for backups)."""
    return Tag.objects.filter(owner=owner).order_by("name_key", "uid")
