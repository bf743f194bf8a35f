"""Isolation by enumeration (issue 12): every route of the URL configuration is listed in
ROUTES with how it is checked, and the test that walks the resolver fails on a route (or a
method) that is not. For each object route and method bob gets the same 404 for alice's
object as for one that does not exist, and alice's row is unchanged; system categories are
readable by everyone and changeable by no one (403). Every collection, filter, report,
export, backup and insight bob reads is the same before and after alice's rows exist and
never shows one of her markers; every write bob makes (creates, budget copy, imports,
restores, categorizer) stays in his account."""

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from budgets.models import Budget
from categories.models import Category, Tag
from config.tests import isolation_data as data
from conftest import PASSWORD
from expenses.models import Expense
from expenses.tests.receipts import png
from reports.models import ImportProfile
from rules.models import Rule
from schedules.models import Schedule

pytestmark = pytest.mark.django_db

# How a route is checked.
PUBLIC = "public"  # no user data: health, schema, docs, sign-in and sign-up
SELF = "self"  # acts on the requesting user only; no id in the route
COLLECTION = "collection"  # a GET answer built from the user's rows: see QUERIES
WRITE = "write"  # creates or changes the requester's rows from a body: see WRITES
ADMIN = "admin"  # the Django admin site (session sign-in, staff only)
CATCH_ALL = "catch-all"  # the JSON 404 for every unknown /api/ path
OBJECT_KINDS = {"expense", "receipt", "category", "budget", "rule"}  # an alice object is created
OBJECT_KINDS.add("import_profile")
OBJECT_KINDS.add("schedule")

# Every route (as the resolver spells it, see `route_text`) → {method: how it is checked}.
# "*" stands for every method (a plain function view, the admin site).
ROUTES: dict[str, dict[str, str]] = {
    "admin/": {"*": ADMIN},
    "api/": {"*": CATCH_ALL},
    "api/v1/health/": {"get": PUBLIC},
    "api/v1/schema/": {"get": PUBLIC},
    "api/v1/docs/": {"get": PUBLIC},
    "api/v1/auth/register/": {"get": PUBLIC, "post": PUBLIC},
    "api/v1/auth/token/": {"post": PUBLIC},
    "api/v1/auth/token/refresh/": {"post": PUBLIC},
    # The browser's cookie session: signing in and the CSRF token are public; refresh and
    # sign-out act only on the cookie the caller holds.
    "api/v1/auth/session/": {"post": PUBLIC},
    "api/v1/auth/session/csrf/": {"get": PUBLIC},
    "api/v1/auth/session/refresh/": {"post": SELF},
    "api/v1/auth/session/logout/": {"post": SELF},
    "api/v1/auth/logout/": {"post": SELF},
    "api/v1/auth/logout-all/": {"post": SELF},
    "api/v1/auth/password/": {"post": SELF},
    "api/v1/auth/delete-account/": {"post": SELF},
    "api/v1/auth/me/": {"get": SELF, "patch": SELF},
    "api/v1/categories/": {"get": COLLECTION, "post": WRITE},
    "api/v1/categories/<pk>/": {"get": "category", "patch": "category", "delete": "category"},
    "api/v1/tags/": {"get": COLLECTION},
    "api/v1/rules/": {"get": COLLECTION, "post": WRITE},
    "api/v1/rules/reorder/": {"post": WRITE},
    "api/v1/rules/apply/": {"post": WRITE},
    "api/v1/rules/<pk>/": {"get": "rule", "put": "rule", "patch": "rule", "delete": "rule"},
    "api/v1/rules/<pk>/apply/": {"post": "rule"},
    "api/v1/expenses/": {"get": COLLECTION, "post": WRITE},
    "api/v1/expenses/totals/": {"get": COLLECTION},
    "api/v1/expenses/bulk/": {"post": WRITE},
    "api/v1/expenses/bulk-delete/": {"post": WRITE},
    "api/v1/expenses/<pk>/": {
        "get": "expense",
        "put": "expense",
        "patch": "expense",
        "delete": "expense",
    },
    "api/v1/expenses/<pk>/receipt/": {"get": "receipt", "put": "receipt", "delete": "receipt"},
    "api/v1/budgets/": {"get": COLLECTION, "post": WRITE},
    "api/v1/budgets/copy/": {"post": WRITE},
    "api/v1/budgets/status/": {"get": COLLECTION},
    "api/v1/budgets/<pk>/": {"get": "budget", "patch": "budget", "delete": "budget"},
    "api/v1/ai/categorize/": {"post": WRITE},
    "api/v1/ai/insights/": {"get": COLLECTION},
    "api/v1/reports/summary/": {"get": COLLECTION},
    "api/v1/reports/trends/": {"get": COLLECTION},
    "api/v1/reports/timeseries/": {"get": COLLECTION},
    "api/v1/export/expenses.csv": {"get": COLLECTION},
    "api/v1/export/backup.json": {"get": COLLECTION},
    "api/v1/export/backup.zip": {"get": COLLECTION},
    "api/v1/import/backup.json": {"post": WRITE},
    "api/v1/import/backup.zip": {"post": WRITE},
    "api/v1/import/expenses.csv": {"post": WRITE},
    "api/v1/import/expenses.ofx": {"post": WRITE},
    "api/v1/import/profiles/": {"get": COLLECTION, "post": WRITE},
    "api/v1/schedules/": {"get": COLLECTION, "post": WRITE},
    "api/v1/schedules/upcoming/": {"get": COLLECTION},
    "api/v1/schedules/<pk>/": {
        "get": "schedule",
        "put": "schedule",
        "patch": "schedule",
        "delete": "schedule",
    },
    "api/v1/schedules/<pk>/skip/": {"post": "schedule"},
    "api/v1/import/profiles/<pk>/": {
        "get": "import_profile",
        "patch": "import_profile",
        "delete": "import_profile",
    },
}

JAN = "start=2026-01-01&end=2026-03-31"
EXPENSE_FILTERS = [
    "",
    f"?search={data.DESCRIPTION}",
    "?search=ALICE",
    f"?search={data.MERCHANT}",
    f"?search={data.NOTES}",
    f"?category_id={data.CATEGORY_ID}",
    f"?tag={data.TAG}",
    "?start_date=2026-01-01&end_date=2026-01-31",
    "?min_amount=90000",
    "?ordering=-amount",
    "?currency=EUR",
]
# Every COLLECTION route → the query strings bob reads it with (filters aimed at alice's rows).
QUERIES: dict[str, list[str]] = {
    "api/v1/categories/": [""],
    "api/v1/tags/": [""],
    "api/v1/rules/": ["", "?page_size=500"],
    "api/v1/expenses/": EXPENSE_FILTERS,
    "api/v1/expenses/totals/": [*EXPENSE_FILTERS, "?category_id=none"],
    "api/v1/budgets/": ["", "?month=2026-01", "?month=2026-01&currency=EUR"],
    "api/v1/budgets/status/": ["", "?month=2026-01"],
    "api/v1/ai/insights/": ["", "?month=2026-01", "?month=2026-03"],
    "api/v1/reports/summary/": [f"?{JAN}"],
    "api/v1/reports/trends/": ["", "?month=2026-02"],
    "api/v1/reports/timeseries/": [f"?{JAN}", f"?{JAN}&bucket=monthly"],
    "api/v1/export/expenses.csv": [*EXPENSE_FILTERS, f"?{JAN}"],
    "api/v1/export/backup.json": [""],
    "api/v1/export/backup.zip": [""],
    "api/v1/import/profiles/": ["", "?page_size=500"],
    "api/v1/schedules/": ["", "?page_size=500"],
    "api/v1/schedules/upcoming/": ["", "?end=2027-01-31"],
}

RULE_CONDITIONS = [{"field": "description", "operator": "contains", "value": "bob"}]
# Bodies bob sends to alice's objects: valid ones, so only ownership can refuse them.
OBJECT_BODIES: dict[tuple[str, str], Callable[[], dict]] = {
    ("expense", "put"): lambda: {"amount": "1.00", "date": "2026-01-20", "description": "bob"},
    ("expense", "patch"): lambda: {"notes": "bob was here", "category": None},
    ("category", "patch"): lambda: {"name": "Bob took it"},
    ("budget", "patch"): lambda: {"amount": "1.00"},
    ("import_profile", "patch"): lambda: {"name": "bob's bank", "date_format": "12/31/2026"},
    ("rule", "put"): lambda: {"name": "bob", "conditions": RULE_CONDITIONS, "add_tags": ["b"]},
    ("rule", "patch"): lambda: {"enabled": False, "set_merchant": "bob"},
    ("schedule", "put"): lambda: {
        "description": "bob",
        "amount": "1.00",
        "start_date": "2026-01-01",
        "period": "weekly",
    },
    ("schedule", "patch"): lambda: {"paused": True, "amount": "1.00", "category": None},
    ("receipt", "put"): lambda: {"file": SimpleUploadedFile("r.png", png(), "image/png")},
}

# -- walking the URL configuration -------------------------------------------------------


def route_text(route: str) -> str:
    """`^expenses/(?P<pk>[^/.]+)/$` and `expenses/<int:pk>/` both read `expenses/<pk>/`."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
    route = re.sub(r"<\w+:(\w+)>", r"<\1>", route)
    return route.replace("^", "").replace("$", "").replace("\\", "")


def view_methods(callback) -> set[str]:
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is None:
        return {"*"}
    if getattr(callback, "actions", None):  # a ViewSet: its router's action map
        # DRF adds `head` to that map on the first GET it serves: HEAD is GET without a body.
        return (set(callback.actions) - {"head", "options"}) & set(cls.http_method_names)
    return {m for m in cls.http_method_names if m not in {"head", "options"} and hasattr(cls, m)}


def walk(patterns, prefix: str = ""):
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if text.startswith("admin/"):
            yield "admin/", {"*"}  # the admin site as one: see test_the_admin_site_is_staff_only
        elif isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            yield route_text(text), view_methods(pattern.callback)


def routes_found() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for route, methods in walk(get_resolver().url_patterns):
        found.setdefault(route, set()).update(methods)
    return found


def test_every_route_and_method_is_classified():
    found = routes_found()
    table = {route: set(methods) for route, methods in ROUTES.items()}
    missing = {
        r: sorted(m - table.get(r, set())) for r, m in found.items() if m - table.get(r, set())
    }
    stale = {
        r: sorted(m - found.get(r, set())) for r, m in table.items() if m - found.get(r, set())
    }
    assert not missing, (
        f"Routes/methods without an isolation check: {missing}. Add them to ROUTES in "
        "config/tests/test_isolation.py with how another user's access is checked."
    )
    assert not stale, f"ROUTES lists routes/methods the URL configuration no longer has: {stale}"
    kinds = {kind for methods in ROUTES.values() for kind in methods.values()}
    assert kinds <= OBJECT_KINDS | {PUBLIC, SELF, COLLECTION, WRITE, ADMIN, CATCH_ALL}
    collections = {r for r, methods in ROUTES.items() if COLLECTION in methods.values()}
    assert collections == set(QUERIES), "every COLLECTION route needs its QUERIES"
    writes = {
        (r, m) for r, methods in ROUTES.items() for m, kind in methods.items() if kind == WRITE
    }
    assert writes == set(WRITES), "every WRITE route needs a check in WRITES"
    for route, methods in ROUTES.items():
        has_id = "<" in route
        assert has_id == any(kind in OBJECT_KINDS for kind in methods.values()), route
        assert not has_id or re.findall(r"<(\w+)>", route) == ["pk"], route


def _cases(predicate, only_method: str | None = None) -> list:
    return [
        pytest.param(route, method, kind, id=f"{method} {route}")
        for route, methods in ROUTES.items()
        for method, kind in methods.items()
        if predicate(kind) and only_method in {None, method}
    ]


# -- fixtures and helpers ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the categorizer's per-user models and the throttles start empty
    yield
    cache.clear()


@pytest.fixture
def world(alice, alice_client) -> data.AliceWorld:
    return data.alice_world(alice, alice_client)


def call(client, method: str, url: str, body: dict | None = None):
    if method == "get":
        return client.get(url)
    multipart = any(hasattr(value, "read") for value in (body or {}).values())
    return getattr(client, method)(url, body or {}, format="multipart" if multipart else "json")


def assert_no_markers(world: data.AliceWorld, response, where: str, allow=()) -> None:
    """No text, amount, uid or file name of alice's, and none of her rows' ids."""
    text = data.body_text(response)
    shown = [marker for marker in world.markers if marker in text and marker not in allow]
    shown += [n for n in data.IDS if re.search(rf"(?<![0-9]){n}(?![0-9])", text)]
    assert not shown, f"{where}: bob's answer shows alice's {shown}: {text[:500]}"


def alice_rows(alice: User) -> dict:
    """Everything alice owns, for checking that bob's request changed none of it."""
    return {
        "user": data.snapshot(User.objects.get(pk=alice.pk)),
        "expenses": [data.snapshot(e) for e in Expense.objects.filter(owner=alice).order_by("pk")],
        "categories": [data.snapshot(c) for c in Category.objects.filter(owner=alice)],
        "tags": [data.snapshot(t) for t in Tag.objects.filter(owner=alice).order_by("pk")],
        "budgets": [data.snapshot(b) for b in Budget.objects.filter(owner=alice).order_by("pk")],
        "import_profiles": [
            data.snapshot(p) for p in ImportProfile.objects.filter(owner=alice).order_by("pk")
        ],
        "rules": [data.snapshot(r) for r in Rule.objects.filter(owner=alice).order_by("pk")],
        "schedules": [
            data.snapshot(s) for s in Schedule.objects.filter(owner=alice).order_by("pk")
        ],
    }


def assert_bob_owns_only_his(bob: User) -> None:
    """No row of bob's points at a category or tag of someone else's."""
    foreign_category = Expense.objects.filter(owner=bob, category__owner__isnull=False).exclude(
        category__owner=bob
    )
    assert not foreign_category.exists(), list(foreign_category.values("id", "category_id"))
    assert (
        not Expense.objects.filter(owner=bob)
        .exclude(tags__owner=bob)
        .filter(tags__isnull=False)
        .exists()
    )
    foreign_budget = Budget.objects.filter(owner=bob, category__isnull=False).exclude(
        category__owner=bob
    )
    assert not foreign_budget.exclude(category__owner__isnull=True).exists()
    foreign_rule = Rule.objects.filter(owner=bob, set_category__owner__isnull=False).exclude(
        set_category__owner=bob
    )
    assert not foreign_rule.exists()


# -- object routes -----------------------------------------------------------------------


@pytest.mark.parametrize(("route", "method", "kind"), _cases(lambda k: k in OBJECT_KINDS))
def test_bob_gets_404_on_alices_object(route, method, kind, world, alice, bob_client):
    target = world.object(kind)
    body = OBJECT_BODIES.get((kind, method), dict)
    before = alice_rows(alice)
    receipt = world.expense.receipt.name

    response = call(bob_client, method, "/" + route.replace("<pk>", str(target.pk)), body())
    assert response.status_code == 404, (route, method, data.body_text(response)[:300])
    nothing = call(bob_client, method, "/" + route.replace("<pk>", str(data.MISSING_ID)), body())
    assert nothing.status_code == 404
    # The same answer as for an id that does not exist: nothing tells that it does.
    assert response.json() == nothing.json()
    assert_no_markers(world, response, f"{method} {route}")
    assert alice_rows(alice) == before
    assert default_storage.exists(receipt)


@pytest.mark.parametrize(("route", "method", "kind"), _cases(lambda k: k in OBJECT_KINDS, "get"))
def test_alice_reaches_her_own_object(route, method, kind, world, alice_client):
    """The 404s above are about the owner: alice herself gets her object."""
    target = world.object(kind)
    response = alice_client.get("/" + route.replace("<pk>", str(target.pk)))
    assert response.status_code == 200, (route, data.body_text(response)[:300])


@pytest.mark.parametrize(("route", "method", "kind"), _cases(lambda k: k == "category"))
def test_system_categories_are_read_by_all_and_changed_by_none(
    route, method, kind, world, alice_client, bob_client
):
    system = Category.objects.filter(owner=None).order_by("pk").first()
    assert system is not None, "the migrations seed system categories"
    url = "/" + route.replace("<pk>", str(system.pk))
    before = data.snapshot(system)
    for client in (alice_client, bob_client):
        response = call(client, method, url, OBJECT_BODIES.get((kind, method), dict)())
        if method == "get":
            assert response.status_code == 200
            assert response.json()["name"] == system.name
        else:
            assert response.status_code == 403, response.content
            assert response.json()["code"] == "system_category_read_only"
    assert data.snapshot(system) == before


# -- collections: lists, filters, reports, exports, backups, insights ---------------------


@pytest.mark.parametrize(("route", "method", "kind"), _cases(lambda k: k == COLLECTION))
def test_bobs_collections_never_include_alices_rows(
    route, method, kind, alice, alice_client, bob, bob_client
):
    data.bob_world(bob)
    urls = ["/" + route + query for query in QUERIES[route]]
    before = {}
    for url in urls:
        response = bob_client.get(url)
        assert response.status_code < 500, url
        before[url] = (response.status_code, data.normalized(response))

    world = data.alice_world(alice, alice_client)
    for url in urls:
        response = bob_client.get(url)
        assert_no_markers(world, response, url)
        # Alice's rows change nothing bob sees: not a row, a total, a count or an error.
        assert (response.status_code, data.normalized(response)) == before[url], url
    # The same reads answer alice (her markers are shown: see the test below).
    assert alice_client.get(urls[0]).status_code == 200


def test_alices_collections_do_show_her_markers(world, alice_client):
    """The marker check is not vacuous: the same answers to alice carry them."""
    for url, marker in [
        ("/api/v1/expenses/", data.DESCRIPTION),
        ("/api/v1/categories/", data.CATEGORY),
        ("/api/v1/tags/", data.TAG),
        ("/api/v1/budgets/?month=2026-01", "55511.00"),
        ("/api/v1/reports/summary/?" + JAN, data.CATEGORY),
        ("/api/v1/export/expenses.csv", data.NOTES),
        ("/api/v1/export/backup.json", str(world.expense.uid)),
        ("/api/v1/export/backup.zip", f"receipts/{world.expense.uid}.png"),
    ]:
        response = alice_client.get(url)
        assert response.status_code == 200, url
        assert marker in data.body_text(response), url


# -- self, public, admin and the catch-all --------------------------------------------------


@pytest.mark.parametrize(("route", "method", "kind"), _cases(lambda k: k in {SELF, PUBLIC}))
def test_self_and_public_routes_touch_only_the_requester(
    route, method, kind, world, alice, alice_client, bob, bob_client
):
    before = alice_rows(alice)
    bodies = {
        ("api/v1/auth/me/", "patch"): {"default_currency": "EUR", "username": "alice"},
        ("api/v1/auth/token/", "post"): {"username": "bob", "password": "wrong"},
        ("api/v1/auth/password/", "post"): {
            "old_password": PASSWORD,
            "new_password": "bobs-new-long-password-77",
        },
        # Bob deletes his own account: alice's rows and session stay.
        ("api/v1/auth/delete-account/", "post"): {"username": "bob", "password": PASSWORD},
    }
    response = call(bob_client, method, "/" + route, bodies.get((route, method)))
    assert response.status_code < 500, response.content
    assert_no_markers(world, response, f"{method} {route}")
    assert "alice" not in data.body_text(response)
    if route == "api/v1/auth/me/":
        assert response.json()["username"] == "bob"
    assert alice_rows(alice) == before
    assert alice_client.get("/api/v1/auth/me/").json()["username"] == "alice"


def test_the_admin_site_is_staff_only(world, bob):
    browser = Client()
    browser.force_login(bob)
    for url in ["/admin/", f"/admin/expenses/expense/{data.EXPENSE_ID}/change/"]:
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/")
        assert_no_markers(world, response, url)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_unknown_api_paths_answer_the_same_json_404(method, world, bob_client):
    for url in [
        f"/api/v1/expenses/{data.EXPENSE_ID}/nothing/",
        f"/api/v2/expenses/{data.EXPENSE_ID}/",
        f"/api/v1/categories/{data.CATEGORY_ID}/receipt/",
    ]:
        response = call(bob_client, method, url)
        assert response.status_code == 404, (url, response.content[:200])
        assert response.json()["code"] == "not_found"
        assert_no_markers(world, response, url)


# -- writes: what bob sends stays in his account ------------------------------------------


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def write_category(world, bob, bob_client):
    # Names are per user: alice's name is neither refused (an oracle) nor linked to hers.
    response = bob_client.post("/api/v1/categories/", {"name": data.CATEGORY}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["id"] != data.CATEGORY_ID
    assert Category.objects.get(pk=response.json()["id"]).owner == bob


def write_expense(world, bob, bob_client):
    body = {"amount": "9.00", "date": "2026-01-15", "description": "bob's", "tags": [data.TAG]}
    refused = bob_client.post(
        "/api/v1/expenses/", {**body, "category": data.CATEGORY_ID}, format="json"
    )
    assert refused.status_code == 400, refused.content
    assert "category" in refused.json()
    missing = bob_client.post(
        "/api/v1/expenses/", {**body, "category": data.MISSING_ID}, format="json"
    )
    # Refused as if it did not exist: no oracle for other users' category ids.
    assert refused.json() == json.loads(
        json.dumps(missing.json()).replace(str(data.MISSING_ID), str(data.CATEGORY_ID))
    )
    response = bob_client.post("/api/v1/expenses/", body, format="json")
    assert response.status_code == 201, response.content
    # Bob's own tag of the same name (his input, echoed): not alice's.
    assert_no_markers(world, response, "POST expenses", allow={data.TAG})
    expense = Expense.objects.get(pk=response.json()["id"])
    assert [tag.owner for tag in expense.tags.all()] == [bob]


def write_budget(world, bob, bob_client):
    def post(category: int):
        body = {"month": "2026-01", "scope": "category", "category": category, "amount": "5"}
        return bob_client.post("/api/v1/budgets/", body, format="json")

    refused, missing = post(data.CATEGORY_ID), post(data.MISSING_ID)
    assert refused.status_code == 400, refused.content
    assert refused.json() == json.loads(
        json.dumps(missing.json()).replace(str(data.MISSING_ID), str(data.CATEGORY_ID))
    )
    # The overall budget of alice's month: bob's own is created, alice's is not updated.
    response = bob_client.post(
        "/api/v1/budgets/",
        {"month": "2026-01", "scope": "overall", "amount": "7.00"},
        format="json",
    )
    assert response.status_code in {200, 201}, response.content  # bob has one: 200
    assert Budget.objects.get(pk=response.json()["id"]).owner == bob
    assert_no_markers(world, response, "POST budgets")


def write_budget_copy(world, bob, bob_client):
    response = bob_client.post(
        "/api/v1/budgets/copy/", {"from": "2026-01", "to": "2026-04"}, format="json"
    )
    assert response.status_code in {200, 201}, response.content
    assert_no_markers(world, response, "POST budgets/copy")
    assert not Budget.objects.filter(owner=world.alice, month=datetime.date(2026, 4, 1)).exists()
    assert set(
        Budget.objects.filter(month=datetime.date(2026, 4, 1)).values_list("owner", flat=True)
    ) <= {bob.pk}


def write_categorize(world, bob, bob_client):
    for description in [f"{data.HISTORY_TEXT} 1", "ALICE-SECRET"]:
        response = bob_client.post(
            "/api/v1/ai/categorize/",
            {"description": description, "merchant": "TRADER JOE'S", "amount": "98765.43"},
            format="json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["category"] != data.CATEGORY_ID
        assert_no_markers(world, response, "POST ai/categorize")


def _alices_export(world, url: str) -> bytes:
    return data.body_bytes(_client_of(world.alice).get(url))


def write_import_csv(world, bob, bob_client):
    exported = _alices_export(world, "/api/v1/export/expenses.csv")
    assert data.CATEGORY.encode() in exported
    response = bob_client.post(
        "/api/v1/import/expenses.csv",
        {"file": _file("alice.csv", exported), "auto_categorize": "true"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    mine = Category.objects.get(owner=bob, name=data.CATEGORY)  # bob's own namesake
    assert mine.pk != data.CATEGORY_ID
    bank = f"date,description,amount\n2026-03-09,{data.HISTORY_TEXT} 9911,20.00\n".encode()
    response = bob_client.post(
        "/api/v1/import/expenses.csv",
        {"file": _file("bank.csv", bank), "auto_categorize": "true"},
        format="multipart",
    )
    assert response.status_code == 201, response.content


def write_import_ofx(world, bob, bob_client):
    ofx = (Path(__file__).parents[2] / "reports/tests/data/statement.ofx").read_bytes()
    for query in ["?dry_run=true", ""]:
        response = bob_client.post(
            f"/api/v1/import/expenses.ofx{query}",
            {"file": _file("s.ofx", ofx), "auto_categorize": "true"},
            format="multipart",
        )
        assert response.status_code in {200, 201}, response.content
        assert_no_markers(world, response, "POST import/expenses.ofx")


def write_restore_json(world, bob, bob_client):
    document = json.loads(_alices_export(world, "/api/v1/export/backup.json"))
    response = bob_client.post("/api/v1/import/backup.json", document, format="json")
    assert response.status_code == 201, response.content
    _assert_restored_as_bobs(world, bob)


def write_restore_zip(world, bob, bob_client):
    archive = _alices_export(world, "/api/v1/export/backup.zip")
    response = bob_client.post(
        "/api/v1/import/backup.zip", {"file": _file("b.zip", archive)}, format="multipart"
    )
    assert response.status_code == 201, response.content
    _assert_restored_as_bobs(world, bob)
    copy = Expense.objects.get(owner=bob, uid=world.expense.uid)
    assert copy.receipt.name and copy.receipt.name != world.receipt_name  # a file of his own
    deleted = bob_client.delete(f"/api/v1/expenses/{copy.pk}/receipt/")
    assert deleted.status_code == 204
    assert default_storage.exists(world.receipt_name)


def _assert_restored_as_bobs(world, bob):
    """A backup naming alice's category (by uid) gives bob a category of his own."""
    copy = Expense.objects.get(owner=bob, uid=world.expense.uid)
    assert copy.pk != world.expense.pk
    assert copy.category.owner == bob
    assert copy.category.pk != data.CATEGORY_ID
    assert copy.category.uid == world.category.uid  # the backup's uid, in bob's account
    assert [tag.owner for tag in copy.tags.all()] == [bob]
    assert Budget.objects.get(owner=bob, uid=world.budget.uid).category.owner == bob


def _client_of(user: User):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def _bulk_refuses_alices_ids(bob_client, url: str, action: dict) -> None:
    """Alice's expense id is refused exactly like one that does not exist (no oracle)."""
    refused = bob_client.post(url, {"ids": [data.EXPENSE_ID], **action}, format="json")
    missing = bob_client.post(url, {"ids": [data.MISSING_ID], **action}, format="json")
    assert refused.status_code == 400, refused.content
    assert str(data.EXPENSE_ID) in refused.json()["ids"][0]
    assert refused.json() == json.loads(
        json.dumps(missing.json()).replace(str(data.MISSING_ID), str(data.EXPENSE_ID))
    )


def write_expense_bulk(world, bob, bob_client):
    url = "/api/v1/expenses/bulk/"
    _bulk_refuses_alices_ids(bob_client, url, {"add_tags": ["bob's"]})
    # Alice's category and tag cannot be used on bob's rows either.
    foreign = bob_client.post(url, {"filter": {}, "set_category": data.CATEGORY_ID}, format="json")
    assert foreign.status_code == 400 and "set_category" in foreign.json(), foreign.content
    for filters in [{"search": data.DESCRIPTION}, {"category_id": data.CATEGORY_ID}]:
        response = bob_client.post(url, {"filter": filters, "add_tags": [data.TAG]}, format="json")
        assert response.json() == {"matched": 0, "changed": 0}, response.content
    response = bob_client.post(
        url, {"filter": {}, "set_category": None, "add_tags": ["bob's"]}, format="json"
    )
    assert response.json() == {"matched": 2, "changed": 2}, response.content
    assert Expense.objects.filter(owner=bob, tags__name="bob's").count() == 2


def write_expense_bulk_delete(world, bob, bob_client):
    url = "/api/v1/expenses/bulk-delete/"
    _bulk_refuses_alices_ids(bob_client, url, {})
    response = bob_client.post(url, {"filter": {"search": data.DESCRIPTION}}, format="json")
    assert response.json() == {"matched": 0, "deleted": 0, "refused": []}, response.content
    response = bob_client.post(url, {"filter": {}}, format="json")
    assert response.json() == {"matched": 2, "deleted": 2, "refused": []}, response.content
    assert not Expense.objects.filter(owner=bob).exists()


def write_rule(world, bob, bob_client):
    body = {"name": "bob's", "conditions": RULE_CONDITIONS, "set_category": data.CATEGORY_ID}
    refused = bob_client.post("/api/v1/rules/", body, format="json")
    missing = bob_client.post(
        "/api/v1/rules/", {**body, "set_category": data.MISSING_ID}, format="json"
    )
    assert refused.status_code == 400 and "set_category" in refused.json(), refused.content
    assert refused.json() == json.loads(
        json.dumps(missing.json()).replace(str(data.MISSING_ID), str(data.CATEGORY_ID))
    )
    response = bob_client.post(
        "/api/v1/rules/", {**body, "set_category": None, "add_tags": [data.TAG]}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Rule.objects.get(pk=response.json()["id"]).owner == bob
    assert response.json()["position"] == 0  # alice's rules do not count in his order


def write_rule_reorder(world, bob, bob_client):
    mine = Rule.objects.create(owner=bob, name="bob's", conditions=RULE_CONDITIONS, add_tags=["b"])
    url = "/api/v1/rules/reorder/"
    refused = bob_client.post(url, {"ids": [mine.pk, data.RULE_ID]}, format="json")
    assert refused.status_code == 400 and "ids" in refused.json(), refused.content
    assert_no_markers(world, refused, "POST rules/reorder")
    assert bob_client.post(url, {"ids": [mine.pk]}, format="json").status_code == 200


def write_rules_apply(world, bob, bob_client):
    # Alice's rule matches her description: bob's expense with the same text stays his.
    Expense.objects.create(
        owner=bob, amount="3.00", date="2026-01-12", description=data.DESCRIPTION
    )
    Rule.objects.create(owner=bob, name="bob's", conditions=RULE_CONDITIONS, add_tags=["bobs"])
    for query in ["?dry_run=true", ""]:
        response = bob_client.post(f"/api/v1/rules/apply/{query}")
        assert response.status_code == 200, response.content
        assert response.json()["matched"] == 2  # bob's lunch and coffee, not alice's
    assert not Expense.objects.filter(owner=bob, category__isnull=False).exists()


def write_import_profile(world, bob, bob_client):
    url = "/api/v1/import/profiles/"
    body = {"name": data.PROFILE, "header": ["date", "description", "amount"]}
    response = bob_client.post(url, body, format="json")
    assert response.status_code == 201, response.content  # her name is not taken for him
    assert ImportProfile.objects.get(pk=response.json()["id"]).owner == bob
    # Her profile's id in an import is refused like an id that does not exist.
    csv = b"date,description,amount\n2026-03-09,Tea,2.00\n"
    answers = [
        bob_client.post(
            "/api/v1/import/expenses.csv?dry_run=true",
            {"file": _file("bank.csv", csv), "profile": str(pk)},
            format="multipart",
        )
        for pk in (data.PROFILE_ID, data.MISSING_ID)
    ]
    assert answers[0].status_code == 400 and "profile" in answers[0].json(), answers[0].content
    assert answers[0].json() == json.loads(
        json.dumps(answers[1].json()).replace(str(data.MISSING_ID), str(data.PROFILE_ID))
    )


def write_schedule(world, bob, bob_client):
    body = {"description": "bob's rent", "amount": "9.00", "start_date": "2026-01-01"}
    body |= {"period": "monthly", "tags": [data.TAG]}
    refused = bob_client.post("/api/v1/schedules/", {**body, "category": data.CATEGORY_ID})
    missing = bob_client.post("/api/v1/schedules/", {**body, "category": data.MISSING_ID})
    assert refused.status_code == 400, refused.content
    assert refused.json() == json.loads(
        json.dumps(missing.json()).replace(str(data.MISSING_ID), str(data.CATEGORY_ID))
    )
    response = bob_client.post("/api/v1/schedules/", body, format="json")
    assert response.status_code == 201, response.content
    assert_no_markers(world, response, "POST schedules", allow={data.TAG})
    assert Schedule.objects.get(pk=response.json()["id"]).owner == bob
    # Its past months became bob's expenses, with bob's own tag.
    made = Expense.objects.filter(owner=bob, description="bob's rent")
    assert made.exists()
    assert {tag.owner for expense in made for tag in expense.tags.all()} == {bob}


WRITES: dict[tuple[str, str], Callable] = {
    ("api/v1/schedules/", "post"): write_schedule,
    ("api/v1/import/profiles/", "post"): write_import_profile,
    ("api/v1/rules/", "post"): write_rule,
    ("api/v1/rules/reorder/", "post"): write_rule_reorder,
    ("api/v1/rules/apply/", "post"): write_rules_apply,
    ("api/v1/expenses/bulk/", "post"): write_expense_bulk,
    ("api/v1/expenses/bulk-delete/", "post"): write_expense_bulk_delete,
    ("api/v1/categories/", "post"): write_category,
    ("api/v1/expenses/", "post"): write_expense,
    ("api/v1/budgets/", "post"): write_budget,
    ("api/v1/budgets/copy/", "post"): write_budget_copy,
    ("api/v1/ai/categorize/", "post"): write_categorize,
    ("api/v1/import/expenses.csv", "post"): write_import_csv,
    ("api/v1/import/expenses.ofx", "post"): write_import_ofx,
    ("api/v1/import/backup.json", "post"): write_restore_json,
    ("api/v1/import/backup.zip", "post"): write_restore_zip,
}


@pytest.mark.parametrize(("route", "method", "kind"), _cases(lambda k: k == WRITE))
def test_bobs_writes_stay_in_his_account(route, method, kind, world, alice, bob, bob_client):
    data.bob_world(bob)
    before = alice_rows(alice)
    WRITES[(route, method)](world, bob, bob_client)
    assert alice_rows(alice) == before, "bob's request changed alice's rows"
    assert_bob_owns_only_his(bob)
    # And alice's answers did not gain bob's rows either.
    text = data.body_text(_client_of(alice).get("/api/v1/export/backup.json"))
    assert "bob's" not in text
