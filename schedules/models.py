import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from config.money import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, MAX_AMOUNT, default_currency
from expenses.models import PaymentMethod
from schedules import recurrence


class Schedule(models.Model):
    """A recurring expense: the rule of its dates (`schedules.recurrence`) and the values
    each occurrence's expense gets. `next_due` is the first occurrence not yet created or
    skipped (null when the schedule is finished); the request hook finds due schedules by it."""

    class Period(models.TextChoices):
        WEEKLY = recurrence.WEEKLY, "Weekly"
        MONTHLY = recurrence.MONTHLY, "Monthly"
        YEARLY = recurrence.YEARLY, "Yearly"
        EVERY_N_DAYS = recurrence.EVERY_N_DAYS, "Every N days"
        EVERY_N_MONTHS = recurrence.EVERY_N_MONTHS, "Every N months"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="schedules"
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable id in backups.")
    description = models.CharField(max_length=500)
    amount = models.DecimalField(max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMAL_PLACES)
    currency = models.CharField(max_length=3, default=default_currency)
    category = models.ForeignKey(
        "categories.Category",
        null=True,
        blank=True,
        # A category delete counts schedules as a use (409) or moves them first; SET_NULL
        # only covers a schedule filed under it after the count.
        on_delete=models.SET_NULL,
        related_name="schedules",
    )
    tags = models.JSONField(default=list, blank=True, help_text="Tag names.")
    payment_method = models.CharField(  # noqa: DJ001
        max_length=10, choices=PaymentMethod.choices, null=True, blank=True
    )
    merchant = models.CharField(max_length=200, blank=True, default="")
    notes = models.TextField(blank=True, default="")
    start_date = models.DateField()
    period = models.CharField(max_length=20, choices=Period.choices)
    interval = models.PositiveIntegerField(default=1)
    day_of_month = models.PositiveSmallIntegerField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True, help_text="Total occurrences.")
    paused = models.BooleanField(default=False)
    next_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_due", "id"]
        indexes = [
            # The check every authenticated request makes: only live schedules are in it.
            models.Index(
                fields=["owner", "next_due"],
                condition=Q(paused=False, next_due__isnull=False),
                name="schedule_owner_due_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint("owner", "uid", name="schedule_uid_unique_per_owner"),
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_AMOUNT),
                name="schedule_amount_in_range",
            ),
            models.CheckConstraint(condition=~Q(description=""), name="schedule_description"),
            models.CheckConstraint(
                condition=Q(period__in=recurrence.PERIODS), name="schedule_period_known"
            ),
            models.CheckConstraint(condition=Q(interval__gte=1), name="schedule_interval_min"),
            models.CheckConstraint(
                condition=Q(day_of_month__isnull=True)
                | (Q(day_of_month__gte=1) & Q(day_of_month__lte=31)),
                name="schedule_day_of_month_range",
            ),
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(count__gte=1), name="schedule_count_min"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="schedule_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.period}, next {self.next_due})"

    @property
    def rule(self) -> recurrence.Rule:
        return recurrence.Rule(
            start=self.start_date,
            period=self.period,
            interval=self.interval,
            day_of_month=self.day_of_month,
            end_date=self.end_date,
        )


class Occurrence(models.Model):
    """One date of a schedule that has happened: its expense was created, or it was
    skipped. The unique constraint makes each date happen once, however many requests try."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="occurrences")
    due_date = models.DateField()
    # The expense stays when the schedule goes (and the occurrence goes with the schedule).
    expense = models.ForeignKey(
        "expenses.Expense",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skipped = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date"]
        constraints = [
            models.UniqueConstraint("schedule", "due_date", name="occurrence_once_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id} on {self.due_date}{' (skipped)' if self.skipped else ''}"
