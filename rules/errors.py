"""The errors of rules, answered as `{"detail", "code"}` (or on a field)."""

from config.exceptions import DomainError


class TooManyRules(DomainError):
    code = "too_many_rules"
    default_detail = "You have as many rules as one account may have; delete one first."
