from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from accounts.models import User
from budgets.demo import budgets_seed_demo, workflow_seed_demo
from expenses.services_seed import expenses_seed_demo


class Command(BaseCommand):
    help = (
        "Fill a user's account with realistic demo spending: about two years of daily life "
        "(groceries, dining, commuting, rent, bills, subscriptions, trips, big purchases), "
        "or exactly --expenses N rows for load testing; plus budgets for the last four months."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="demo", help="username (default: demo)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
        parser.add_argument(
            "--expenses",
            type=int,
            default=None,
            help="create exactly N expenses (up to 1,000,000+)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the user has expenses already"
        )
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    def handle(self, *args, **options) -> None:
        try:
            user = User.objects.get(username=options["user"])
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {options['user']!r}; create it first.") from exc
        count = options["expenses"]
        if count is not None and count < 1:
            raise CommandError("--expenses must be at least 1.")
        if options["if_empty"] and user.expenses.exists():
            self.stdout.write(f"{user.username} already has expenses; nothing seeded.")
            return
        with tqdm(
            total=count,
            unit=" expenses",
            disable=options["no_progress"],
            desc="Seeding",
            file=self.stderr,
        ) as bar:
            created = expenses_seed_demo(
                owner=user,
                seed=options["seed"],
                end=timezone.localdate(),
                count=count,
                on_progress=bar.update,
            )
        budgets = budgets_seed_demo(owner=user, today=timezone.localdate())
        rules, schedules = workflow_seed_demo(owner=user, today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created:,} demo expenses, {budgets} budgets, {rules} rule and "
                f"{schedules} recurring expense for {user.username}."
            )
        )
