from django.contrib.auth.models import AbstractUser
from django.db import models

from config.money import default_currency, validate_currency_code


class User(AbstractUser):
    """The account. Every user-owned row in the project points here through `owner`."""

    default_currency = models.CharField(
        max_length=3,
        default=default_currency,
        validators=[validate_currency_code],
        help_text="ISO 4217 code used for new expenses, budgets and reports.",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
