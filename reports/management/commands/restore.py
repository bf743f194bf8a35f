from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.exceptions import DomainError
from reports.management.commands._common import add_user_argument, as_command_error, get_user
from reports.services.restore import (
    RestoreResult,
    backup_open_zip,
    backup_read_json_file,
    backup_restore,
    backup_validate,
)


class Command(BaseCommand):
    help = (
        "Restore a backup (.zip or .json) into a user's account. Everything is checked "
        "first; rows the account already has are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_user_argument(parser)
        parser.add_argument("file", help="backup.zip or backup.json")

    def handle(self, *args, **options) -> None:
        user = get_user(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            if path.suffix.lower() == ".zip":
                with path.open("rb") as handle, backup_open_zip(handle) as (document, receipts):
                    result = self._restore(user, document, receipts)
            else:
                with path.open("rb") as handle:
                    document = backup_read_json_file(handle)
                result = self._restore(user, document, None)
        except DomainError as exc:
            raise as_command_error(exc) from exc
        created = ", ".join(f"{n:,} {name}" for name, n in result.created.items())
        skipped = ", ".join(f"{n:,} {name}" for name, n in result.skipped.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored into {user.username}: created {created}; already there {skipped}."
            )
        )
        if result.receipts_missing:
            self.stdout.write(f"{result.receipts_missing} receipt files were not in the backup.")

    def _restore(self, user, document, receipts) -> RestoreResult:
        self.stdout.write("Checking the backup...")
        backup = backup_validate(document, receipts=receipts)
        self.stdout.write("Restoring...")
        return backup_restore(owner=user, backup=backup)
