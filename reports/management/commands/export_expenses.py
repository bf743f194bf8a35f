from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from expenses.filters import ExportFilter
from expenses.selectors import expense_list
from reports.management.commands._common import add_user_argument, get_user
from reports.services.exports import expenses_csv_chunks


class Command(BaseCommand):
    help = "Export a user's expenses as CSV (the format import_expenses reads back)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_user_argument(parser)
        parser.add_argument("--output", "-o", default="-", help="file to write (default: stdout)")
        parser.add_argument("--start", help="first date, YYYY-MM-DD")
        parser.add_argument("--end", help="last date, YYYY-MM-DD")

    def handle(self, *args, **options) -> None:
        user = get_user(options["user"])
        params = {key: options[key] for key in ("start", "end") if options[key]}
        filters = ExportFilter(data=params, queryset=expense_list(owner=user))
        if not filters.is_valid():
            raise CommandError(dict(filters.errors))
        expenses = filters.qs
        total = expenses.count()
        written = 0

        def on_rows(count: int) -> None:
            nonlocal written
            written += count
            bar.update(count)

        with tqdm(
            total=total,
            unit=" rows",
            desc="Exporting",
            disable=options["output"] == "-",
            file=self.stderr,
        ) as bar:
            chunks = expenses_csv_chunks(expenses, on_rows=on_rows)
            if options["output"] == "-":
                self.stdout.writelines(chunks)
            else:
                with open(options["output"], "w", encoding="utf-8", newline="") as target:
                    target.writelines(chunks)
        self.stderr.write(self.style.SUCCESS(f"Exported {written:,} expenses of {user.username}."))
