"""What the data commands share: finding the user, and reporting validation errors."""

import json

from django.core.management.base import CommandError, CommandParser

from accounts.models import User
from config.exceptions import DomainError, FieldErrors


def add_user_argument(parser: CommandParser) -> None:
    parser.add_argument("--user", required=True, help="username whose data this is")


def get_user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist as exc:
        raise CommandError(f"No user named {username!r}.") from exc


def as_command_error(exc: DomainError) -> CommandError:
    if isinstance(exc, FieldErrors):
        return CommandError(json.dumps(exc.errors, indent=2, default=str))
    extra = json.dumps(exc.extra, indent=2, default=str) if exc.extra else ""
    return CommandError(f"{exc.detail}\n{extra}".strip())
