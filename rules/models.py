import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Rule(models.Model):
    """A user's rule: when every condition holds for an expense, its actions classify it.
    Rules run in the owner's order (`position`, then id)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rules"
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable id in backups.")
    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0, help_text="The owner's order, first first.")
    enabled = models.BooleanField(default=True)
    conditions = models.JSONField(
        default=list, help_text="A list of {field, operator, value}; all must hold."
    )
    set_category = models.ForeignKey(
        "categories.Category",
        null=True,
        blank=True,
        # Deleting a category that rules use is counted (409 `rule_count`) or moves/clears
        # them first (rules/apps.py); deleting the user removes both together.
        on_delete=models.RESTRICT,
        related_name="rules",
    )
    add_tags = models.JSONField(default=list, blank=True, help_text="Tag names to add.")
    set_merchant = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["owner", "position", "id"], name="rule_owner_position_idx")]
        constraints = [
            models.UniqueConstraint("owner", "uid", name="rule_uid_unique_per_owner"),
            models.CheckConstraint(condition=~Q(name=""), name="rule_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name
