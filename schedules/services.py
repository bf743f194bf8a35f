"""Writes of schedules, and materialization: due occurrences become real expenses, once.

`schedules_materialize` runs on every authenticated request (`schedules/apps.py` registers
it with `accounts.hooks`) and from `manage.py run_schedules`. It costs one indexed EXISTS
query when nothing is due. A request creates at most MAX_PER_REQUEST expenses (a backlog
goes on over the next requests: `next_due` stays due); `run_schedules` drains it all. The
owner's rules are read once per call. When something is due, one transaction locks the
owner's due schedules (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the write
transaction itself, begun IMMEDIATE, serializes), reads `next_due` again and creates each
due occurrence's expense and `Occurrence` row. A request that waited for the lock finds
nothing due any more, and the unique (schedule, due_date) constraint would refuse a second
row anyway.
"""

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from categories.models import Category
from categories.services import category_hold
from config.batching import batched, uids_owned
from config.models import model_apply
from expenses.services import expense_create
from rules.selectors import Classifier, rules_classifier
from schedules.errors import ScheduleFinished, TooManySchedules, not_an_occurrence
from schedules.models import Occurrence, Schedule
from schedules.recurrence import pending_dates
from schedules.selectors import (
    schedule_due_owner_ids,
    schedule_recorded_ahead,
    schedules_due_exist,
)

logger = logging.getLogger(__name__)

MAX_PER_REQUEST = 60
"""Expenses one request creates at most; the next request goes on from there."""
MAX_PER_CALL = 1000
"""Expenses one transaction of `run_schedules` creates at most (it loops until done)."""
MAX_SCHEDULES_PER_USER = 500
"""Schedules one account may have (a create or a restore past it is a 400)."""
MAX_SKIP_AHEAD = 1000
"""An occurrence can be skipped ahead of time up to this many dates away."""

FIELDS = (
    "description",
    "amount",
    "currency",
    "category",
    "tags",
    "payment_method",
    "merchant",
    "notes",
    "start_date",
    "period",
    "interval",
    "day_of_month",
    "end_date",
    "count",
    "paused",
)
TIMING = ("start_date", "period", "interval", "day_of_month", "end_date", "count")


def _used(schedule: Schedule) -> int:
    return schedule.occurrences.count()


def _first_pending(
    schedule: Schedule, *, on_or_after: datetime.date, recorded: set[datetime.date]
) -> datetime.date | None:
    """The first occurrence still to come on or after a date (counts and end date obeyed)."""
    left = None if schedule.count is None else schedule.count - _used(schedule)
    first = schedule.rule.next_on_or_after(max(on_or_after, schedule.start_date))
    return next(
        pending_dates(schedule.rule, next_due=first, recorded=recorded, remaining=left), None
    )


def _last_happened(schedule: Schedule) -> datetime.date | None:
    """The last occurrence that happened before `next_due` (not one skipped ahead)."""
    happened = schedule.occurrences.all()
    if schedule.next_due is not None:
        happened = happened.filter(due_date__lt=schedule.next_due)
    return happened.order_by("-due_date").values_list("due_date", flat=True).first()


def schedule_create(*, owner: User, today: datetime.date | None = None, **values: Any) -> Schedule:
    """Create a schedule (400 `too_many_schedules` past MAX_SCHEDULES_PER_USER). A start in
    the past is allowed: its occurrences up to today are created right away (at most
    MAX_PER_REQUEST of them, the rest on the next requests)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # The owner's row is the lock that keeps two creates from passing the limit together.
        list(User.objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))
        if Schedule.objects.filter(owner=owner).count() >= MAX_SCHEDULES_PER_USER:
            raise TooManySchedules(limit=MAX_SCHEDULES_PER_USER)
        category_hold(category=values.get("category"))
        schedule = Schedule(owner=owner, currency=owner.default_currency)
        model_apply(schedule, values, FIELDS)
        schedule.next_due = schedule.rule.next_on_or_after(schedule.start_date)
        schedule.save()
    schedules_materialize(owner=owner, today=today)
    schedule.refresh_from_db()
    return schedule


def schedule_update(
    *, schedule: Schedule, data: dict[str, Any], today: datetime.date | None = None
) -> Schedule:
    """Change a schedule: only occurrences still to come change, the expenses it created
    stay as they are. A change of its dates (start, period, interval, day, end, count) starts
    again from today (or after its last occurrence), without creating past dates, and
    forgets dates skipped ahead of time. Resuming a paused schedule does not create the
    dates that fell in the pause either."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Schedule.objects.select_for_update().get(pk=schedule.pk)
        if "category" in data:
            category_hold(category=data["category"])
        timing = any(name in data and data[name] != getattr(locked, name) for name in TIMING)
        resumed = locked.paused and data.get("paused") is False
        if timing and locked.next_due is not None:
            locked.occurrences.filter(skipped=True, due_date__gte=locked.next_due).delete()
        model_apply(locked, data, FIELDS)
        if timing or resumed:
            last = _last_happened(locked)
            since = max(today, last + datetime.timedelta(days=1)) if last else today
            # Resuming keeps the dates skipped ahead of time (a change of dates forgot them).
            recorded = schedule_recorded_ahead(schedule=locked)
            locked.next_due = _first_pending(locked, on_or_after=since, recorded=recorded)
        locked.save()
    schedules_materialize(owner=locked.owner, today=today)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def schedule_skip(*, schedule: Schedule, day: datetime.date | None = None) -> Schedule:
    """Skip one occurrence still to come: the next one, or the one on `day` (a 400 on
    `date` unless `day` is one). A skipped occurrence counts towards `count`."""
    locked = Schedule.objects.select_for_update().get(pk=schedule.pk)
    if locked.next_due is None:
        raise ScheduleFinished()
    recorded = schedule_recorded_ahead(schedule=locked)
    target = locked.next_due if day is None else day
    left = None if locked.count is None else locked.count - _used(locked)
    found = False
    for index, pending in enumerate(
        pending_dates(locked.rule, next_due=locked.next_due, recorded=recorded, remaining=left)
    ):
        if pending >= target or index >= MAX_SKIP_AHEAD:
            found = pending == target
            break
    if not found:
        raise not_an_occurrence(target.isoformat())
    Occurrence.objects.create(schedule=locked, due_date=target, skipped=True)
    if target == locked.next_due:
        recorded.add(target)
        locked.next_due = _first_pending(locked, on_or_after=target, recorded=recorded)
        locked.save(update_fields=["next_due", "updated_at"])
    return locked


def schedule_delete(*, schedule: Schedule) -> None:
    """Delete a schedule and its occurrences; the expenses it created stay."""
    schedule.delete()


def _materialize_one(
    schedule: Schedule, *, today: datetime.date, budget: int, rules: Classifier
) -> int:
    """Create the due occurrences of one locked schedule (at most `budget`), with the
    owner's rules read once by the caller."""
    assert schedule.next_due is not None
    recorded = schedule_recorded_ahead(schedule=schedule)
    left = None if schedule.count is None else schedule.count - _used(schedule)
    category = schedule.category  # null when it was deleted
    made, next_due = 0, None
    for day in pending_dates(
        schedule.rule, next_due=schedule.next_due, recorded=recorded, remaining=left
    ):
        if day > today or made >= budget:
            next_due = day
            break
        expense = expense_create(
            owner=schedule.owner,
            amount=schedule.amount,
            date=day,
            description=schedule.description,
            currency=schedule.currency,
            category=category,
            payment_method=schedule.payment_method,
            merchant=schedule.merchant,
            notes=schedule.notes,
            tags=schedule.tags,
            rules=rules,
        )
        Occurrence.objects.create(schedule=schedule, due_date=day, expense=expense)
        made += 1
    schedule.next_due = next_due
    schedule.save(update_fields=["next_due"])
    return made


def schedules_materialize(
    *, owner: User, today: datetime.date | None = None, limit: int | None = None
) -> int:
    """Turn the owner's due occurrences (up to `today`, default the local date) into
    expenses, exactly once however many requests run it at the same moment. Returns how
    many expenses were created: at most `limit` (a request's MAX_PER_REQUEST by default);
    what is left stays due, and the next call goes on."""
    today = today or timezone.localdate()
    limit = MAX_PER_REQUEST if limit is None else limit
    if not schedules_due_exist(owner=owner, today=today):
        return 0
    created = 0
    with transaction.atomic():
        due = (
            Schedule.objects.select_for_update()
            .filter(owner=owner, paused=False, next_due__lte=today)
            .order_by("id")
        )
        rules = rules_classifier(owner=owner)  # one query, whatever the number of expenses
        for schedule in due:
            schedule.owner = owner  # the same user: no query for it per schedule
            created += _materialize_one(schedule, today=today, budget=limit - created, rules=rules)
            if created >= limit:
                break
    if created:
        logger.info("Created %s scheduled expense(s) for user %s", created, owner.pk)
    return created


def schedules_reassign_category(
    *, owner: User, from_category: Category, to_category: Category | None
) -> int:
    """Move every schedule of `owner` in one category to another (or to none)."""
    return Schedule.objects.filter(owner=owner, category=from_category).update(category=to_category)


def schedules_restore(*, owner: User, rows: list[dict[str, Any]]) -> int:
    """Create the schedules of a backup whose uid the account does not have. Each keeps the
    backup's `next_due`, so occurrences that happened before the backup are not created
    again, and its `remaining` occurrences become its `count` (null: no limit); its dates
    skipped ahead of time (`skipped`, absent from older backups) are skipped again, so it
    goes on with the same dates. 400 `too_many_schedules` when the account would have more
    than MAX_SCHEDULES_PER_USER. Returns how many were created."""
    known = uids_owned(Schedule, owner=owner, uids=[row["uid"] for row in rows])
    new: list[tuple[Schedule, list[datetime.date]]] = []
    for row in rows:
        if row["uid"] in known:
            continue
        values = {name: row[name] for name in FIELDS if name != "count"}
        finished = row["remaining"] == 0
        schedule = Schedule(owner=owner, uid=row["uid"], **values)
        schedule.next_due = None if finished else row["next_due"]
        skipped = []
        if schedule.next_due is not None:
            rule = schedule.rule
            skipped = sorted(
                day
                for day in set(row.get("skipped") or ())
                if day > schedule.next_due and rule.next_on_or_after(day) == day
            )
        # `remaining` left the skipped dates out; as occurrences they count again.
        schedule.count = None if finished or row["remaining"] is None else row["remaining"]
        if schedule.count is not None:
            schedule.count += len(skipped)
        new.append((schedule, skipped))
    if new and Schedule.objects.filter(owner=owner).count() + len(new) > MAX_SCHEDULES_PER_USER:
        raise TooManySchedules(limit=MAX_SCHEDULES_PER_USER)
    Schedule.objects.bulk_create([schedule for schedule, _ in new])
    Occurrence.objects.bulk_create(
        Occurrence(schedule=schedule, due_date=day, skipped=True)
        for schedule, skipped in new
        for day in skipped
    )
    return len(new)


def schedules_materialize_all(
    *,
    today: datetime.date | None = None,
    owner_ids: list[int] | None = None,
    on_progress: Callable[[int], None] = lambda done: None,
) -> tuple[int, int]:
    """`schedules_materialize` for every user with a due schedule (or those of `owner_ids`);
    returns (users served, expenses created). Safe to run while requests do the same."""
    today = today or timezone.localdate()
    ids = schedule_due_owner_ids(today=today) if owner_ids is None else owner_ids
    users = created = 0
    for batch in batched(ids, 500):
        for owner in User.objects.filter(pk__in=batch).order_by("pk"):
            while True:  # a backlog longer than one call's cap: go on until done
                made = schedules_materialize(owner=owner, today=today, limit=MAX_PER_CALL)
                created += made
                if made < MAX_PER_CALL:
                    break
            users += 1
            on_progress(1)
    return users, created
