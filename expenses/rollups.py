"""The expense rollups (`DayTotal`) against the rows they sum: what `manage.py rollups_check`
compares and, with `--fix`, rebuilds. The database triggers keep them exact (migration
expenses 0002); this is the check that they did, and the repair if a restore from a raw
database dump, or a trigger dropped by hand, ever left them behind."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BigIntegerField, Count, F, Sum, Value
from django.db.models.functions import Cast, Coalesce, Round

from expenses.models import DayTotal, Expense

Key = tuple[int, str, int, str]  # owner id, currency, category key (0: none), ISO date


@dataclass(frozen=True)
class Difference:
    key: Key
    expected: tuple[int, int] | None  # (cents, count) summed from the rows; None: no rows
    found: tuple[int, int] | None  # (cents, count) in the rollup; None: no rollup row


def expected_totals() -> Iterator[tuple[Key, tuple[int, int]]]:
    """(key, (cents, count)) per (owner, currency, category, day), summed from the rows in
    the database (one grouped query, streamed)."""
    rows = (
        Expense.objects.order_by()
        .annotate(category_key=Coalesce(F("category_id"), Value(0)))
        .values("owner_id", "currency", "category_key", "date")
        .annotate(
            cents=Sum(Cast(Round(F("amount") * 100), BigIntegerField())),
            count=Count("id"),
        )
        .values_list("owner_id", "currency", "category_key", "date", "cents", "count")
    )
    for owner_id, currency, category_key, date, cents, count in rows.iterator(chunk_size=5000):
        yield (owner_id, currency, category_key, date.isoformat()), (cents, count)


def rollup_totals() -> Iterator[tuple[Key, tuple[int, int]]]:
    rows = DayTotal.objects.order_by().values_list(
        "owner_id", "currency", "category_key", "date", "total_cents", "count"
    )
    for owner_id, currency, category_key, date, cents, count in rows.iterator(chunk_size=5000):
        yield (owner_id, currency, category_key, date.isoformat()), (cents, count)


def differences() -> list[Difference]:
    """Every key where the rollup and the rows disagree (empty when they are exact). Both
    are read in one transaction at one snapshot, so a write landing between the two reads
    is not reported as a difference."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        expected = dict(expected_totals())
        found = dict(rollup_totals())
    return [
        Difference(key, expected.get(key), found.get(key))
        for key in sorted(expected.keys() | found.keys())
        if expected.get(key) != found.get(key)
    ]


@transaction.atomic
def rebuild() -> int:
    """The rollups made again from the rows, in one transaction; the number of rows made.
    Writers wait on the expenses table meanwhile, so none is summed twice or missed."""
    if connection.vendor == "postgresql":
        # Reads go on; writes to expenses wait until the rebuild commits. (SQLite: the
        # delete below takes the database's one write lock, held to the commit.)
        # A second rebuild at the same time waits for this one (EXCLUSIVE on the rollups).
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE expenses_expense IN SHARE MODE")
            cursor.execute("LOCK TABLE expenses_daytotal IN EXCLUSIVE MODE")
    DayTotal.objects.all().delete()
    made = [
        DayTotal(
            owner_id=key[0],
            currency=key[1],
            category_key=key[2],
            date=key[3],
            total_cents=cents,
            count=count,
        )
        for key, (cents, count) in expected_totals()
    ]
    DayTotal.objects.bulk_create(made, batch_size=2000)
    return len(made)
