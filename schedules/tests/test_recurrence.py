"""The dates of a schedule, as a table: months of every length, leap years, intervals,
end dates and counts."""

import datetime

import pytest

from schedules.recurrence import Rule, pending_dates

D = datetime.date


def first(rule: Rule, n: int, **kwargs) -> list[datetime.date]:
    found = []
    for day in pending_dates(rule, next_due=rule.next_on_or_after(rule.start), **kwargs):
        found.append(day)
        if len(found) == n:
            break
    return found


@pytest.mark.parametrize(
    ("rule", "n", "expected"),
    [
        # monthly on the 31st: the last day of shorter months, February of a leap year too
        (
            Rule(D(2024, 1, 31), "monthly"),
            5,
            [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31)],
        ),
        (Rule(D(2025, 1, 31), "monthly"), 3, [D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31)]),
        # a day of the month before the start's day: the first date is next month
        (
            Rule(D(2026, 3, 15), "monthly", day_of_month=1),
            3,
            [D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1)],
        ),
        (
            Rule(D(2026, 1, 10), "monthly", day_of_month=30),
            3,
            [D(2026, 1, 30), D(2026, 2, 28), D(2026, 3, 30)],
        ),
        # across the year's end
        (Rule(D(2025, 11, 1), "monthly"), 3, [D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1)]),
        # weekly and every two weeks
        (Rule(D(2026, 2, 23), "weekly"), 3, [D(2026, 2, 23), D(2026, 3, 2), D(2026, 3, 9)]),
        (
            Rule(D(2026, 2, 23), "weekly", interval=2),
            3,
            [D(2026, 2, 23), D(2026, 3, 9), D(2026, 3, 23)],
        ),
        # yearly on 29 February: the 28th in other years, the 29th again in leap years
        (
            Rule(D(2024, 2, 29), "yearly"),
            5,
            [D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)],
        ),
        (Rule(D(2026, 7, 4), "yearly", interval=2), 2, [D(2026, 7, 4), D(2028, 7, 4)]),
        # every N days and every N months
        (
            Rule(D(2026, 2, 27), "every_n_days", interval=3),
            3,
            [D(2026, 2, 27), D(2026, 3, 2), D(2026, 3, 5)],
        ),
        (
            Rule(D(2026, 1, 31), "every_n_months", interval=3),
            4,
            [D(2026, 1, 31), D(2026, 4, 30), D(2026, 7, 31), D(2026, 10, 31)],
        ),
        (
            Rule(D(2026, 1, 15), "every_n_months", interval=2, day_of_month=31),
            3,
            [D(2026, 1, 31), D(2026, 3, 31), D(2026, 5, 31)],
        ),
        # an end date ends it (inclusive)
        (
            Rule(D(2026, 1, 1), "monthly", end_date=D(2026, 3, 1)),
            10,
            [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)],
        ),
        (Rule(D(2026, 1, 5), "monthly", day_of_month=1, end_date=D(2026, 1, 31)), 10, []),
    ],
)
def test_dates_of_a_rule(rule, n, expected):
    assert first(rule, n) == expected


def test_a_count_limits_the_dates_and_skipped_ones_are_left_out():
    rule = Rule(D(2026, 1, 1), "monthly")
    assert first(rule, 10, remaining=3) == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    # February was skipped ahead of time: it counted already, so 2 remain after it
    assert first(rule, 10, remaining=2, recorded={D(2026, 2, 1)}) == [D(2026, 1, 1), D(2026, 3, 1)]


@pytest.mark.parametrize(
    "rule",
    [
        Rule(D(2020, 1, 31), "monthly"),
        Rule(D(2020, 2, 29), "yearly"),
        Rule(D(2021, 3, 3), "weekly", interval=3),
        Rule(D(2021, 3, 3), "every_n_days", interval=5),
        Rule(D(2021, 5, 20), "every_n_months", interval=5, day_of_month=2),
    ],
)
def test_next_after_any_day_matches_walking_from_the_start(rule):
    walked = first(rule, 400)
    for probe in (walked[0] + datetime.timedelta(days=k) for k in range(0, 1500, 7)):
        expected = next((day for day in walked if day > probe), None)
        if expected is not None:
            assert rule.next_after(probe) == expected, probe
        assert rule.next_on_or_after(probe) == next(d for d in walked if d >= probe), probe


def test_the_calendars_end_ends_a_rule():
    assert first(Rule(D(9999, 11, 30), "monthly"), 5) == [D(9999, 11, 30), D(9999, 12, 30)]
    assert Rule(D(9999, 12, 30), "weekly").next_after(D(9999, 12, 30)) is None
