"""Saved bank profiles, read for their owner only."""

from django.db.models import QuerySet

from accounts.models import User
from reports.models import ImportProfile


def import_profile_list(*, owner: User) -> QuerySet[ImportProfile]:
    return ImportProfile.objects.filter(owner=owner).order_by("name_key", "id")


def import_profile_matching(*, owner: User, header_key: str) -> ImportProfile | None:
    """The owner's profile for files with this header: the most recently saved one."""
    return (
        ImportProfile.objects.filter(owner=owner, header_key=header_key)
        .order_by("-updated_at", "-id")
        .first()
    )
