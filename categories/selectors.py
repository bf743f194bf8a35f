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
