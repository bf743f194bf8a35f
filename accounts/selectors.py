from django.contrib.auth.models import AnonymousUser

from accounts import roles
from accounts.models import User


def user_role_names(*, user: User) -> list[str]:
    return sorted(group.name for group in user.groups.all())


def user_is_admin(*, user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.groups.filter(name=roles.ADMIN).exists()
