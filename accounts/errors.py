"""The errors of accounts, answered as `{"detail", "code"}`."""

from config.exceptions import Forbidden


class RegistrationClosed(Forbidden):
    code = "registration_closed"
    default_detail = "Registration is closed on this server."
