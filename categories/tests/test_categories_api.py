import pytest

from categories.models import Category, Tag
from categories.tests.factories import CategoryFactory, TagFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/categories/"
SYSTEM = {
    "Food",
    "Transport",
    "Utilities",
    "Entertainment",
    "Healthcare",
    "Shopping",
    "Housing",
    "Education",
    "Travel",
    "Other",
}


def test_system_categories_exist_from_migrations_and_are_listed(alice_client):
    rows = alice_client.get(URL).json()["results"]
    assert {row["name"] for row in rows if row["is_system"]} == SYSTEM
    assert Category.objects.filter(owner=None).count() == 10


def test_create_custom_category(alice_client, alice):
    response = alice_client.post(
        URL, {"name": " Pets ", "icon": "paw", "color_token": "category-green"}
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["is_system"], body["icon"]) == ("Pets", False, "paw")
    assert Category.objects.get(id=body["id"]).owner == alice


@pytest.mark.parametrize("name", ["food", "FOOD", "Pets", "pets ", ""])
def test_duplicate_or_system_or_blank_names_are_400(alice_client, alice, name):
    CategoryFactory(owner=alice, name="Pets")
    response = alice_client.post(URL, {"name": name})
    assert response.status_code == 400
    assert "name" in response.json()
    assert Category.objects.filter(owner=alice).count() == 1


def test_two_users_may_use_the_same_custom_name(alice_client, bob):
    CategoryFactory(owner=bob, name="Pets")
    assert alice_client.post(URL, {"name": "Pets"}).status_code == 201


def test_rename_custom_category(alice_client, alice):
    category = CategoryFactory(owner=alice, name="Pets")
    response = alice_client.patch(f"{URL}{category.id}/", {"name": "Animals"})
    assert response.status_code == 200
    category.refresh_from_db()
    assert category.name == "Animals"


def test_rename_to_a_taken_name_is_400(alice_client, alice):
    CategoryFactory(owner=alice, name="Pets")
    other = CategoryFactory(owner=alice, name="Kids")
    response = alice_client.patch(f"{URL}{other.id}/", {"name": "pets"})
    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_system_categories_are_read_only(alice_client, method):
    food = Category.objects.get(owner=None, name="Food")
    response = getattr(alice_client, method)(f"{URL}{food.id}/", {"name": "Groceries"})
    assert response.status_code == 403
    assert response.json()["code"] == "system_category_read_only"
    assert Category.objects.filter(id=food.id, name="Food").exists()


def test_delete_unused_category(alice_client, alice):
    category = CategoryFactory(owner=alice)
    assert alice_client.delete(f"{URL}{category.id}/").status_code == 204
    assert not Category.objects.filter(id=category.id).exists()


def test_delete_category_in_use_is_409_with_the_count(alice_client, alice):
    category = CategoryFactory(owner=alice)
    ExpenseFactory.create_batch(2, owner=alice, category=category)
    response = alice_client.delete(f"{URL}{category.id}/")
    assert response.status_code == 409
    assert response.json()["code"] == "category_in_use"
    assert response.json()["expense_count"] == 2
    assert Category.objects.filter(id=category.id).exists()


def test_delete_with_reassign_moves_expenses(alice_client, alice):
    category = CategoryFactory(owner=alice)
    food = Category.objects.get(owner=None, name="Food")
    ExpenseFactory.create_batch(2, owner=alice, category=category)
    response = alice_client.delete(f"{URL}{category.id}/?reassign_to={food.id}")
    assert response.status_code == 204
    assert Expense.objects.filter(owner=alice, category=food).count() == 2
    assert not Category.objects.filter(id=category.id).exists()


def test_delete_with_reassign_none_clears_expenses(alice_client, alice):
    category = CategoryFactory(owner=alice)
    ExpenseFactory.create_batch(2, owner=alice, category=category)
    assert alice_client.delete(f"{URL}{category.id}/?reassign_to=none").status_code == 204
    assert Expense.objects.filter(owner=alice, category__isnull=True).count() == 2


@pytest.mark.parametrize("target", ["self", "bobs", "999999", "abc"])
def test_delete_with_a_bad_reassign_target_is_400_and_changes_nothing(
    alice_client, alice, bob, target
):
    category = CategoryFactory(owner=alice)
    ExpenseFactory(owner=alice, category=category)
    value = {
        "self": category.id,
        "bobs": CategoryFactory(owner=bob).id,
    }.get(target, target)
    response = alice_client.delete(f"{URL}{category.id}/?reassign_to={value}")
    assert response.status_code == 400
    assert "reassign_to" in response.json()
    assert Expense.objects.get(owner=alice).category == category


def test_tags_list_counts_expenses(alice_client, alice, bob):
    trip, food = TagFactory(owner=alice, name="trip"), TagFactory(owner=alice, name="food")
    TagFactory(owner=bob, name="bobs")
    ExpenseFactory.create_batch(2, owner=alice, tags=[trip])
    ExpenseFactory(owner=alice, tags=[trip, food])
    rows = alice_client.get("/api/v1/tags/").json()["results"]
    assert [(row["name"], row["expense_count"]) for row in rows] == [("food", 1), ("trip", 3)]


def test_tags_are_matched_case_insensitively_per_owner(alice_client, alice):
    TagFactory(owner=alice, name="Trip")
    response = alice_client.post(
        "/api/v1/expenses/",
        {"amount": "5", "date": "2026-01-01", "description": "x", "tags": ["TRIP", "new"]},
    )
    assert sorted(response.json()["tags"]) == ["Trip", "new"]
    assert sorted(Tag.objects.filter(owner=alice).values_list("name", flat=True)) == [
        "Trip",
        "new",
    ]
