"""One error model: services raise `DomainError`s (never DRF's ValidationError), every code
is listed in the schema, and the browser app compares only against codes that exist."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import get_resolver

from config.exceptions import error_codes

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "categories", "expenses", "budgets", "ai", "reports"]


def _service_modules() -> list[Path]:
    found = []
    for app in APPS:
        for pattern in ("services.py", "services/**/*.py", "selectors.py", "receipts.py"):
            found += [path for path in (ROOT / app).glob(pattern) if "tests" not in path.parts]
    return found


def _raised_names(path: Path) -> list[str]:
    """What the module's functions raise; serializer field classes (a backup document's
    shape) raise ValidationError by DRF's contract, caught by their serializer."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_fields = {
        id(node)
        for cls in ast.walk(tree)
        if isinstance(cls, ast.ClassDef)
        and any(ast.unparse(base).startswith("serializers.") for base in cls.bases)
        for node in ast.walk(cls)
    }
    raised = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None and id(node) not in in_fields:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            raised.append(ast.unparse(target))
    return raised


def test_services_raise_no_drf_validation_errors():
    modules = _service_modules()
    assert len(modules) > 10  # the walk found the services
    offenders = {
        str(path.relative_to(ROOT)): name
        for path in modules
        for name in _raised_names(path)
        if name.endswith("ValidationError")
    }
    assert offenders == {}


def test_every_domain_error_code_is_in_the_schema(api_client):
    get_resolver().url_patterns  # noqa: B018 - loads every app's views and errors
    schema = api_client.get("/api/v1/schema/?format=json").json()
    listed = schema["components"]["schemas"]["ErrorCode"]["enum"]
    assert listed == error_codes()
    for code in ("edit_window_expired", "category_in_use", "invalid_rows", "invalid_backup"):
        assert code in listed


@pytest.mark.django_db
def test_the_browser_app_compares_only_against_codes_that_exist():
    get_resolver().url_patterns  # noqa: B018
    source = (ROOT / "frontend" / "js" / "errors.js").read_text(encoding="utf-8")
    used = re.findall(r':\s*"([a-z_]+)"', source)
    assert used
    assert set(used) <= set(error_codes())
    pages = "".join(path.read_text() for path in (ROOT / "frontend" / "js").rglob("*.js"))
    assert not re.search(r'\.code\s*[!=]==?\s*"', pages), "compare codes through ErrorCode"
