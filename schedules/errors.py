"""The errors of schedules, answered as `{"detail", "code"}` (or on a field)."""

from config.exceptions import Conflict, DomainError, FieldErrors


class ScheduleFinished(Conflict):
    code = "schedule_finished"
    default_detail = "This schedule has no occurrence left to skip."


class TooManySchedules(DomainError):
    code = "too_many_schedules"
    default_detail = (
        "You have as many recurring expenses as one account may have; delete one first."
    )


def not_an_occurrence(day: str) -> FieldErrors:
    return FieldErrors.on(
        "date",
        f"{day} is not an upcoming occurrence of this schedule (already past, skipped "
        "or not on its dates).",
    )
