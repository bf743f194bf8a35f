"""Work that higher apps do for a user on each of their authenticated API requests, before
the view runs (schedules create due recurring expenses there), without `accounts` importing
them: an app registers a `UserRequestHook` from its `AppConfig.ready()`.

A hook may name a condition (`needed`: a boolean expression on the user's row, typically an
indexed EXISTS); the authentication fetches the user with it in the same query, so a hook
with nothing to do costs no query at all. A failing hook is logged and the request goes on:
a broken schedule must not make every request of its owner fail."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class UserRequestHook:
    name: str
    run: Callable[[User], object]
    needed: Callable[[], Any] | None = None
    """A boolean expression (built per request: it may depend on the date) on the user's row;
    the hook runs only when it is true."""

    @property
    def flag(self) -> str:
        return f"_hook_needed_{self.name}"


_hooks: dict[str, UserRequestHook] = {}


def user_request_hook_register(hook: UserRequestHook) -> None:
    """Run `hook` on every authenticated API request (once per name)."""
    _hooks[hook.name] = hook


def user_request_hook_unregister(name: str) -> None:
    """Stop running the hook of that name (tests register and remove their own)."""
    _hooks.pop(name, None)


def user_request_annotations() -> dict[str, Any]:
    """What the user's query must carry: each hook's condition, by its flag's name."""
    return {hook.flag: hook.needed() for hook in _hooks.values() if hook.needed is not None}


def user_request_hooks_run(user: User) -> None:
    """Run the hooks whose condition holds (or that have none, or whose condition the user
    was fetched without)."""
    for hook in list(_hooks.values()):
        if not getattr(user, hook.flag, True):
            continue
        try:
            hook.run(user)
        except Exception:
            logger.exception("The %s request hook failed for user %s", hook.name, user.pk)


_delete_hooks: dict[str, Callable[[User], object]] = {}


def user_delete_hook_register(name: str, run: Callable[[User], object]) -> None:
    """Run `run(user)` inside the transaction that deletes an account, before the rows go:
    how a higher app cleans up what the database cascade cannot (expenses' receipt files)."""
    _delete_hooks[name] = run


def user_delete_hooks_run(user: User) -> None:
    for run in list(_delete_hooks.values()):
        run(user)
