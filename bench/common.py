"""What the benchmarks share: Django set up from the repository root, a throwaway user
filled with demo data (deleted afterwards), and median timings."""

import contextlib
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.services import user_register  # noqa: E402
from expenses.models import Expense  # noqa: E402
from expenses.services_seed import expenses_seed_demo  # noqa: E402


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches and connections
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@contextlib.contextmanager
def bench_user(*, rows: int, seed: int, end) -> Iterator[User]:
    """A new user with `rows` demo expenses ending at `end`; everything deleted on exit."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        sys.exit(
            f"{connection.settings_dict['NAME']} is not migrated: run manage.py migrate first."
        )
    # DEBUG=1 only supplies a development SECRET_KEY; its query log would skew the timings.
    settings.DEBUG = False
    owner = user_register(
        username=f"bench-{secrets.token_hex(6)}", password=secrets.token_urlsafe(24)
    )
    try:
        started = time.perf_counter()
        created = expenses_seed_demo(owner=owner, seed=seed, end=end, count=rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Expense._meta.db_table}")
        print(
            f"{connection.vendor} {connection.settings_dict['NAME']}: {created} expenses "
            f"created in {time.perf_counter() - started:.1f} s"
        )
        yield owner
    finally:
        started = time.perf_counter()
        Expense.tags.through.objects.filter(expense__owner=owner).delete()
        Expense.objects.filter(owner=owner).delete()
        owner.tags.all().delete()
        owner.delete()
        print(f"\nbench data deleted in {time.perf_counter() - started:.1f} s")


def print_table(title: str, cases, repeat: int) -> None:
    print(f"\n{title}: median of {repeat} runs, milliseconds")
    print(f"{'case':<34}{'ORM':>10}{'raw SQL':>10}{'ORM/raw':>10}")
    for name, orm, raw in cases:
        orm_ms, raw_ms = median_ms(orm, repeat), median_ms(raw, repeat)
        print(f"{name:<34}{orm_ms:>10.1f}{raw_ms:>10.1f}{orm_ms / raw_ms:>10.2f}")
