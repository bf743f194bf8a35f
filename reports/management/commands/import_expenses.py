import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from config.exceptions import DomainError
from reports.errors import RowErrors
from reports.management.commands._common import add_user_argument, as_command_error, get_user
from reports.serializers_data import CsvImportSerializer
from reports.services.csv_import import CsvOptions
from reports.services.imports import statement_import


class Command(BaseCommand):
    help = (
        "Import expenses for a user from a CSV file (the export's format, or a bank's with "
        "--mapping) or an OFX/QFX statement. All or nothing; --dry-run writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_user_argument(parser)
        parser.add_argument("file", help="a .csv, .tsv, .ofx or .qfx file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--skip-duplicates", action="store_true")
        parser.add_argument(
            "--auto-categorize",
            action="store_true",
            help="fill missing categories with the smart categorizer's confident suggestions",
        )
        parser.add_argument("--mapping", help='JSON, e.g. {"date": "Txn Date", ...}')
        parser.add_argument("--date-format", help="e.g. %%d/%%m/%%Y")
        parser.add_argument(
            "--decimal", choices=[".", ","], help="detected from the file's amounts when absent"
        )
        parser.add_argument("--delimiter")
        parser.add_argument("--skip-rows", type=int, help="found after any preamble when absent")
        parser.add_argument("--amount-sign", choices=["auto", "positive", "negative"])
        parser.add_argument("--skip-values", help='JSON, e.g. {"State": ["REVERTED"]}')
        parser.add_argument("--currency")

    def handle(self, *args, **options) -> None:
        user = get_user(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        is_ofx = path.suffix.lower() in {".ofx", ".qfx"}
        csv_options = None if is_ofx else self._csv_options(options, user.default_currency)
        try:
            with tqdm(
                unit=" rows", desc="Importing", disable=options["dry_run"], file=self.stderr
            ) as bar:
                result = statement_import(
                    owner=user,
                    raw=path.read_bytes(),
                    csv_options=csv_options,
                    max_rows=settings.IMPORT_MAX_ROWS,
                    dry_run=options["dry_run"],
                    skip_duplicates=options["skip_duplicates"],
                    auto_categorize=options["auto_categorize"],
                    on_parsed=lambda rows: bar.reset(total=rows),
                    on_progress=bar.update,
                )
        except RowErrors as exc:
            lines = [f"line {e['row']}, {e['field']}: {e['message']}" for e in exc.errors[:50]]
            raise CommandError(
                f"Nothing imported: {len(exc.errors)} rows have problems.\n" + "\n".join(lines)
            ) from exc
        except DomainError as exc:
            raise as_command_error(exc) from exc
        verb = "Would create" if result.dry_run else "Created"
        summary = (
            f"{verb} {result.created:,} expenses for {user.username}; skipped "
            f"{result.skipped:,}; likely duplicates {result.duplicates:,}."
        )
        if "decimal" in result.detected:
            summary += f" Amounts read with the decimal separator {result.decimal!r} (detected)."
        if result.new_categories:
            summary += f" New categories: {', '.join(result.new_categories)}."
        self.stdout.write(self.style.SUCCESS(summary))

    def _csv_options(self, options: dict, default_currency: str) -> CsvOptions:
        form = {
            key: value
            for key, value in {
                "mapping": options["mapping"],
                "date_format": options["date_format"],
                "decimal": options["decimal"],
                "delimiter": options["delimiter"],
                "skip_rows": options["skip_rows"],
                "amount_sign": options["amount_sign"],
                "skip_values": options["skip_values"],
                "currency": options["currency"],
            }.items()
            if value is not None
        }
        serializer = CsvImportSerializer(data=form)
        serializer.fields.pop("file")
        if not serializer.is_valid():
            raise CommandError(json.dumps(serializer.errors, indent=2))
        return serializer.options(default_currency=default_currency)
