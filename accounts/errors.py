"""The errors of accounts, answered as `{"detail", "code"}`."""

from config.exceptions import DomainError, Forbidden


class RegistrationClosed(Forbidden):
    code = "registration_closed"
    default_detail = "Registration is closed on this server."


class PasswordChanged(DomainError):
    """A token issued before the user's last password change (simplejwt's
    `CHECK_REVOKE_TOKEN` answers access tokens with the same code)."""

    status_code = 401
    code = "password_changed"
    default_detail = "The user's password has been changed; sign in again."
