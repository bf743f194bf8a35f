"""The rules API: CRUD, order, validation naming the field, owner scoping, and what a
category delete does to the rules that set it."""

import pytest

from categories.models import Category
from categories.tests.factories import CategoryFactory
from expenses.tests.factories import ExpenseFactory
from rules.models import Rule
from rules.services import MAX_RULES_PER_USER
from rules.tests.factories import RuleFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/rules/"
UBER = [{"field": "description", "operator": "contains", "value": " Uber "}]


def food() -> Category:
    return Category.objects.get(owner=None, name="Food")


def test_alice_creates_a_rule_and_reads_it_back(alice_client, alice):
    body = {
        "name": "Rides",
        "conditions": [
            *UBER,
            {"field": "amount", "operator": "between", "value": {"min": 10, "max": "500.5"}},
            {"field": "description", "operator": "matches", "value": r"trip\s+\d+"},
        ],
        "set_category": food().id,
        "add_tags": ["ride", " Ride ", "work"],
        "set_merchant": "Uber",
    }
    response = alice_client.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["conditions"] == [
        {"field": "description", "operator": "contains", "value": "Uber"},
        {"field": "amount", "operator": "between", "value": {"min": "10.00", "max": "500.50"}},
        {"field": "description", "operator": "matches", "value": r"trip\s+\d+"},
    ]
    assert (created["set_category"], created["set_category_name"]) == (food().id, "Food")
    assert created["add_tags"] == ["ride", "work"]
    assert (created["enabled"], created["position"], created["set_merchant"]) == (True, 0, "Uber")
    assert set(created) == {
        "id", "name", "position", "enabled", "conditions", "set_category",
        "set_category_name", "add_tags", "set_merchant", "created_at", "updated_at",
    }  # fmt: skip
    assert alice_client.get(f"{URL}{created['id']}/").json() == created
    assert Rule.objects.get(id=created["id"]).owner == alice


def test_new_rules_go_last_and_the_list_is_paginated_in_order(alice_client, alice):
    ids = [
        alice_client.post(
            URL, {"name": f"r{n}", "conditions": UBER, "add_tags": ["x"]}, format="json"
        ).json()["id"]
        for n in range(3)
    ]
    page = alice_client.get(URL).json()
    assert page["count"] == 3
    assert [row["id"] for row in page["results"]] == ids
    assert [row["position"] for row in page["results"]] == [0, 1, 2]


def test_reorder_puts_the_rules_in_the_given_order(alice_client, alice):
    rules = [RuleFactory(owner=alice) for _ in range(3)]
    wanted = [rules[2].id, rules[0].id, rules[1].id]
    response = alice_client.post(f"{URL}reorder/", {"ids": wanted}, format="json")
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()] == wanted
    assert [row["id"] for row in alice_client.get(URL).json()["results"]] == wanted


@pytest.mark.parametrize("which", ["missing_one", "repeated", "foreign", "unknown"])
def test_reorder_needs_exactly_the_users_rules(alice_client, alice, bob, which):
    rules = [RuleFactory(owner=alice) for _ in range(2)]
    bobs = RuleFactory(owner=bob)
    ids = {
        "missing_one": [rules[0].id],
        "repeated": [rules[0].id, rules[0].id, rules[1].id],
        "foreign": [rules[0].id, rules[1].id, bobs.id],
        "unknown": [rules[0].id, rules[1].id, 999_999],
    }[which]
    response = alice_client.post(f"{URL}reorder/", {"ids": ids}, format="json")
    assert response.status_code == 400
    assert "ids" in response.json()
    assert bobs.position == Rule.objects.get(id=bobs.id).position


def test_patch_put_and_delete(alice_client, alice):
    rule = RuleFactory(owner=alice, set_merchant="Uber")
    response = alice_client.patch(f"{URL}{rule.id}/", {"enabled": False}, format="json")
    assert response.status_code == 200
    assert response.json()["enabled"] is False
    assert response.json()["set_merchant"] == "Uber"
    response = alice_client.put(
        f"{URL}{rule.id}/",
        {"name": "Only tags", "conditions": UBER, "add_tags": ["cab"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    # PUT replaces: what is left out goes back to its default.
    assert (response.json()["enabled"], response.json()["set_merchant"]) == (True, "")
    assert alice_client.delete(f"{URL}{rule.id}/").status_code == 204
    assert not Rule.objects.filter(id=rule.id).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"conditions": UBER, "add_tags": ["x"]}, "name"),
        ({"name": "  ", "conditions": UBER, "add_tags": ["x"]}, "name"),
        ({"name": "n", "add_tags": ["x"]}, "conditions"),
        ({"name": "n", "conditions": [], "add_tags": ["x"]}, "conditions"),
        ({"name": "n", "conditions": UBER}, "set_category"),
        ({"name": "n", "conditions": UBER, "set_merchant": "", "add_tags": []}, "set_category"),
        ({"name": "n", "conditions": UBER, "set_category": "food"}, "set_category"),
        ({"name": "n", "conditions": UBER, "set_category": 999_999}, "set_category"),
        ({"name": "n", "conditions": UBER, "add_tags": ["x" * 51]}, "add_tags"),
        ({"name": "n", "conditions": UBER, "add_tags": "x"}, "add_tags"),
        (
            {
                "name": "n",
                "add_tags": ["x"],
                "conditions": [*UBER, {"field": "merchant", "operator": "is", "value": "x"}],
            },
            "conditions[1].operator",
        ),
        (
            {
                "name": "n",
                "add_tags": ["x"],
                "conditions": [
                    *UBER,
                    {"field": "description", "operator": "matches", "value": r"(x+)\1"},
                ],
            },
            "conditions[1].value",
        ),
        (
            {
                "name": "n",
                "add_tags": ["x"],
                "conditions": [{"field": "amount", "operator": "between", "value": {"min": "-1"}}],
            },
            "conditions[0].value.min",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field(alice_client, alice, body, field):
    response = alice_client.post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Rule.objects.filter(owner=alice).exists()


def test_a_patch_that_leaves_a_rule_without_actions_is_refused(alice_client, alice):
    rule = RuleFactory(owner=alice, add_tags=["ride"])
    response = alice_client.patch(f"{URL}{rule.id}/", {"add_tags": []}, format="json")
    assert response.status_code == 400
    assert "set_category" in response.json()


def test_bob_cannot_see_or_change_alices_rule(alice, bob_client):
    rule = RuleFactory(owner=alice)
    for method in ["get", "patch", "put", "delete"]:
        response = getattr(bob_client, method)(f"{URL}{rule.id}/", {}, format="json")
        assert response.status_code == 404, method
    assert bob_client.get(URL).json()["count"] == 0
    assert Rule.objects.get(id=rule.id).name == rule.name


def test_another_users_category_is_a_400_on_set_category(alice_client, bob):
    theirs = CategoryFactory(owner=bob)
    response = alice_client.post(
        URL, {"name": "n", "conditions": UBER, "set_category": theirs.id}, format="json"
    )
    assert response.status_code == 400
    assert "set_category" in response.json()


def test_an_account_has_at_most_so_many_rules(alice_client, alice):
    Rule.objects.bulk_create(
        Rule(owner=alice, name=f"r{n}", position=n, conditions=UBER, add_tags=["x"])
        for n in range(MAX_RULES_PER_USER)
    )
    response = alice_client.post(
        URL, {"name": "one more", "conditions": UBER, "add_tags": ["x"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_rules"


def test_the_rule_list_takes_the_same_queries_for_few_and_many(
    alice_client, alice, django_assert_max_num_queries
):
    category = CategoryFactory(owner=alice)
    RuleFactory(owner=alice, set_category=category)
    with django_assert_max_num_queries(4):
        assert alice_client.get(URL).status_code == 200
    for _ in range(30):
        RuleFactory(owner=alice, set_category=CategoryFactory(owner=alice))
    with django_assert_max_num_queries(4):
        assert len(alice_client.get(URL).json()["results"]) == 31


def test_deleting_a_category_that_rules_use_is_a_409_counting_them(alice_client, alice):
    category = CategoryFactory(owner=alice)
    RuleFactory(owner=alice, set_category=category)
    response = alice_client.delete(f"/api/v1/categories/{category.id}/")
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["rule_count"]) == ("category_in_use", 1)
    assert Category.objects.filter(id=category.id).exists()


def test_deleting_a_category_moves_its_rules_to_another(alice_client, alice):
    category, other = CategoryFactory(owner=alice), CategoryFactory(owner=alice)
    rule = RuleFactory(owner=alice, set_category=category)
    ExpenseFactory(owner=alice, category=category)
    response = alice_client.delete(f"/api/v1/categories/{category.id}/?reassign_to={other.id}")
    assert response.status_code == 204
    rule.refresh_from_db()
    assert (rule.set_category, rule.enabled) == (other, True)


def test_clearing_a_category_disables_the_rules_it_was_the_only_action_of(alice_client, alice):
    category = CategoryFactory(owner=alice)
    only_category = RuleFactory(owner=alice, set_category=category, add_tags=[])
    with_tags = RuleFactory(owner=alice, set_category=category, add_tags=["ride"])
    response = alice_client.delete(f"/api/v1/categories/{category.id}/?reassign_to=none")
    assert response.status_code == 204
    only_category.refresh_from_db()
    with_tags.refresh_from_db()
    assert (only_category.set_category, only_category.enabled) == (None, False)
    assert (with_tags.set_category, with_tags.enabled) == (None, True)
