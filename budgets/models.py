import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from config.money import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, MAX_AMOUNT, default_currency


def default_warn_threshold() -> Decimal:
    return settings.BUDGET_WARN_THRESHOLD


class Budget(models.Model):
    """A spending limit for one calendar month: overall, or for one category."""

    class Scope(models.TextChoices):
        OVERALL = "overall", "Overall"
        CATEGORY = "category", "Category"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budgets"
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable id in backups.")
    month = models.DateField(help_text="The first day of the month.")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    category = models.ForeignKey(
        "categories.Category",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="budgets",
    )
    amount = models.DecimalField(max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMAL_PLACES)
    currency = models.CharField(max_length=3, default=default_currency)
    rollover_enabled = models.BooleanField(default=False)
    warn_threshold = models.DecimalField(
        max_digits=4, decimal_places=3, default=default_warn_threshold
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month", "scope", "category__name", "id"]
        indexes = [models.Index(fields=["owner", "month"], name="budget_owner_month_idx")]
        constraints = [
            models.UniqueConstraint("owner", "uid", name="budget_uid_unique_per_owner"),
            # Two partial constraints: a plain unique constraint treats NULL categories as
            # distinct, which would allow two overall budgets for one month.
            models.UniqueConstraint(
                "owner",
                "month",
                "scope",
                "category",
                condition=Q(category__isnull=False),
                name="budget_unique_category_month",
            ),
            models.UniqueConstraint(
                "owner",
                "month",
                "scope",
                condition=Q(category__isnull=True),
                name="budget_unique_overall_month",
            ),
            models.CheckConstraint(
                condition=(Q(scope="overall") & Q(category__isnull=True))
                | (Q(scope="category") & Q(category__isnull=False)),
                name="budget_category_matches_scope",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_AMOUNT),
                name="budget_amount_in_range",
            ),
            models.CheckConstraint(
                condition=Q(warn_threshold__gt=0) & Q(warn_threshold__lte=1),
                name="budget_warn_threshold_in_range",
            ),
        ]

    def __str__(self) -> str:
        target = self.category.name if self.category_id and self.category else "Overall"
        return f"{self.month:%Y-%m} {target}: {self.amount} {self.currency}"
