"""`manage.py rollups_check [--fix]`: are the expense rollups (per owner, currency, category
and day) equal to the sums of the rows? Exit 1 when they differ; `--fix` rebuilds them."""

from django.core.management.base import BaseCommand, CommandError

from expenses import rollups

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Check that the expense rollups equal the sums of the expenses (exit 1 if not); "
        "--fix rebuilds them from the expenses."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--fix", action="store_true", help="rebuild the rollups from the expenses"
        )

    def handle(self, *args, fix: bool = False, **options) -> None:
        found = rollups.differences()
        if not found:
            self.stdout.write(self.style.SUCCESS("The rollups equal the expenses' sums."))
            return
        self.stdout.write(f"{len(found):,} rollup keys differ from the expenses' sums:")
        for difference in found[:SHOWN]:
            owner, currency, category, day = difference.key
            self.stdout.write(
                f"  owner {owner} {currency} category {category or 'none'} {day}: "
                f"expenses {_pair(difference.expected)}, rollup {_pair(difference.found)}"
            )
        if len(found) > SHOWN:
            self.stdout.write(f"  … and {len(found) - SHOWN:,} more")
        if not fix:
            raise CommandError("The rollups are not exact: run with --fix to rebuild them.")
        made = rollups.rebuild()
        left = rollups.differences()
        if left:
            raise CommandError(f"Rebuilt {made:,} rollup rows, yet {len(left):,} keys differ.")
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {made:,} rollup rows: they are exact."))


def _pair(value: tuple[int, int] | None) -> str:
    if value is None:
        return "none"
    cents, count = value
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d} in {count}"
