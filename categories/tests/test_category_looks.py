"""Colours and icons of custom categories, and hiding categories from a user's pickers."""

import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from categories.looks import COLOR_TOKENS, ICONS
from categories.models import Category, HiddenCategory
from categories.tests.factories import CategoryFactory
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/categories/"
FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


def travel() -> Category:
    return Category.objects.get(owner=None, name="Travel")


def listed(client) -> dict[str, dict]:
    return {row["name"]: row for row in client.get(URL).json()["results"]}


def test_create_with_a_palette_colour_and_an_icon(alice_client):
    response = alice_client.post(
        URL, {"name": "Pets", "icon": "paw", "color_token": "category-teal"}
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["icon"], body["color_token"], body["hidden"]) == ("paw", "category-teal", False)


def test_blank_colour_and_icon_mean_the_default(alice_client):
    response = alice_client.post(URL, {"name": "Pets", "icon": "", "color_token": ""})
    assert response.status_code == 201
    assert (response.json()["icon"], response.json()["color_token"]) == ("", "")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("color_token", "#ff0000"),
        ("color_token", "green"),
        ("color_token", "category-food"),  # a system category's own colour, not the palette
        ("icon", "skull"),
        ("icon", "🐶"),
    ],
)
def test_colours_and_icons_outside_the_sets_are_400_naming_the_field(alice_client, field, value):
    response = alice_client.post(URL, {"name": "Pets", field: value})
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert "not one of the app's" in response.json()[field][0]
    assert not Category.objects.filter(name="Pets").exists()


def test_changing_the_colour_and_icon_of_a_custom_category(alice_client, alice):
    pets = CategoryFactory(owner=alice, name="Pets")
    response = alice_client.patch(
        f"{URL}{pets.id}/", {"icon": "car", "color_token": "category-pink"}, format="json"
    )
    assert response.status_code == 200
    pets.refresh_from_db()
    assert (pets.icon, pets.color_token) == ("car", "category-pink")
    bad = alice_client.patch(f"{URL}{pets.id}/", {"color_token": "red"}, format="json")
    assert bad.status_code == 400 and "color_token" in bad.json()


def test_hiding_a_system_category_is_per_user_and_can_be_undone(alice_client, bob_client):
    response = alice_client.patch(f"{URL}{travel().id}/", {"hidden": True}, format="json")
    assert response.status_code == 200
    assert response.json()["hidden"] is True
    assert listed(alice_client)["Travel"]["hidden"] is True
    assert listed(bob_client)["Travel"]["hidden"] is False
    again = alice_client.patch(f"{URL}{travel().id}/", {"hidden": True}, format="json")
    assert again.status_code == 200  # hiding twice is harmless
    shown = alice_client.patch(f"{URL}{travel().id}/", {"hidden": False}, format="json")
    assert shown.json()["hidden"] is False
    assert listed(alice_client)["Travel"]["hidden"] is False
    assert not HiddenCategory.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Trips"},
        {"icon": "car"},
        {"hidden": True, "name": "Trips"},
        {"hidden": True, "color_token": ""},
    ],
)
def test_a_system_category_changes_nothing_but_hidden(alice_client, body):
    response = alice_client.patch(f"{URL}{travel().id}/", body, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "system_category_read_only"
    assert travel().name == "Travel" and travel().icon == "plane"
    assert not HiddenCategory.objects.exists()


def test_a_system_category_still_cannot_be_deleted(alice_client):
    assert alice_client.delete(f"{URL}{travel().id}/").status_code == 403


def test_custom_categories_can_be_hidden_with_other_changes(alice_client, alice):
    pets = CategoryFactory(owner=alice, name="Pets")
    response = alice_client.patch(
        f"{URL}{pets.id}/", {"hidden": True, "name": "Animals"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["hidden"]) == ("Animals", True)
    created = alice_client.post(URL, {"name": "Kids", "hidden": True}, format="json")
    assert created.status_code == 201 and created.json()["hidden"] is True
    assert listed(alice_client)["Kids"]["hidden"] is True


def test_another_users_category_is_404_for_hiding(alice_client, bob):
    bobs = CategoryFactory(owner=bob, name="Bob's")
    response = alice_client.patch(f"{URL}{bobs.id}/", {"hidden": True}, format="json")
    assert response.status_code == 404
    assert not HiddenCategory.objects.exists()


def test_hidden_is_a_boolean(alice_client):
    response = alice_client.patch(f"{URL}{travel().id}/", {"hidden": "maybe"}, format="json")
    assert response.status_code == 400
    assert "hidden" in response.json()


def test_an_expense_keeps_its_hidden_category_and_new_ones_may_still_use_it(alice_client, alice):
    expense = ExpenseFactory(owner=alice, category=travel())
    HiddenCategory.objects.create(owner=alice, category=travel())
    shown = alice_client.get(f"/api/v1/expenses/{expense.id}/").json()
    assert (shown["category"], shown["category_name"]) == (travel().id, "Travel")
    created = alice_client.post(
        "/api/v1/expenses/",
        {"amount": "5", "date": "2026-01-01", "description": "Train", "category": travel().id},
        format="json",
    )
    assert created.status_code == 201


def test_reports_still_count_hidden_categories(alice_client, alice):
    ExpenseFactory(owner=alice, category=travel(), amount="40.00", date="2026-01-10")
    HiddenCategory.objects.create(owner=alice, category=travel())
    summary = alice_client.get(
        "/api/v1/reports/summary/", {"start": "2026-01-01", "end": "2026-01-31"}
    ).json()
    assert summary["total"] == "40.00"
    assert "Travel" in str(summary["by_category"])


def test_deleting_a_hidden_custom_category_takes_its_flag_along(alice_client, alice):
    pets = CategoryFactory(owner=alice, name="Pets")
    HiddenCategory.objects.create(owner=alice, category=pets)
    assert alice_client.delete(f"{URL}{pets.id}/").status_code == 204
    assert not HiddenCategory.objects.exists()


def test_the_list_costs_the_same_queries_however_many_are_hidden(alice_client, alice, bob):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(URL).status_code == 200
        return len(queries)

    few = count()
    for n in range(15):
        category = CategoryFactory(owner=alice, name=f"Mine {n}")
        HiddenCategory.objects.create(owner=alice, category=category)
        HiddenCategory.objects.create(owner=bob, category=CategoryFactory(owner=bob))
    for category in Category.objects.filter(owner=None):
        HiddenCategory.objects.create(owner=alice, category=category)
    assert count() == few
    rows = alice_client.get(URL).json()["results"]
    assert len(rows) == 25 and all(row["hidden"] for row in rows)


def test_the_app_draws_every_colour_and_icon_the_api_accepts():
    """The API and the browser app keep their own copies of the two lists."""
    css = (FRONTEND / "css" / "tailwind.css").read_text()
    for token in COLOR_TOKENS:
        assert re.search(rf"--color-{token}:\s*#[0-9a-f]{{6}};", css), token
    js = (FRONTEND / "js" / "format.js").read_text()
    block = js[js.index("export const CATEGORY_ICONS") :]
    block = block[: block.index("};")]
    assert re.findall(r'^\s+"?([a-z-]+)"?:', block, re.M) == list(ICONS)
    palette = js[js.index("export const CATEGORY_COLORS") :]
    palette = palette[: palette.index("];")]
    assert re.findall(r'"(category-[a-z]+)"', palette) == list(COLOR_TOKENS)


def _backup(client) -> dict:
    response = client.get("/api/v1/export/backup.json")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_hidden_categories_travel_in_backups(alice_client, alice, bob_client, bob):
    pets = CategoryFactory(owner=alice, name="Pets", icon="paw", color_token="category-teal")
    CategoryFactory(owner=alice, name="Kids")
    HiddenCategory.objects.create(owner=alice, category=pets)
    HiddenCategory.objects.create(owner=alice, category=travel())
    document = _backup(alice_client)
    assert document["hidden_system_categories"] == ["Travel"]
    assert {row["name"]: row["hidden"] for row in document["categories"]} == {
        "Kids": False,
        "Pets": True,
    }

    response = bob_client.post("/api/v1/import/backup.json", document, format="json")
    assert response.status_code == 201, response.content
    assert {name for name, row in listed(bob_client).items() if row["hidden"]} == {
        "Pets",
        "Travel",
    }
    assert listed(bob_client)["Pets"]["icon"] == "paw"
    # Restoring again adds nothing (and hides nothing twice).
    again = bob_client.post("/api/v1/import/backup.json", document, format="json")
    assert again.status_code == 201
    assert HiddenCategory.objects.filter(owner=bob).count() == 2


def test_backups_from_before_hiding_still_restore(alice_client, alice, bob_client, bob):
    CategoryFactory(owner=alice, name="Pets")
    document = _backup(alice_client)
    del document["hidden_system_categories"]
    for row in document["categories"]:
        del row["hidden"]
    response = bob_client.post("/api/v1/import/backup.json", document, format="json")
    assert response.status_code == 201, response.content
    assert not HiddenCategory.objects.filter(owner=bob).exists()


def test_a_backup_hiding_an_unknown_system_category_is_refused(alice_client, bob_client, bob):
    document = _backup(alice_client)
    document["hidden_system_categories"] = ["Travel", "Spaceships"]
    response = bob_client.post("/api/v1/import/backup.json", document, format="json")
    assert response.status_code == 400
    assert "Spaceships" in json.dumps(response.json())
    assert not HiddenCategory.objects.filter(owner=bob).exists()
