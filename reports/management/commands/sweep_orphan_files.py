"""Delete receipt files that no expense references: what a worker killed in the middle of
a restore or an upload leaves behind (a rollback that runs deletes them itself, see
`config.files.delete_unless_committed`)."""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from expenses.selectors import expense_receipts_referenced

RECEIPTS_FOLDER = "receipts"
BATCH = 2000


class Command(BaseCommand):
    help = (
        "Delete files in the receipts folder of MEDIA_ROOT that no expense references and "
        "that are older than --min-age-minutes (younger ones may belong to an upload or a "
        "restore that has not committed yet)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="leave files changed less than this many minutes ago (default 60)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list the orphans; delete nothing"
        )

    def handle(self, *args, **options) -> None:
        min_age = options["min_age_minutes"]
        if min_age < 0:
            raise CommandError("--min-age-minutes must be 0 or more.")
        dry_run = options["dry_run"]
        cutoff = timezone.now() - datetime.timedelta(minutes=min_age)
        if not default_storage.exists(RECEIPTS_FOLDER):
            self.stdout.write("No receipts folder; nothing to sweep.")
            return
        _folders, files = default_storage.listdir(RECEIPTS_FOLDER)
        names = sorted(f"{RECEIPTS_FOLDER}/{file}" for file in files)
        orphans, too_young, freed = [], 0, 0
        with tqdm(total=len(names), unit=" files", desc="Sweeping", file=self.stderr) as bar:
            for start in range(0, len(names), BATCH):
                batch = names[start : start + BATCH]
                referenced = expense_receipts_referenced(names=batch)
                for name in batch:
                    bar.update(1)
                    if name in referenced:
                        continue
                    try:
                        if default_storage.get_modified_time(name) > cutoff:
                            too_young += 1
                            continue
                        size = default_storage.size(name)
                    except OSError:  # deleted meanwhile
                        continue
                    orphans.append(name)
                    freed += size
                    if dry_run:
                        self.stdout.write(f"would delete {name}")
                    else:
                        default_storage.delete(name)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(orphans):,} orphan files ({freed:,} bytes) of {len(names):,}; "
                f"{too_young:,} unreferenced files younger than {min_age} minutes were left."
            )
        )
