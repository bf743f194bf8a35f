"""Hostile input on every writable endpoint: a 4xx naming the problem, and nothing written.

Complements expenses/tests/test_hostile_expense_input.py (Unicode digits, tag and notes
caps, PDFs with actions) with amounts on both money endpoints, strings, dates, wrong
types, deep JSON, category names, CSV and receipt files, and cross-user backups.
"""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from budgets.models import Budget
from categories.models import Category, Tag
from categories.tests.factories import CategoryFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import png, upload

pytestmark = pytest.mark.django_db

EXPENSES = "/api/v1/expenses/"
BUDGETS = "/api/v1/budgets/"
CATEGORIES = "/api/v1/categories/"
CSV_IMPORT = "/api/v1/import/expenses.csv"
BACKUP_IMPORT = "/api/v1/import/backup.json"

# Derandomized: CI runs the same examples every time, so a failure is reproducible.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def expense_body(**overrides) -> dict:
    return {"amount": "5.00", "date": "2026-01-01", "description": "x", **overrides}


def budget_body(**overrides) -> dict:
    return {"month": "2026-01", "scope": "overall", "amount": "100.00", **overrides}


def row_counts() -> tuple[int, int, int, int]:
    return (
        Expense.objects.count(),
        Budget.objects.count(),
        Category.objects.count(),
        Tag.objects.count(),
    )


def assert_refused(response, field: str, before) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert field in response.json(), response.content[:300]
    assert row_counts() == before


HOSTILE_AMOUNTS = [
    "1e400",
    10**30,
    "1" + "0" * 30,
    "-5",
    -5,
    "-0.01",
    "0",
    0,
    "0.00",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1e10",
    "1E+20",
    "9e-5",
    "1.005",
    "0.001",
    "\u0661\u0662",
    "1_000",
    True,
    False,
    [],
    ["5.00"],
    {},
    {"value": "5.00"},
    None,
    "",
    "   ",
    "5 EUR",
    "$5",
]


@pytest.mark.parametrize("amount", HOSTILE_AMOUNTS, ids=repr)
def test_hostile_expense_amounts_are_400_on_amount(alice_client, amount):
    before = row_counts()
    response = alice_client.post(EXPENSES, expense_body(amount=amount), format="json")
    assert_refused(response, "amount", before)


@pytest.mark.parametrize("amount", HOSTILE_AMOUNTS, ids=repr)
def test_hostile_budget_amounts_are_400_on_amount(alice_client, amount):
    before = row_counts()
    response = alice_client.post(BUDGETS, budget_body(amount=amount), format="json")
    assert_refused(response, "amount", before)


MONEY = st.decimals(
    min_value=Decimal("0.01"),
    max_value=Decimal("999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@FUZZ
@given(amount=MONEY)
def test_valid_expense_amounts_are_stored_exactly(alice_client, amount):
    before = Expense.objects.count()
    response = alice_client.post(EXPENSES, expense_body(amount=str(amount)), format="json")
    assert response.status_code == 201, (amount, response.content)
    assert Expense.objects.count() == before + 1
    assert Expense.objects.get(id=response.json()["id"]).amount == amount


@FUZZ
@given(amount=MONEY)
def test_valid_budget_amounts_are_stored_exactly(alice_client, alice, amount):
    Budget.objects.filter(owner=alice).delete()  # one overall budget per month
    response = alice_client.post(BUDGETS, budget_body(amount=str(amount)), format="json")
    assert response.status_code == 201, (amount, response.content)
    assert Budget.objects.get(owner=alice).amount == amount


@FUZZ
@given(
    amount=st.one_of(
        st.decimals(max_value=Decimal("0"), places=2, allow_nan=False, allow_infinity=False),
        st.decimals(min_value=Decimal("1e9"), allow_nan=False, allow_infinity=False),
        # Three decimal places whose last is not 0 (so never a valid two-place amount);
        # bounded, since quantizing a huge generated value overflows Decimal's context.
        st.decimals(
            min_value=Decimal("0.001"),
            max_value=Decimal("999999999.999"),
            places=3,
            allow_nan=False,
            allow_infinity=False,
        ).filter(lambda d: d.as_tuple().digits[-1] != 0),
        st.sampled_from(["NaN", "sNaN", "Infinity", "-inf"]),
    )
)
def test_generated_bad_amounts_are_refused_on_both_endpoints(alice_client, amount):
    for url, body in ((EXPENSES, expense_body), (BUDGETS, budget_body)):
        before = row_counts()
        response = alice_client.post(url, body(amount=str(amount)), format="json")
        assert_refused(response, "amount", before)


# --- strings, dates, types -------------------------------------------------------------


@pytest.mark.parametrize("description", ["", " ", "   \t\n  ", "\u3000", None])
def test_blank_descriptions_are_400_on_description(alice_client, description):
    before = row_counts()
    response = alice_client.post(EXPENSES, expense_body(description=description), format="json")
    assert_refused(response, "description", before)


def test_a_megabyte_description_is_refused_not_a_crash(alice_client):
    before = row_counts()
    response = alice_client.post(EXPENSES, expense_body(description="x" * 1_000_000), format="json")
    assert response.status_code in (400, 413), response.status_code
    if response.status_code == 400:
        assert "description" in response.json()
    assert row_counts() == before


@pytest.mark.parametrize("field", ["description", "notes", "merchant"])
def test_a_nul_byte_in_text_is_400_naming_the_field(alice_client, field):
    # PostgreSQL cannot store NUL in text, so the app must refuse it on every database.
    before = row_counts()
    response = alice_client.post(EXPENSES, expense_body(**{field: "lunch\x00time"}), format="json")
    assert_refused(response, field, before)


@pytest.mark.parametrize("field", ["description", "notes"])
def test_a_nul_byte_in_a_patch_is_400_and_changes_nothing(alice_client, alice, field):
    expense = ExpenseFactory(owner=alice, description="before", notes="before")
    response = alice_client.patch(f"{EXPENSES}{expense.id}/", {field: "a\x00b"}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    expense.refresh_from_db()
    assert (expense.description, expense.notes) == ("before", "before")


@pytest.mark.parametrize(
    "date", ["2026-02-30", "yesterday", 20260101, "2026-13-01", "", None, [], "01/02/2026"]
)
def test_invalid_dates_are_400_on_date(alice_client, date):
    before = row_counts()
    response = alice_client.post(EXPENSES, expense_body(date=date), format="json")
    assert_refused(response, "date", before)


# DRF text fields take JSON numbers as their text on purpose, so numbers are not listed.
WRONG_TYPES = [{"a": 1}, [1, 2], True]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        *[("description", v) for v in WRONG_TYPES],
        *[("notes", v) for v in WRONG_TYPES],
        *[("merchant", v) for v in WRONG_TYPES],
        *[("date", v) for v in [*WRONG_TYPES, 12.5]],
        *[("currency", v) for v in [*WRONG_TYPES, "XXXX", "zz", ""]],
        *[("category", v) for v in [{"id": 1}, [1], "food", 10**20, -1, True]],
        *[("payment_method", v) for v in [*WRONG_TYPES, "bitcoin-ish"]],
        *[("tags", v) for v in ["food", {"a": 1}, 7, [{"a": 1}], [[1]], [None]]],
    ],
    ids=repr,
)
def test_wrong_types_are_400_on_the_field(alice_client, field, value):
    before = row_counts()
    response = alice_client.post(EXPENSES, expense_body(**{field: value}), format="json")
    assert_refused(response, field, before)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("month", "2026-13"),
        ("month", 202601),
        ("month", ["2026-01"]),
        ("scope", "everything"),
        ("scope", None),
        ("category", {"id": 1}),
        ("rollover_enabled", "maybe"),
        ("warn_threshold", "NaN"),
        ("warn_threshold", "1e400"),
        ("currency", "XXXX"),
    ],
    ids=repr,
)
def test_budget_wrong_types_are_400_on_the_field(alice_client, field, value):
    before = row_counts()
    response = alice_client.post(BUDGETS, budget_body(**{field: value}), format="json")
    assert_refused(response, field, before)


def test_unknown_and_read_only_fields_are_ignored(alice_client, alice, bob):
    response = alice_client.post(
        EXPENSES,
        expense_body(owner=bob.id, owner_id=bob.id, id=999_999, is_admin=True, zzz={"a": 1}),
        format="json",
    )
    assert response.status_code == 201, response.content
    created = Expense.objects.get(id=response.json()["id"])
    assert created.owner == alice
    assert created.id != 999_999


@pytest.mark.parametrize("url", [EXPENSES, BUDGETS, CATEGORIES, BACKUP_IMPORT])
@pytest.mark.parametrize("depth", [1_000, 10_000, 100_000])
def test_deeply_nested_json_is_400_not_500(alice_client, url, depth):
    before = row_counts()
    raw = '{"amount": ' + "[" * depth + "]" * depth + "}"
    response = alice_client.post(url, raw, content_type="application/json")
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert row_counts() == before


@pytest.mark.parametrize(
    "raw", [b"{", b"", b"\xff\xfe", b'{"amount": NaN}', b'{"amount": Infinity}', b"[1, 2]"]
)
def test_broken_json_bodies_are_4xx(alice_client, raw):
    before = row_counts()
    response = alice_client.post(EXPENSES, raw, content_type="application/json")
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert row_counts() == before


# --- categories --------------------------------------------------------------------------


@FUZZ
@given(name=st.text(max_size=200))
def test_any_category_name_is_201_or_400_on_name(alice_client, alice, name):
    before = Category.objects.filter(owner=alice).count()
    response = alice_client.post(CATEGORIES, {"name": name}, format="json")
    assert response.status_code in (201, 400), (name, response.status_code, response.content)
    after = Category.objects.filter(owner=alice).count()
    if response.status_code == 201:
        assert after == before + 1
        assert Category.objects.get(id=response.json()["id"]).name == response.json()["name"]
    else:
        assert "name" in response.json(), response.content
        assert after == before


@pytest.mark.parametrize("name", ["", "   ", "a\x00b", None, ["x"], {"a": 1}, "x" * 10_000])
def test_hostile_category_names_are_400_on_name(alice_client, name):
    before = row_counts()
    response = alice_client.post(CATEGORIES, {"name": name}, format="json")
    assert_refused(response, "name", before)


# --- CSV import ----------------------------------------------------------------------------


def post_csv(client, content: bytes):
    file = SimpleUploadedFile("expenses.csv", content, content_type="text/csv")
    return client.post(CSV_IMPORT, {"file": file}, format="multipart")


def test_a_csv_header_with_a_million_columns_is_refused(alice_client):
    before = row_counts()
    header = b"date,amount,description" + b"".join(b",c%d" % n for n in range(1_000_000))
    response = post_csv(alice_client, header + b"\r\n2026-01-01,5,x\r\n")
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert "columns" in response.json()["file"][0]
    assert row_counts() == before


def test_a_csv_with_a_broken_quote_is_refused(alice_client):
    before = row_counts()
    content = b'date,amount,description\r\n2026-01-01,5,"never closed\r\n2026-01-02,6,y\r\n'
    response = post_csv(alice_client, content)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert row_counts() == before


def test_a_csv_over_the_size_limit_is_refused(alice_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    before = row_counts()
    rows = b"".join(b"2026-01-01,5,row %d\r\n" % n for n in range(100))
    content = b"date,amount,description\r\n" + rows
    assert len(content) > 1000
    response = post_csv(alice_client, content)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert row_counts() == before


# --- receipts ----------------------------------------------------------------------------


def bomb_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG")
    return buffer.getvalue()


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("receipt.png", b"just some text, not an image\n" * 10),
        ("receipt.png", png()[:40]),
        ("receipt.png", b""),
        ("receipt.png", bomb_png()),
    ],
    ids=["text-as-png", "truncated-png", "empty", "bomb"],
)
def test_hostile_receipts_are_400_on_file_and_store_nothing(
    alice_client, alice, settings, name, content
):
    expense = ExpenseFactory(owner=alice)
    updated = expense.updated_at
    response = upload(alice_client, expense, name, content, content_type="image/png")
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert "file" in response.json()
    expense.refresh_from_db()
    assert not expense.receipt
    assert expense.updated_at == updated
    assert stored_files(settings) == []


# --- backups -----------------------------------------------------------------------------


def test_a_backup_pointing_at_another_users_category_is_refused(alice, bob, bob_client):
    secret = CategoryFactory(owner=alice, name="Alice private")
    ExpenseFactory(owner=alice, category=secret, description="alice's")
    alice_before = (
        list(Expense.objects.filter(owner=alice).values()),
        list(Category.objects.filter(owner=alice).values()),
    )
    bob_currency = bob.default_currency
    document = {
        "format": "smart-expense-tracker-backup",
        "version": 1,
        "exported_at": "2026-01-01T00:00:00Z",
        "profile": {"default_currency": "EUR" if bob_currency != "EUR" else "USD"},
        "categories": [],
        "tags": [],
        "expenses": [
            {
                "uid": "5b0c3a2e-0c9c-4a51-9a1e-3f2b1d0c9e11",
                "date": "2026-01-05",
                "amount": "10.00",
                "currency": "EUR",
                "description": "stolen category",
                "category": {"uid": str(secret.uid)},
                "payment_method": None,
                "merchant": "",
                "notes": "",
                "tags": [],
                "receipt": None,
                "created_at": "2026-01-05T00:00:00Z",
            }
        ],
        "budgets": [],
    }
    response = bob_client.post(BACKUP_IMPORT, document, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_backup"
    assert "expenses[0].category" in [error["path"] for error in body["errors"]]
    for model in (Expense, Category, Tag, Budget):
        assert not model.objects.filter(owner=bob).exists()
    bob.refresh_from_db()
    assert bob.default_currency == bob_currency
    assert alice_before == (
        list(Expense.objects.filter(owner=alice).values()),
        list(Category.objects.filter(owner=alice).values()),
    )


def test_a_real_backup_with_its_category_swapped_for_alices_is_refused(
    alice, bob, alice_client, bob_client
):
    """The same attack built from a genuine export, so the document is otherwise valid."""
    secret = CategoryFactory(owner=alice, name="Alice private")
    ExpenseFactory(owner=bob, description="bob's", date=datetime.date(2026, 1, 2))
    export = b"".join(bob_client.get("/api/v1/export/backup.json").streaming_content)
    document = json.loads(export)
    document["expenses"][0]["description"] = "changed"
    document["expenses"][0]["uid"] = "5b0c3a2e-0c9c-4a51-9a1e-3f2b1d0c9e12"
    document["expenses"][0]["category"] = {"uid": str(secret.uid)}
    before = row_counts()
    response = bob_client.post(BACKUP_IMPORT, document, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_backup"
    assert row_counts() == before
    assert not Expense.objects.filter(category=secret).exclude(owner=alice).exists()


# --- any JSON in any field -------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


@FUZZ
@given(
    field=st.sampled_from(
        [
            "amount",
            "currency",
            "date",
            "description",
            "category",
            "payment_method",
            "merchant",
            "notes",
            "tags",
        ]
    ),
    value=JSON_VALUES,
)
def test_any_json_in_any_expense_field_is_never_a_server_error(alice_client, field, value):
    before = row_counts()
    response = alice_client.post(EXPENSES, expense_body(**{field: value}), format="json")
    assert response.status_code in (201, 400), (
        field,
        value,
        response.status_code,
        response.content[:300],
    )
    if response.status_code == 400:
        assert field in response.json(), (field, value, response.content[:300])
        assert row_counts() == before


@FUZZ
@given(
    field=st.sampled_from(
        ["month", "scope", "category", "amount", "currency", "rollover_enabled", "warn_threshold"]
    ),
    value=JSON_VALUES,
)
def test_any_json_in_any_budget_field_is_never_a_server_error(alice_client, alice, field, value):
    Budget.objects.filter(owner=alice).delete()
    before = row_counts()
    response = alice_client.post(BUDGETS, budget_body(**{field: value}), format="json")
    assert response.status_code in (201, 400), (
        field,
        value,
        response.status_code,
        response.content[:300],
    )
    if response.status_code == 400:
        assert field in response.json(), (field, value, response.content[:300])
        assert row_counts() == before


# --- updates -----------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1e400", "-1", "0", "NaN", "1.005", None, [], True], ids=repr)
def test_hostile_amounts_in_updates_change_nothing(alice_client, alice, amount):
    expense = ExpenseFactory(owner=alice, amount=Decimal("12.50"))
    budget_response = alice_client.post(BUDGETS, budget_body(), format="json")
    assert budget_response.status_code == 201
    budget_id = budget_response.json()["id"]
    for method, url in (
        (alice_client.patch, f"{EXPENSES}{expense.id}/"),
        (alice_client.put, f"{EXPENSES}{expense.id}/"),
        (alice_client.patch, f"{BUDGETS}{budget_id}/"),
    ):
        data = {"amount": amount} if method == alice_client.patch else expense_body(amount=amount)
        response = method(url, data, format="json")
        assert response.status_code == 400, (url, response.status_code, response.content[:300])
        assert "amount" in response.json()
    expense.refresh_from_db()
    assert expense.amount == Decimal("12.50")
    assert Budget.objects.get(id=budget_id).amount == Decimal("100.00")


# --- account, AI -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "eve\x00"),
        ("username", ["eve"]),
        ("email", "e\x00@example.com"),
        ("email", {"a": 1}),
    ],
    ids=repr,
)
def test_hostile_registrations_are_400_naming_the_field(api_client, field, value):
    from accounts.models import User

    before = User.objects.count()
    data = {"username": "eve", "password": "a-long-test-password-42", "email": "", field: value}
    response = api_client.post("/api/v1/auth/register/", data, format="json")
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert field in response.json()
    assert User.objects.count() == before


@pytest.mark.parametrize("value", ["XXX\x00", "eur1", ["EUR"], None, 7], ids=repr)
def test_hostile_default_currency_is_400_and_changes_nothing(alice_client, alice, value):
    before = alice.default_currency
    response = alice_client.patch("/api/v1/auth/me/", {"default_currency": value}, format="json")
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert "default_currency" in response.json()
    alice.refresh_from_db()
    assert alice.default_currency == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", "a\x00b"),
        ("description", ""),
        ("description", "x" * 100_000),
        ("description", {"a": 1}),
        ("merchant", "m\x00"),
        ("amount", "NaN"),
        ("amount", "1e400"),
    ],
    ids=lambda v: repr(v)[:20],
)
def test_hostile_categorize_requests_are_400_on_the_field(alice_client, field, value):
    data = {"description": "coffee", field: value}
    response = alice_client.post("/api/v1/ai/categorize/", data, format="json")
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert field in response.json()
