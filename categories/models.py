import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


def name_key(name: str) -> str:
    """The form of a name used for uniqueness and look-ups: spaces folded, case folded.
    Kept in a column so SQLite and PostgreSQL agree on every alphabet (SQL LOWER() does not)."""
    return " ".join(name.split()).casefold()


class Category(models.Model):
    """A spending category. System categories have no owner and are shared read-only."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="categories",
        help_text="Empty for the system categories every user sees.",
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable id in backups.")
    name = models.CharField(max_length=64)
    # casefold() can lengthen a name ("ß" becomes "ss"), so the key has room to grow.
    name_key = models.CharField(max_length=200, editable=False)
    icon = models.CharField(max_length=64, blank=True, default="")
    color_token = models.CharField(
        max_length=64, blank=True, default="", help_text="A design-token name, not a raw colour."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                "name_key",
                condition=Q(owner__isnull=False),
                name="category_name_unique_per_owner",
                violation_error_message="You already have a category with this name.",
            ),
            models.UniqueConstraint(
                "name_key",
                condition=Q(owner__isnull=True),
                name="category_system_name_unique",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="category_name_not_blank"),
            models.UniqueConstraint("owner", "uid", name="category_uid_unique_per_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    @property
    def is_system(self) -> bool:
        return self.owner_id is None


class Tag(models.Model):
    """A free-form label on expenses, per owner."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable id in backups.")
    name = models.CharField(max_length=50)
    name_key = models.CharField(max_length=200, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint("owner", "name_key", name="tag_name_unique_per_owner"),
            models.UniqueConstraint("owner", "uid", name="tag_uid_unique_per_owner"),
            models.CheckConstraint(condition=~Q(name=""), name="tag_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class HiddenCategory(models.Model):
    """A category one user has hidden from the lists they choose from. The category stays
    on the expenses that use it and in every report; only the pickers leave it out."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hidden_categories"
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="hidden_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "hidden categories"
        constraints = [
            models.UniqueConstraint("owner", "category", name="hidden_category_unique_per_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.category} hidden by {self.owner}"
