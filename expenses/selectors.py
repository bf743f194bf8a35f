import datetime
import uuid
from collections.abc import Iterator
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Count, Max, Prefetch, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_is_admin
from categories.models import Category, Tag
from config.batching import ids_by_uid, uids_owned
from config.functions import MonthStart
from config.money import from_cents, to_cents
from expenses.models import DayTotal, Expense


def expense_list(*, owner: User) -> QuerySet[Expense]:
    """The owner's expenses, newest first, with category and tags fetched in bulk (tags into
    a plain `tag_list`: far cheaper per row than a related manager)."""
    return (
        Expense.objects.filter(owner=owner)
        .select_related("category")
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("name"), to_attr="tag_list")
        )
        .order_by("-date", "-id")
    )


def expense_totals(*, expenses: QuerySet[Expense]) -> list[dict]:
    """How many of `expenses` (owner-scoped and filtered by the caller) there are and what
    they add up to, per currency, in one aggregate query: rows of `{"currency", "total",
    "count"}`, the currency with the most expenses first. Sums are never added across
    currencies."""
    rows = (
        expenses.select_related(None)
        .prefetch_related(None)
        .order_by()
        .values("currency")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("-count", "currency")
    )
    return [{**row, "total": to_cents(row["total"])} for row in rows]


def _rollups_matching(
    *,
    owner: User,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    category_key: int | None = None,
    currency: str | None = None,
) -> QuerySet[DayTotal]:
    days = DayTotal.objects.filter(owner_id=owner.id)
    if start is not None:
        days = days.filter(date__gte=start)
    if end is not None:
        days = days.filter(date__lte=end)
    if category_key is not None:
        days = days.filter(category_key=category_key)
    if currency is not None:
        days = days.filter(currency=currency)
    return days.order_by()


def expense_totals_from_rollups(*, owner: User, **filters) -> list[dict]:
    """What `expense_totals` answers for the filters the rollups can (`start`, `end`, one
    `category_key` — 0 for uncategorised — and `currency`), summed from `DayTotal`: a few
    thousand per-day rows at most, however many expenses there are. Same rows, same order."""
    rows = (
        _rollups_matching(owner=owner, **filters)
        .values("currency")
        .annotate(cents=Sum("total_cents"), number=Sum("count"))
        .order_by("-number", "currency")
    )
    return [
        {"currency": row["currency"], "total": from_cents(row["cents"]), "count": row["number"]}
        for row in rows
    ]


def expense_count_from_rollups(*, owner: User, **filters) -> int:
    """How many expenses match the same filters, all currencies: one sum over the rollups
    (no grouping), the count of a page of the list."""
    days = _rollups_matching(owner=owner, **filters)
    return days.aggregate(number=Coalesce(Sum("count"), 0))["number"]


def expense_attach_tag_names(expenses: list[Expense]) -> None:
    """Give each expense of a page its tag names (`tag_names`, by name) in one light query,
    instead of prefetching Tag objects."""
    names = expense_tag_names(expense_ids=[expense.id for expense in expenses])
    for expense in expenses:
        expense.tag_names = names.get(expense.id, [])  # type: ignore[attr-defined]


def expense_tag_names(*, expense_ids: list[int]) -> dict[int, list[str]]:
    """{expense id: its tag names, by name} for a batch of expenses, in one query. Plain
    SQL: the ORM prepares an `IN` list value by value, which cost more than the query for
    the export's 2,000-id batches."""
    if not expense_ids:
        return {}
    links = Expense.tags.through._meta.db_table
    tags = Tag._meta.db_table
    marks = ", ".join(["%s"] * len(expense_ids))
    names: dict[int, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT link.expense_id, tag.name FROM {links} link "  # noqa: S608 - names from _meta
            f"JOIN {tags} tag ON tag.id = link.tag_id WHERE link.expense_id IN ({marks}) "
            "ORDER BY tag.name",
            [int(expense_id) for expense_id in expense_ids],
        )
        for expense_id, name in cursor.fetchall():
            names.setdefault(expense_id, []).append(name)
    return names


def expense_count_in_category(*, owner: User, category: Category) -> int:
    return Expense.objects.filter(owner=owner, category=category).count()


def expense_is_editable(*, expense: Expense) -> bool:
    """Inside the edit window (its last instant included)."""
    return timezone.now() <= expense.editable_until


def expense_may_change(*, expense: Expense, actor: User) -> tuple[bool, bool]:
    """(allowed, is_override): the window allows it, or the actor's Admin role overrides it."""
    if expense_is_editable(expense=expense):
        return True, False
    return (True, True) if user_is_admin(user=actor) else (False, False)


def expense_spending(
    *, owner: User, currency: str, start: datetime.date, end: datetime.date
) -> QuerySet[Expense]:
    """The owner's expenses in one currency between two dates, both included, unordered:
    the base of every report's sums."""
    return Expense.objects.filter(
        owner=owner, currency=currency, date__gte=start, date__lte=end
    ).order_by()


def spending_rollups(
    *, owner: User, currency: str, start: datetime.date, end: datetime.date
) -> QuerySet[DayTotal]:
    """The owner's per-day rollups (`DayTotal`) in one currency between two dates, both
    included, unordered: what the reports sum instead of the rows (a day's total and count
    per category, kept exact by the database's triggers)."""
    return DayTotal.objects.filter(
        owner_id=owner.id, currency=currency, date__gte=start, date__lte=end
    ).order_by()


def category_names(keys) -> dict[int, str]:
    """{category id: name} for the rollups' category keys (0, uncategorised, has none)."""
    wanted = {key for key in keys if key}
    if not wanted:
        return {}
    return dict(Category.objects.filter(id__in=wanted).values_list("id", "name"))


def expense_spending_by_month(
    *, owner: User, start: datetime.date, end: datetime.date
) -> list[dict]:
    """Spending per (month, category, currency) between two dates, summed by the database
    from the per-day rollups (`DayTotal`), not the rows: rows of `{"month", "category_id",
    "currency", "total"}` (budget status and insights read this)."""
    rows = (
        DayTotal.objects.filter(owner_id=owner.id, date__gte=start, date__lte=end)
        .annotate(month=MonthStart("date"))
        .values("month", "category_key", "currency")
        .annotate(cents=Sum("total_cents"))
        .order_by()
    )
    return [
        {
            "month": row["month"],
            "category_id": row["category_key"] or None,  # key 0 is uncategorised
            "currency": row["currency"],
            "total": from_cents(row["cents"]),
        }
        for row in rows
    ]


def expense_backup_list(*, owner: User) -> QuerySet[Expense]:
    """Every expense of the owner, oldest first, with category and tags (for backups)."""
    return (
        Expense.objects.filter(owner=owner)
        .select_related("category")
        .prefetch_related("tags")
        .order_by("date", "created_at", "uid")
    )


def expense_with_receipt_list(*, owner: User) -> QuerySet[Expense]:
    """The owner's expenses that have a receipt file (uid and receipt only)."""
    return (
        Expense.objects.filter(owner=owner)
        .exclude(receipt="")
        .exclude(receipt__isnull=True)
        .only("uid", "receipt")
    )


def expense_count(*, owner: User) -> int:
    return Expense.objects.filter(owner=owner).count()


def expense_uids_owned(*, owner: User, uids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of `uids` the owner already has expenses with (restores skip those)."""
    return uids_owned(Expense, owner=owner, uids=uids)


def expense_ids_by_uid(*, owner: User, uids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """{uid: id} of the owner's expenses among `uids`."""
    return ids_by_uid(Expense, owner=owner, uids=uids)


def expense_keys_between(
    *, owner: User, start: datetime.date, end: datetime.date
) -> Iterator[tuple[datetime.date, Decimal, str]]:
    """(date, amount, description) of the owner's expenses between two dates, to find
    likely duplicates of imported rows."""
    return (
        Expense.objects.filter(owner=owner, date__gte=start, date__lte=end)
        .values_list("date", "amount", "description")
        .iterator(chunk_size=2000)
    )


def expense_training_rows(
    *, owner: User, limit: int = 20_000
) -> list[tuple[str, str, int, Decimal]]:
    """(description, merchant, category_id, amount) of the owner's most recent categorised
    expenses: what the categorizer learns from (only this owner's history)."""
    return list(
        Expense.objects.filter(owner=owner, category__isnull=False)
        .order_by("-date", "-id")
        .values_list("description", "merchant", "category_id", "amount")[:limit]
    )


def expense_history_stamp(*, owner: User) -> tuple[int, str]:
    """(count, last change) of the owner's expenses, in one aggregate query: it changes
    whenever an expense is added, changed or deleted, so cached models keyed by it refresh."""
    row = Expense.objects.filter(owner=owner).aggregate(count=Count("id"), last=Max("updated_at"))
    return row["count"], row["last"].isoformat() if row["last"] else ""


def expense_rows_between(
    *, owner: User, currency: str, start: datetime.date, end: datetime.date
) -> list[tuple[int, datetime.date, Decimal, int | None, str, str]]:
    """(id, date, amount, category_id, merchant, description) of the owner's expenses in one
    currency between two dates, both included, oldest first, in one query: the bounded
    window that robust statistics (medians, recurring charges) are computed over."""
    return list(
        expense_spending(owner=owner, currency=currency, start=start, end=end)
        .order_by("date", "id")
        .values_list("id", "date", "amount", "category_id", "merchant", "description")
    )


def expense_receipt_bytes(*, owner: User, excluding: str | None = None) -> int:
    """Bytes the owner's receipt files take in storage (a file that is missing counts 0),
    leaving out the file named `excluding` (one about to be replaced)."""
    total = 0
    names = expense_with_receipt_list(owner=owner).values_list("receipt", flat=True)
    for name in names.iterator(chunk_size=2000):
        if not name or name == excluding:
            continue
        try:
            total += default_storage.size(name)
        except OSError:
            continue
    return total


def expense_receipts_referenced(*, names: list[str]) -> set[str]:
    """Which of the stored file `names` some expense (of any owner) has as its receipt:
    for the sweep of orphan files, not for answering users."""
    found: set[str] = set()
    for start in range(0, len(names), 2000):
        batch = names[start : start + 2000]
        rows = Expense.objects.filter(receipt__in=batch).values_list("receipt", flat=True)
        found.update(str(name) for name in rows)
    return found
