from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from tqdm import tqdm

from schedules.selectors import schedule_due_owner_ids
from schedules.services import schedules_materialize_all

PROGRESS_FROM_USERS = 50
"""A progress bar is shown from this many users with due schedules on."""


class Command(BaseCommand):
    help = (
        "Create the expenses of every recurring expense that is due, for every user: for "
        "deployments that prefer a timer (cron, systemd) to creating them on each user's next "
        "request. Idempotent: running it twice, or while users make requests, creates each "
        "occurrence once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        ids = schedule_due_owner_ids(today=today)
        with tqdm(
            total=len(ids),
            unit=" users",
            desc="Scheduling",
            file=self.stderr,
            disable=options["no_progress"] or len(ids) < PROGRESS_FROM_USERS,
        ) as bar:
            users, created = schedules_materialize_all(
                today=today, owner_ids=ids, on_progress=bar.update
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created:,} scheduled expense(s) for {users:,} user(s) "
                f"(due up to {today.isoformat()})."
            )
        )
