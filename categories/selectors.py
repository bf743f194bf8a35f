from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import User
from categories.models import Category, HiddenCategory, Tag, name_key


def category_list(*, owner: User) -> QuerySet[Category]:
    """The categories a user may see and use: the system ones and their own."""
    return Category.objects.filter(Q(owner__isnull=True) | Q(owner=owner)).order_by("name", "id")


def category_list_with_hidden(*, owner: User) -> QuerySet[Category]:
    """`category_list` with `hidden`: whether this user hid the category from their pickers.
    An EXISTS in the same query, so the list costs one query however many there are."""
    hidden = HiddenCategory.objects.filter(owner=owner, category=OuterRef("pk"))
    return category_list(owner=owner).annotate(hidden=Exists(hidden))


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
    """The owner's custom categories only, with `hidden`, in a stable order (for backups)."""
    hidden = HiddenCategory.objects.filter(owner=owner, category=OuterRef("pk"))
    return (
        Category.objects.filter(owner=owner)
        .annotate(hidden=Exists(hidden))
        .order_by("name_key", "uid")
    )


def tag_own_list(*, owner: User) -> QuerySet[Tag]:
    """The owner's tags in a stable order (for backups)."""
    return Tag.objects.filter(owner=owner).order_by("name_key", "uid")


def category_hidden_system_names(*, owner: User) -> list[str]:
    """The names of the system categories this user hid, sorted (for backups)."""
    return list(
        Category.objects.filter(owner__isnull=True, hidden_by__owner=owner)
        .order_by("name_key")
        .values_list("name", flat=True)
    )
