import shutil

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from expenses.selectors import expense_count
from reports.management.commands._common import add_user_argument, get_user
from reports.services.backup import backup_json_chunks, backup_zip_file


class Command(BaseCommand):
    help = (
        "Write a full backup of a user's data: a .zip (backup.json plus receipt files) or, "
        "with a .json name, the document alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_user_argument(parser)
        parser.add_argument("output", help="backup.zip or backup.json")

    def handle(self, *args, **options) -> None:
        user = get_user(options["user"])
        target = options["output"]
        expenses = expense_count(owner=user)
        if target.lower().endswith(".json"):
            with (
                open(target, "w", encoding="utf-8") as out,
                tqdm(total=expenses, unit=" expenses", desc="Backing up", file=self.stderr) as bar,
            ):

                def count(section: str) -> None:
                    if section == "expenses":
                        bar.update(1)

                for chunk in backup_json_chunks(owner=user, on_row=count):
                    out.write(chunk)
        else:
            with open(target, "wb") as zip_out:
                shutil.copyfileobj(backup_zip_file(owner=user), zip_out)
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {user.username} ({expenses:,} expenses) to {target}.")
        )
