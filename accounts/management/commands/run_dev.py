import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.services import roles_seed, user_register
from config.appserver import app_server, serving


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-expenses-2026"


class Command(BaseCommand):
    help = (
        "Set up the local database and a demo account, then serve the API and the browser "
        "app together. Ctrl-C stops both."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--api-port", type=int, default=8000)
        parser.add_argument("--app-port", type=int, default=5173)
        parser.add_argument(
            "--setup-only", action="store_true", help="Prepare the database, serve nothing."
        )

    def handle(self, *args, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        roles_seed()
        self._ensure_demo_account()
        if options["setup_only"]:
            return
        self._serve(options["host"], options["api_port"], options["app_port"])

    def _ensure_demo_account(self) -> None:
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            user_register(username=DEMO_USERNAME, password=DEMO_PASSWORD)
        if "seed_demo" in get_commands():
            call_command("seed_demo", user=DEMO_USERNAME, if_empty=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo account: username {DEMO_USERNAME!r}, password {DEMO_PASSWORD!r}"
            )
        )

    def _serve(self, host: str, api_port: int, app_port: int) -> None:
        manage = Path(settings.BASE_DIR) / "manage.py"
        # The API admits the app on whatever port it was given here, besides any configured:
        # its calls (CORS) and its sign-in, refresh and sign-out (the session's CSRF check).
        app_origins = [f"http://{name}:{app_port}" for name in dict.fromkeys([host, "localhost"])]
        environment = {
            **os.environ,
            "CORS_ALLOWED_ORIGINS": ",".join(
                dict.fromkeys([*settings.CORS_ALLOWED_ORIGINS, *app_origins])
            ),
            "CSRF_TRUSTED_ORIGINS": ",".join(
                dict.fromkeys([*settings.CSRF_TRUSTED_ORIGINS, *app_origins])
            ),
        }
        api = subprocess.Popen(
            [sys.executable, str(manage), "runserver", f"{host}:{api_port}"], env=environment
        )
        # `kill` (SIGTERM) stops both servers as Ctrl-C does.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            with serving(app_server(host, app_port, api_port=api_port)):
                self.stdout.write(
                    self.style.SUCCESS(
                        f"API on http://{host}:{api_port}/api/v1/ (docs: /api/v1/docs/), "
                        f"app on http://{host}:{app_port}/ - Ctrl-C stops both."
                    )
                )
                while api.poll() is None:
                    time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            if api.poll() is None:
                api.terminate()
            try:
                api.wait(timeout=10)
            except subprocess.TimeoutExpired:
                api.kill()
