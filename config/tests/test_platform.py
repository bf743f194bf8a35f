import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db

PRODUCTION_KNOBS = {"SECRET_KEY", "DEBUG", "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS"}


def test_health_answers_ok_without_auth(api_client):
    response = api_client.get("/api/v1/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_schema_is_openapi_3_json_and_lists_the_auth_endpoints(api_client):
    response = api_client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/auth/token/", "/api/v1/auth/me/", "/api/v1/health/"):
        assert path in schema["paths"]


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "openapi: 3" in target.read_text()


def test_docs_page_is_served_with_local_assets(api_client):
    response = api_client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html


def test_cors_allows_the_app_origin_only(api_client):
    allowed = api_client.get("/api/v1/health/", HTTP_ORIGIN="http://127.0.0.1:5173")
    assert allowed.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:5173"
    other = api_client.get("/api/v1/health/", HTTP_ORIGIN="http://evil.example")
    assert "Access-Control-Allow-Origin" not in other.headers


def _run_settings(env: dict, code: str = "import django; django.setup()"):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_KNOBS}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
    )


def test_sqlite_connections_are_tuned_for_several_workers(tmp_path):
    code = (
        "import json, django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); "
        "print(json.dumps({name: cursor.execute(f'PRAGMA {name}').fetchone()[0] "
        "for name in ('journal_mode', 'busy_timeout', 'foreign_keys')} | "
        "{'mode': connection.transaction_mode}))"
    )
    env = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tuned.sqlite3'}",
        "SQLITE_BUSY_TIMEOUT_SECONDS": "7",
    }
    result = _run_settings(env, code=code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "journal_mode": "wal",
        "busy_timeout": 7000,
        "foreign_keys": 1,
        "mode": "IMMEDIATE",
    }


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEFAULT_CURRENCY", "EURO", "DEFAULT_CURRENCY"),
        ("BUDGET_WARN_THRESHOLD", "1.5", "BUDGET_WARN_THRESHOLD"),
        ("BUDGET_WARN_THRESHOLD", "lots", "BUDGET_WARN_THRESHOLD"),
        ("EXPENSE_EDIT_WINDOW_HOURS", "three days", "EXPENSE_EDIT_WINDOW_HOURS"),
        ("NUM_PROXIES", "-1", "NUM_PROXIES"),
        ("NUM_PROXIES", "one", "NUM_PROXIES"),
    ],
)
def test_a_bad_setting_stops_the_start_with_its_name(name, value, message):
    result = _run_settings({"DEBUG": "1", name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_without_secret_key_refuses_to_start():
    result = _run_settings({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_with_secret_key_starts():
    result = _run_settings({"DEBUG": "0", "SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "k8#Qz!v2@Lp9$Wm4^Tn7&Rb1*Yc6(Xd3)Fg5_Hj0+Ks8=Ua2-Ve4~Ni6",
        "ALLOWED_HOSTS": "expenses.example.com",
    }
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_KNOBS}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_seed_roles_is_idempotent():
    from django.contrib.auth.models import Group

    out = StringIO()
    call_command("seed_roles", stdout=out)
    call_command("seed_roles", stdout=out)
    assert sorted(Group.objects.values_list("name", flat=True)) == ["Admin", "User"]
    assert "already present" in out.getvalue()


def test_run_dev_setup_creates_a_demo_account_that_can_log_in(api_client):
    out = StringIO()
    call_command("run_dev", "--setup-only", stdout=out)
    assert "demo" in out.getvalue()
    demo = User.objects.get(username="demo")
    assert list(demo.groups.values_list("name", flat=True)) == ["User"]
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "demo", "password": "demo-expenses-2026"}
    )
    assert response.status_code == 200
    assert json.loads(response.content)["access"]


def test_admin_user_list_shows_and_filters_by_role(client, make_user):
    staff = make_user("staffer", admin=True, is_staff=True, is_superuser=True)
    make_user("plain")
    client.force_login(staff)
    from django.contrib.auth.models import Group

    admin_group = Group.objects.get(name="Admin")
    response = client.get(f"/admin/accounts/user/?groups__id__exact={admin_group.id}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "staffer" in html
    assert "plain" not in html
    assert "Roles" in html
