from django.conf import settings
from django.db import models
from django.db.models import Q

from categories.models import name_key


class ImportProfile(models.Model):
    """How a bank's CSV files are read, saved under a name ("ICICI savings") and chosen
    again when a file with the same header comes in."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_profiles"
    )
    name = models.CharField(max_length=80)
    name_key = models.CharField(max_length=300, editable=False)
    header = models.JSONField(
        default=list, blank=True, help_text="The column names of the files it reads."
    )
    header_key = models.CharField(
        max_length=64, blank=True, default="", help_text="The header's normalized signature."
    )
    mapping = models.JSONField(default=dict, blank=True)
    date_format = models.CharField(max_length=40, blank=True, default="")
    decimal = models.CharField(max_length=1, blank=True, default="")
    delimiter = models.CharField(max_length=1, blank=True, default="")
    encoding = models.CharField(
        max_length=20,
        blank=True,
        default="",
        help_text="`utf-8`, `windows-1252` or `utf-16`; empty: detected from the file.",
    )
    skip_rows = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_key", "id"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                "name_key",
                name="import_profile_name_unique_per_owner",
                violation_error_message="You already have a bank profile with this name.",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="import_profile_name_not_blank"),
        ]
        indexes = [models.Index("owner", "header_key", name="import_profile_header")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)
