"""Reads of schedules, always scoped by owner."""

import datetime
import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from categories.models import Category
from schedules.models import Occurrence, Schedule
from schedules.recurrence import pending_dates

MAX_UPCOMING = 500
"""An upcoming-bills answer lists at most this many occurrences."""
REMAINING_CAP = 1000
"""`remaining` counts at most this far (a daily schedule with a distant end date)."""


def occurrences_used(schedule: Schedule) -> int:
    """The `used` annotation of the querysets below: occurrences that happened (created
    or skipped)."""
    return int(schedule.__dict__["used"])


def schedule_list(*, owner: User) -> QuerySet[Schedule]:
    """The owner's schedules with their category, how many expenses each has created
    (`created`) and how many occurrences have happened, skipped ones included (`used`)."""
    return (
        Schedule.objects.filter(owner=owner)
        .select_related("category")
        .annotate(
            created=Count("occurrences", filter=Q(occurrences__skipped=False)),
            used=Count("occurrences"),
        )
        .order_by(F("next_due").asc(nulls_last=True), "id")
    )


def schedule_backup_list(*, owner: User) -> QuerySet[Schedule]:
    """Every schedule of the owner, for a backup (with `used`, for `remaining`, and the
    dates skipped ahead of time: `schedule_skipped_ahead`)."""
    return (
        Schedule.objects.filter(owner=owner)
        .select_related("category")
        .annotate(used=Count("occurrences"))
        .prefetch_related(
            Prefetch(
                "occurrences",
                queryset=Occurrence.objects.filter(due_date__gte=F("schedule__next_due")).order_by(
                    "due_date"
                ),
                to_attr="ahead_rows",
            )
        )
        .order_by("id")
    )


def schedule_skipped_ahead(schedule: Schedule) -> list[datetime.date]:
    """The dates from `next_due` on that were skipped ahead of time, in order (from the
    prefetch of `schedule_backup_list`)."""
    return [occurrence.due_date for occurrence in schedule.__dict__["ahead_rows"]]


def schedule_count_in_category(*, owner: User, category: Category) -> int:
    return Schedule.objects.filter(owner=owner, category=category).count()


def schedule_expense_ids(*, owner: User, start: datetime.date, end: datetime.date) -> set[int]:
    """The ids of the owner's expenses dated between two dates (both included) that a
    schedule created."""
    return set(
        Occurrence.objects.filter(
            schedule__owner=owner, due_date__gte=start, due_date__lte=end, expense__isnull=False
        ).values_list("expense_id", flat=True)
    )


def schedules_due_exist(*, owner: User, today: datetime.date) -> bool:
    """The check every authenticated request makes (one indexed EXISTS query)."""
    return Schedule.objects.filter(owner=owner, paused=False, next_due__lte=today).exists()


def schedule_due_owner_ids(*, today: datetime.date) -> list[int]:
    """Every user with a schedule due by `today` (for `manage.py run_schedules`)."""
    return list(
        Schedule.objects.filter(paused=False, next_due__lte=today)
        .order_by("owner_id")
        .values_list("owner_id", flat=True)
        .distinct()
    )


def schedule_recorded_ahead(*, schedule: Schedule) -> set[datetime.date]:
    """Dates from `next_due` on that already happened: skipped ahead of time."""
    if schedule.next_due is None:
        return set()
    return set(
        schedule.occurrences.filter(due_date__gte=schedule.next_due).values_list(
            "due_date", flat=True
        )
    )


def _ahead_by_schedule(schedules: Sequence[Schedule]) -> dict[int, set[datetime.date]]:
    """Dates skipped ahead of time, for the schedules annotated `has_ahead` (one query, and
    none when no schedule has any)."""
    ids = [s.id for s in schedules if getattr(s, "has_ahead", False)]
    found: dict[int, set[datetime.date]] = defaultdict(set)
    if ids:
        rows = Occurrence.objects.filter(
            schedule_id__in=ids, due_date__gte=F("schedule__next_due")
        ).values_list("schedule_id", "due_date")
        for schedule_id, day in rows:
            found[schedule_id].add(day)
    return found


def _with_ahead(queryset: QuerySet[Schedule]) -> QuerySet[Schedule]:
    return queryset.annotate(
        has_ahead=Exists(
            Occurrence.objects.filter(schedule=OuterRef("pk"), due_date__gte=OuterRef("next_due"))
        )
    )


def schedule_remaining(schedule: Schedule, ahead: set[datetime.date]) -> int | None:
    """How many occurrences are still to come (at most REMAINING_CAP); None when the
    schedule has neither an end date nor a count. Needs the `used` annotation."""
    if schedule.next_due is None:
        return 0
    if schedule.count is None and schedule.end_date is None:
        return None
    left = None if schedule.count is None else max(0, schedule.count - occurrences_used(schedule))
    counted = 0
    for _ in pending_dates(
        schedule.rule, next_due=schedule.next_due, recorded=ahead, remaining=left
    ):
        counted += 1
        if counted >= REMAINING_CAP:
            break
    return counted


def schedule_list_with_ahead(*, owner: User) -> QuerySet[Schedule]:
    return _with_ahead(schedule_list(owner=owner))


def schedules_ahead(schedules: Sequence[Schedule]) -> dict[int, set[datetime.date]]:
    return _ahead_by_schedule(schedules)


@dataclass(frozen=True)
class Upcoming:
    """An occurrence still to come: not yet an expense, not skipped."""

    schedule: Schedule
    date: datetime.date


def schedule_upcoming(
    *,
    owner: User,
    start: datetime.date,
    end: datetime.date,
    currency: str | None = None,
    limit: int = MAX_UPCOMING,
) -> list[Upcoming]:
    """The owner's occurrences still to come between two dates (both included), in date
    order, at most `limit`. Paused schedules have none. One query, two when some schedule
    has a date skipped ahead of time."""
    queryset = Schedule.objects.filter(
        owner=owner, paused=False, next_due__isnull=False, next_due__lte=end
    )
    if currency is not None:
        queryset = queryset.filter(currency=currency)
    schedules = list(
        _with_ahead(queryset)
        .select_related("category")
        .annotate(used=Count("occurrences"))
        .order_by("id")
    )
    ahead = _ahead_by_schedule(schedules)

    def dates_of(schedule: Schedule) -> Iterator[Upcoming]:
        """The schedule's occurrences in the window, in date order, one at a time."""
        first: datetime.date | None = schedule.next_due
        left = None
        if schedule.count is None:  # nothing to count on the way: jump to `start`
            if first is not None and first < start:
                first = schedule.rule.next_on_or_after(start)
        else:  # walk from next_due (at most `count` dates): each one counts
            left = max(0, schedule.count - occurrences_used(schedule))
        for day in pending_dates(
            schedule.rule, next_due=first, recorded=ahead[schedule.id], remaining=left
        ):
            if day > end:
                return
            if day >= start:
                yield Upcoming(schedule=schedule, date=day)

    # Each schedule's dates are in order: merging them holds one date per schedule in
    # memory, and stops once `limit` are found.
    merged = heapq.merge(
        *(dates_of(schedule) for schedule in schedules),
        key=lambda row: (row.date, row.schedule.description.casefold(), row.schedule.id),
    )
    return list(itertools.islice(merged, limit))
