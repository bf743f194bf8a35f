import uuid
from datetime import datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from config.money import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, MAX_AMOUNT, default_currency


class PaymentMethod(models.TextChoices):
    CASH = "cash", "Cash"
    CARD = "card", "Card"
    UPI = "upi", "UPI"
    BANK = "bank", "Bank transfer"
    WALLET = "wallet", "Wallet"
    OTHER = "other", "Other"


# Caps of the API (and of the CSV import), documented in README.md: a list of tags or a note
# is classification, not a document store.
MAX_TAGS_PER_EXPENSE = 20
MAX_NOTES_LENGTH = 2000


def receipt_upload_to(instance: "Expense | None", filename: str) -> str:
    """A random name: the uploaded name is never trusted or revealed."""
    return f"receipts/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Expense(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expenses"
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable id in backups.")
    amount = models.DecimalField(max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMAL_PLACES)
    currency = models.CharField(max_length=3, default=default_currency)
    date = models.DateField()
    description = models.CharField(max_length=500)
    category = models.ForeignKey(
        "categories.Category",
        null=True,
        blank=True,
        # RESTRICT, not PROTECT: deleting a category in use is refused, but deleting the
        # user still removes their expenses and categories together.
        on_delete=models.RESTRICT,
        related_name="expenses",
    )
    # Null, not "": the API says "no payment method" with null.
    payment_method = models.CharField(  # noqa: DJ001
        max_length=10, choices=PaymentMethod.choices, null=True, blank=True
    )
    merchant = models.CharField(max_length=200, blank=True, default="")
    notes = models.TextField(blank=True, default="")
    tags = models.ManyToManyField("categories.Tag", blank=True, related_name="expenses")
    receipt = models.FileField(upload_to=receipt_upload_to, null=True, blank=True)
    # Not auto_now_add: imports and demo data keep the time a row was really recorded.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["owner", "-date", "-id"], name="expense_owner_date_idx"),
            # Each ends in id, the orderings' tie-breaker, so that a page in any offered
            # order is read from the index with no sort (PostgreSQL; SQLite's indexes end in
            # the rowid anyway).
            models.Index(
                fields=["owner", "category", "date", "id"], name="expense_owner_cat_date_idx"
            ),
            models.Index(
                fields=["owner", "currency", "date", "id"], name="expense_owner_cur_date_idx"
            ),
            models.Index(fields=["owner", "amount", "id"], name="expense_owner_amount_idx"),
            models.Index(fields=["owner", "created_at", "id"], name="expense_owner_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint("owner", "uid", name="expense_uid_unique_per_owner"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount__lte=MAX_AMOUNT), name="expense_amount_at_most_max"
            ),
            models.CheckConstraint(
                condition=~Q(description=""), name="expense_description_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(payment_method__isnull=True)
                | Q(payment_method__in=PaymentMethod.values),
                name="expense_payment_method_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount} {self.currency} {self.description}"

    def tag_objects(self) -> list:
        """The expense's tags: from the list prefetch (`tag_list`) when there is one."""
        if hasattr(self, "tag_list"):
            return self.tag_list
        return list(self.tags.all())

    @property
    def editable_until(self) -> datetime:
        return self.created_at + timedelta(hours=settings.EXPENSE_EDIT_WINDOW_HOURS)


class DayTotal(models.Model):
    """Spending summed per (owner, currency, category, day): the rollup reports can read
    instead of the rows. Kept exact by database triggers on the expenses table (migration
    0002, on SQLite and PostgreSQL), in the same transaction as every write to it, whatever
    makes the write: the ORM, `bulk_create`, `update()`, raw SQL. Nothing in Python writes it
    but `manage.py rollups_check --fix`, which rebuilds it from the rows.

    Plain columns, no foreign keys: the triggers bring a deleted owner's rows to zero and
    drop them, whatever order a cascade deletes in. `category_key` is the category's id, 0
    for uncategorised (a unique key treats NULLs as distinct); `total_cents` is the sum in
    hundredths, exact on both databases."""

    owner_id = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    category_key = models.BigIntegerField()
    date = models.DateField()
    total_cents = models.BigIntegerField()
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner_id", "currency", "category_key", "date"],
                name="daytotal_one_row_per_key",
            ),
        ]
        # Every reader filters by owner and a date range: the index holds every column, so
        # they read the index alone (SQLite: `USING COVERING INDEX`), never the table.
        indexes = [
            models.Index(
                fields=["owner_id", "date", "currency", "category_key", "total_cents", "count"],
                name="daytotal_owner_date_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} {self.date} {self.currency} {self.category_key}: {self.count}"


class ExpenseAudit(models.Model):
    """One Admin override of the edit window: who changed or deleted which expense, and how."""

    class Action(models.TextChoices):
        UPDATE = "update", "Update"
        DELETE = "delete", "Delete"
        RECEIPT = "receipt", "Receipt change"

    # A plain id, not a foreign key: the record outlives a deleted expense.
    expense_id_ref = models.BigIntegerField(db_index=True, verbose_name="expense id")
    expense_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField()
    after = models.JSONField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} of expense {self.expense_id_ref} by {self.actor} at {self.at}"
