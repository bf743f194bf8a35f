from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from accounts.models import User
from config.models import model_apply


def roles_seed() -> list[str]:
    """Create the role Groups that do not exist yet; return the names created."""
    created = []
    for name in roles.ALL:
        _, was_created = Group.objects.get_or_create(name=name)
        if was_created:
            created.append(name)
    return created


@transaction.atomic
def user_register(*, username: str, password: str, email: str = "") -> User:
    """Create an account with the `User` role. The password is assumed validated."""
    user = User.objects.create_user(username=username, password=password, email=email)
    group, _ = Group.objects.get_or_create(name=roles.USER)
    user.groups.add(group)
    return user


def user_update(*, user: User, data: dict) -> User:
    """Change the editable profile fields (`email`, `default_currency`)."""
    fields = model_apply(user, data, ("email", "default_currency"))
    if fields:
        user.save(update_fields=fields)
    return user
