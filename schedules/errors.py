"""The errors of schedules, answered as `{"detail", "code"}` (or on a field)."""

from config.exceptions import Conflict, FieldErrors


class ScheduleFinished(Conflict):
    code = "schedule_finished"
    default_detail = "This schedule has no occurrence left to skip."


def not_an_occurrence(day: str) -> FieldErrors:
    return FieldErrors.on(
        "date",
        f"{day} is not an upcoming occurrence of this schedule (already past, skipped "
        "or not on its dates).",
    )
