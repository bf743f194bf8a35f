from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password

from accounts import roles
from accounts.errors import PasswordChanged
from accounts.hooks import user_delete_hooks_run
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
def user_register(
    *, username: str, password: str, email: str = "", default_currency: str | None = None
) -> User:
    """Create an account with the `User` role. The password is assumed validated; without a
    `default_currency` the account gets the server's."""
    extra = {"default_currency": default_currency} if default_currency else {}
    user = User.objects.create_user(username=username, password=password, email=email, **extra)
    group, _ = Group.objects.get_or_create(name=roles.USER)
    user.groups.add(group)
    return user


def user_update(*, user: User, data: dict) -> User:
    """Change the editable profile fields (`email`, `default_currency`)."""
    fields = model_apply(user, data, ("email", "default_currency"))
    if fields:
        user.save(update_fields=fields)
    return user


def user_tokens_revoke(*, user: User) -> int:
    """Blacklist every refresh token of the user that is still usable ("sign out
    everywhere"); return how many. Access tokens end with their short lifetime, or at once
    when the password changed (`CHECK_REVOKE_TOKEN`)."""
    outstanding = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    revoked = [BlacklistedToken(token=token) for token in outstanding]
    # A token blacklisted meanwhile (a concurrent refresh or logout) is a conflict to skip.
    BlacklistedToken.objects.bulk_create(revoked, ignore_conflicts=True)
    return len(revoked)


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> RefreshToken:
    """Set a new password (assumed validated), revoke every refresh token of the user and
    return a new refresh token (its `access_token` goes with it) for the caller."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    user_tokens_revoke(user=user)
    return RefreshToken.for_user(user)


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and every row it owns (expenses, categories, tags, budgets, rules,
    schedules, import profiles, the audit rows about its expenses); the audit rows of its
    Admin overrides on other users' expenses stay, without an actor. Every refresh token is
    revoked first; the receipt files are deleted once the transaction commits."""
    user_tokens_revoke(user=user)
    user_delete_hooks_run(user)  # expenses: their receipt files go once this commits
    user.delete()


@transaction.atomic
def refresh_token_rotate(*, token: str) -> RefreshToken:
    """Blacklist a refresh token and return its successor, once: of concurrent refreshes of
    one token exactly one gets a new token, the others `TokenError`.

    The token's OutstandingToken row is locked (PostgreSQL; SQLite's IMMEDIATE transactions
    serialize writers anyway) before the blacklist is read, and BlacklistedToken.token is
    one-to-one, so a second blacklisting fails rather than passing twice.
    """
    # Signature, type, expiry. (simplejwt annotates the argument as a Token; it is the text.)
    refresh = RefreshToken(token)  # type: ignore[arg-type]
    jti = refresh[jwt_settings.JTI_CLAIM]
    outstanding = OutstandingToken.objects.select_for_update().filter(jti=jti).first()
    if outstanding is None or outstanding.user_id is None:
        raise TokenError("Token is not known.")
    # Read again under the lock: a concurrent refresh of this token has committed by now.
    if BlacklistedToken.objects.filter(token_id=outstanding.pk).exists():
        raise TokenError("Token is blacklisted")
    user = User.objects.filter(pk=outstanding.user_id).first()
    if user is None or not jwt_settings.USER_AUTHENTICATION_RULE(user):
        raise TokenError("Token is not valid for any active user.")
    if jwt_settings.CHECK_REVOKE_TOKEN and refresh.get(
        jwt_settings.REVOKE_TOKEN_CLAIM
    ) != get_md5_hash_password(user.password):
        raise PasswordChanged()
    try:
        with transaction.atomic():
            BlacklistedToken.objects.create(token=outstanding)
    except IntegrityError as exc:
        raise TokenError("Token is blacklisted") from exc
    return RefreshToken.for_user(user)
