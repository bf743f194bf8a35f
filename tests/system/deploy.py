"""A real deployment for system tests: gunicorn with several workers on 127.0.0.1, on a
database of its own of the kind the suite runs on (SQLite file, or a PostgreSQL database
created for the run), migrated by `manage.py migrate`."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Deployment:
    database_url: str
    vendor: str
    env: dict[str, str]

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def query(self, sql: str) -> list[tuple]:
        """Read the deployment's database directly (to check what was really written)."""
        if self.vendor == "sqlite":
            import sqlite3

            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.database_url) as db:
            return db.execute(sql).fetchall()


@pytest.fixture
def deployment(tmp_path) -> Iterator[Deployment]:
    """An empty, migrated database of the suite's kind, and the environment to serve it."""
    default = django_settings.DATABASES["default"]
    vendor = "postgresql" if "postgresql" in default["ENGINE"] else "sqlite"
    admin_url = None
    if vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'system.sqlite3'}"
    else:
        name = f"system_{uuid.uuid4().hex[:10]}"
        host, port = default.get("HOST") or "127.0.0.1", default.get("PORT") or 5432
        user = default.get("USER") or "postgres"
        admin_url = f"postgresql://{user}@{host}:{port}/postgres"
        url = f"postgresql://{user}@{host}:{port}/{name}"
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "system-test-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": url,
        "REDIS_URL": "",
        "AUTH_THROTTLE_RATE": "100000/min",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    found = Deployment(database_url=url, vendor=vendor, env=env)
    found.manage("migrate", "--verbosity", "0")
    yield found
    if admin_url is not None:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


class Gunicorn:
    """`gunicorn config.wsgi` with `workers` processes on a free port; stopped at the end."""

    def __init__(
        self, deployment: Deployment, *, workers: int = 4, env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(  # noqa: SIM115 - closed in stop()
            Path(deployment.env["MEDIA_ROOT"]).parent / f"gunicorn-{self.port}.log", "w+"
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
            ],
            env={**deployment.env, **(env or {})},
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a kill takes the workers too
        )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.output()}")
            try:
                if httpx.get(f"{self.url}/api/v1/health/", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"gunicorn did not answer in {START_SECONDS} s")

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def kill(self) -> None:
        """SIGKILL the whole server (master and workers), as a crash would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def gunicorn(deployment) -> Iterator[Gunicorn]:
    server = Gunicorn(deployment)
    yield server
    server.stop()


def sign_up(base_url: str, username: str, password: str = "a-long-system-password-7") -> str:
    """Register a user through the API and return an access token."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        created = client.post(
            "/api/v1/auth/register/", json={"username": username, "password": password}
        )
        assert created.status_code == 201, created.text
        token = client.post(
            "/api/v1/auth/token/", json={"username": username, "password": password}
        )
        assert token.status_code == 200, token.text
        return token.json()["access"]


@contextmanager
def run_dev_on_free_ports(tmp_path: Path, **environment: str) -> Iterator[tuple[str, str]]:
    """`manage.py run_dev` as `make dev DEV_ARGS="--api-port A --app-port B"` runs it, on two
    free ports and a SQLite database of its own (with the demo account it creates), until the
    block ends; yields (API origin, app origin) once both answer. `environment` adds to or
    overrides the process's settings."""
    api_port, app_port = free_port(), free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CORS_ALLOWED_ORIGINS": "",
        **environment,
    }
    command = [sys.executable, str(ROOT / "manage.py"), "run_dev"]
    command += ["--api-port", str(api_port), "--app-port", str(app_port)]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    api_origin, app_origin = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{app_port}"
    try:
        for url in (f"{app_origin}/", f"{api_origin}/api/v1/health/"):
            deadline = time.monotonic() + START_SECONDS
            while True:
                if process.poll() is not None:
                    pytest.fail(f"run_dev exited with {process.returncode}")
                try:
                    httpx.get(url, timeout=2)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"nothing answered at {url} within {START_SECONDS} s")
                    time.sleep(0.3)
        yield api_origin, app_origin
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
    assert process.returncode == 0, f"run_dev exited with {process.returncode}"
