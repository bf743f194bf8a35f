from django.core.management.base import BaseCommand

from accounts import roles
from accounts.services import roles_seed


class Command(BaseCommand):
    help = "Create the role Groups (Admin, User). Safe to run again."

    def handle(self, *args, **options) -> None:
        created = roles_seed()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created roles: {', '.join(created)}"))
        else:
            self.stdout.write(f"Roles already present: {', '.join(roles.ALL)}")
