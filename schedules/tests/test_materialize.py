"""Materialization outside a request: `manage.py run_schedules`, the index behind the
per-request check, and the database refusing a second occurrence on one date."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from expenses.models import Expense
from schedules.models import Occurrence, Schedule
from schedules.selectors import schedules_due_exist
from schedules.services import schedules_materialize
from schedules.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NOON = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)


def test_run_schedules_creates_every_users_due_expenses_once(alice, bob):
    ScheduleFactory(owner=alice, description="Rent", start_date=D(2026, 1, 1))
    ScheduleFactory(owner=bob, description="Gym", start_date=D(2026, 3, 2), period="weekly")
    ScheduleFactory(owner=bob, description="Paused", start_date=D(2026, 1, 1), paused=True)
    ScheduleFactory(owner=bob, description="Later", start_date=D(2026, 4, 1))
    with time_machine.travel(NOON, tick=False):
        out = StringIO()
        call_command("run_schedules", stdout=out, stderr=StringIO())
        assert "Created 5 scheduled expense(s) for 2 user(s)" in out.getvalue()
        again = StringIO()
        call_command("run_schedules", stdout=again, stderr=StringIO())
        assert "Created 0 scheduled expense(s) for 0 user(s)" in again.getvalue()
    assert sorted(Expense.objects.values_list("description", "date")) == [
        ("Gym", D(2026, 3, 2)),
        ("Gym", D(2026, 3, 9)),
        ("Rent", D(2026, 1, 1)),
        ("Rent", D(2026, 2, 1)),
        ("Rent", D(2026, 3, 1)),
    ]
    assert Schedule.objects.get(description="Rent").next_due == D(2026, 4, 1)


def test_materialize_is_idempotent_for_one_day(alice):
    ScheduleFactory(owner=alice, start_date=D(2026, 1, 1))
    assert schedules_materialize(owner=alice, today=D(2026, 3, 10)) == 3
    assert schedules_materialize(owner=alice, today=D(2026, 3, 10)) == 0
    assert not schedules_due_exist(owner=alice, today=D(2026, 3, 31))
    assert schedules_due_exist(owner=alice, today=D(2026, 4, 1))


def test_the_database_refuses_a_second_occurrence_on_one_date(alice):
    schedule = ScheduleFactory(owner=alice)
    Occurrence.objects.create(schedule=schedule, due_date=D(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Occurrence.objects.create(schedule=schedule, due_date=D(2026, 1, 1))


def test_the_per_request_check_uses_the_partial_index(alice, bob):
    for owner in (alice, bob):
        Schedule.objects.bulk_create(
            ScheduleFactory.build(owner=owner, start_date=D(2027, 1, 1) + datetime.timedelta(n))
            for n in range(300)
        )
    # The query `schedules_due_exist` makes: EXISTS as Django writes it (LIMIT 1, unordered).
    queryset = Schedule.objects.filter(owner=alice, paused=False, next_due__lte=D(2026, 3, 1))
    query = queryset.order_by().values("id")[:1].query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE schedules_schedule")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())
    assert "schedule_owner_due_idx" in re.findall(r"\w+", plan), plan
