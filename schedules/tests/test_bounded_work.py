"""What one request may cost: a long backlog is created MAX_PER_REQUEST at a time (the
owner's rules read once), `run_schedules` drains it at once; upcoming bills and the number
of schedules stay bounded."""

import datetime
import tracemalloc
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from categories.models import Category
from expenses.models import Expense
from rules.models import Rule
from schedules.models import Occurrence, Schedule
from schedules.selectors import schedule_upcoming
from schedules.services import MAX_PER_REQUEST, MAX_SCHEDULES_PER_USER
from schedules.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 3, 10)
NOON = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)
# A weekly schedule started about three years back: 157 dates due by TODAY.
START = D(2023, 3, 14)
DUE = (TODAY - START).days // 7 + 1


def client_of(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client


@pytest.fixture
def backlog(alice):
    housing = Category.objects.get(owner=None, name="Housing")
    # Rules apply to every created expense (read once per call, not once per expense).
    Rule.objects.create(
        owner=alice,
        name="Cleaner",
        position=0,
        conditions=[{"field": "description", "operator": "contains", "value": "cleaner"}],
        set_category=housing,
        add_tags=["home"],
    )
    return ScheduleFactory(
        owner=alice, description="Cleaner", start_date=START, period="weekly", tags=["weekly"]
    )


def assert_each_date_once(alice) -> None:
    dates = list(Expense.objects.filter(owner=alice).values_list("date", flat=True))
    assert len(dates) == len(set(dates)) == DUE
    assert Occurrence.objects.filter(expense__isnull=False).count() == DUE


def test_a_request_creates_at_most_the_cap_and_its_queries_are_bounded(
    alice, backlog, django_assert_max_num_queries
):
    assert DUE > 2 * MAX_PER_REQUEST
    with time_machine.travel(NOON, tick=False):
        client = client_of(alice)
        # Per expense: savepoint, insert, tags (resolve, read, link), release, occurrence;
        # plus the request's own few. A rules query per expense would pass this bound.
        with django_assert_max_num_queries(MAX_PER_REQUEST * 7 + 15):
            assert client.get("/api/v1/auth/me/").status_code == 200
        assert Expense.objects.filter(owner=alice).count() == MAX_PER_REQUEST
        backlog.refresh_from_db()
        assert backlog.next_due is not None and backlog.next_due <= TODAY  # still due
        ruled = Expense.objects.filter(owner=alice).first()
        assert ruled is not None and ruled.category is not None
        assert sorted(ruled.tags.values_list("name", flat=True)) == ["home", "weekly"]
        requests = 1
        while Expense.objects.filter(owner=alice).count() < DUE and requests < 10:
            client.get("/api/v1/auth/me/")
            requests += 1
    assert requests == -(-DUE // MAX_PER_REQUEST)
    assert_each_date_once(alice)
    backlog.refresh_from_db()
    assert backlog.next_due == D(2026, 3, 17)


def test_run_schedules_drains_the_whole_backlog_at_once(alice, backlog):
    with time_machine.travel(NOON, tick=False):
        out = StringIO()
        call_command("run_schedules", stdout=out, stderr=StringIO())
        again = StringIO()
        call_command("run_schedules", stdout=again, stderr=StringIO())
        client_of(alice).get("/api/v1/auth/me/")
    assert f"Created {DUE} scheduled expense(s) for 1 user(s)" in out.getvalue()
    assert "Created 0 scheduled expense(s) for 0 user(s)" in again.getvalue()
    assert_each_date_once(alice)


def test_upcoming_keeps_date_order_and_the_limit_across_schedules(alice):
    for n, period in enumerate(["weekly", "every_n_days", "monthly"]):
        ScheduleFactory(
            owner=alice, description=f"Bill {n}", start_date=D(2026, 3, 1), period=period
        )
    rows = schedule_upcoming(owner=alice, start=D(2026, 3, 10), end=D(2026, 6, 30), limit=40)
    assert len(rows) == 40
    keys = [(row.date, row.schedule.description) for row in rows]
    assert keys == sorted(keys)
    everything = schedule_upcoming(owner=alice, start=D(2026, 3, 10), end=D(2026, 6, 30))
    assert [(row.date, row.schedule.id) for row in everything[:40]] == [
        (row.date, row.schedule.id) for row in rows
    ]


def test_upcoming_does_not_hold_every_occurrence_in_memory(alice):
    # 60 daily schedules over a year: ~22,000 occurrences, of which 500 are answered.
    for _ in range(60):
        ScheduleFactory(owner=alice, start_date=D(2026, 1, 1), period="every_n_days")
    list(Schedule.objects.filter(owner=alice))  # warm up what the first query caches
    tracemalloc.start()
    try:
        rows = schedule_upcoming(owner=alice, start=D(2026, 1, 1), end=D(2026, 12, 31))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == 500
    assert peak < 1_500_000, peak


def test_an_account_has_at_most_max_schedules(alice):
    Schedule.objects.bulk_create(
        Schedule(
            owner=alice,
            description=f"Bill {n}",
            amount=1,
            start_date=D(2099, 1, 1),
            period="monthly",
            next_due=D(2099, 1, 1),
        )
        for n in range(MAX_SCHEDULES_PER_USER)
    )
    body = {"description": "One more", "amount": "5.00", "start_date": "2099-01-01"}
    with time_machine.travel(NOON, tick=False):
        refused = client_of(alice).post(
            "/api/v1/schedules/", {**body, "period": "monthly"}, format="json"
        )
        assert refused.status_code == 400, refused.content
        assert refused.json()["code"] == "too_many_schedules"
        Schedule.objects.filter(owner=alice).first().delete()
        accepted = client_of(alice).post(
            "/api/v1/schedules/", {**body, "period": "monthly"}, format="json"
        )
    assert accepted.status_code == 201, accepted.content
    assert Schedule.objects.filter(owner=alice).count() == MAX_SCHEDULES_PER_USER
