"""Rules in backups: exported with their conditions, order and category, restored into any
account (categories matched like the expenses'), once only, and old backups without rules
still restore."""

import json

import pytest

from categories.models import Category
from categories.tests.factories import CategoryFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory
from rules.models import Rule
from rules.services import MAX_RULES_PER_USER
from rules.tests.factories import RuleFactory

pytestmark = pytest.mark.django_db

CONDITIONS = [
    {"field": "description", "operator": "matches", "value": r"^amzn\s"},
    {"field": "amount", "operator": "between", "value": {"min": "1.00", "max": None}},
]


def export(client) -> dict:
    response = client.get("/api/v1/export/backup.json")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def restore(client, document: dict):
    return client.post("/api/v1/import/backup.json", document, format="json")


@pytest.fixture
def alices_rules(alice):
    pets = CategoryFactory(owner=alice, name="Pets")
    food = Category.objects.get(owner=None, name="Food")
    return [
        RuleFactory(owner=alice, name="Zooplus", position=0, set_category=pets, add_tags=[]),
        RuleFactory(
            owner=alice,
            name="Amazon",
            position=1,
            conditions=CONDITIONS,
            set_category=food,
            add_tags=["online"],
            set_merchant="Amazon",
            enabled=False,
        ),
    ]


def test_the_backup_carries_the_rules_in_order(alice_client, alices_rules):
    document = export(alice_client)
    pets_uid = document["categories"][0]["uid"]
    assert [
        (r["name"], r["position"], r["set_category"], r["enabled"]) for r in document["rules"]
    ] == [("Zooplus", 0, {"uid": pets_uid}, True), ("Amazon", 1, {"system": "Food"}, False)]
    amazon = document["rules"][1]
    assert (amazon["conditions"], amazon["add_tags"], amazon["set_merchant"]) == (
        CONDITIONS,
        ["online"],
        "Amazon",
    )
    assert amazon["uid"] == str(alices_rules[1].uid)


def test_another_account_gets_the_rules_with_its_own_categories(
    alice_client, alices_rules, bob_client, bob
):
    document = export(alice_client)
    response = restore(bob_client, document)
    assert response.status_code == 201, response.content
    assert (response.json()["created"]["rules"], response.json()["skipped"]["rules"]) == (2, 0)
    rules = list(Rule.objects.filter(owner=bob).order_by("position"))
    assert [r.name for r in rules] == ["Zooplus", "Amazon"]
    assert rules[0].set_category.owner == bob
    assert rules[0].set_category.name == "Pets"
    assert rules[1].set_category == Category.objects.get(owner=None, name="Food")
    # Exporting bob's account gives back the same rules.
    assert export(bob_client)["rules"] == document["rules"]
    # And they work in his account.
    body = {"amount": "5.00", "date": "2026-03-01", "description": "Uber ride home"}
    created = bob_client.post("/api/v1/expenses/", body, format="json").json()
    assert created["category"] == rules[0].set_category.id


def test_restoring_twice_adds_no_rule(alice_client, alice, alices_rules):
    document = export(alice_client)
    response = restore(alice_client, document)
    assert response.status_code == 201, response.content
    assert (response.json()["created"]["rules"], response.json()["skipped"]["rules"]) == (0, 2)
    assert Rule.objects.filter(owner=alice).count() == 2


def test_restored_rules_go_after_the_accounts_own(alice_client, alices_rules, bob_client, bob):
    own = RuleFactory(owner=bob, position=0)
    assert restore(bob_client, export(alice_client)).status_code == 201
    names = list(
        Rule.objects.filter(owner=bob).order_by("position", "id").values_list("name", flat=True)
    )
    assert names == [own.name, "Zooplus", "Amazon"]


def test_an_older_backup_without_rules_restores(alice_client, alice, bob_client, bob):
    CategoryFactory(owner=alice, name="Pets")
    document = export(alice_client)
    del document["rules"]
    response = restore(bob_client, document)
    assert response.status_code == 201, response.content
    assert response.json()["created"]["rules"] == 0
    assert not Rule.objects.filter(owner=bob).exists()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda rule: rule.update(conditions=[]), "rules[0].conditions"),
        (
            lambda rule: rule.update(
                conditions=[{"field": "description", "operator": "matches", "value": "(a)\\1"}]
            ),
            "rules[0].conditions",
        ),
        (lambda rule: rule.update(set_category={"system": "Nope"}), "rules[0].set_category"),
        (
            lambda rule: rule.update(set_category={"uid": "8d1f4a3e-59f1-4a0e-a8a8-0d6c1d7c5a11"}),
            "rules[0].set_category",
        ),
        (lambda rule: rule.pop("enabled"), "rules[0].enabled"),
    ],
)
def test_a_bad_rule_in_a_backup_is_refused_naming_it(
    alice_client, alices_rules, bob_client, bob, change, path
):
    document = export(alice_client)
    change(document["rules"][0])
    response = restore(bob_client, document)
    assert response.status_code == 400, response.content
    assert path in [error["path"] for error in response.json()["errors"]], response.json()
    assert not Rule.objects.filter(owner=bob).exists()


def test_repeated_rule_uids_are_refused(alice_client, alices_rules, bob_client, bob):
    document = export(alice_client)
    document["rules"][1]["uid"] = document["rules"][0]["uid"]
    response = restore(bob_client, document)
    assert response.status_code == 400
    assert {"path": "rules[1].uid", "message": "Repeated uid."} in response.json()["errors"]


def test_rules_past_the_accounts_limit_are_refused_and_nothing_is_restored(
    alice_client, alice, alices_rules, bob_client, bob
):
    ExpenseFactory(owner=alice, description="Zooplus order")
    CategoryFactory(owner=alice, name="Books")
    document = export(alice_client)
    Rule.objects.bulk_create(
        Rule(owner=bob, name=f"Own {n}", position=n, conditions=CONDITIONS)
        for n in range(MAX_RULES_PER_USER - 1)
    )
    response = restore(bob_client, document)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_backup"
    assert [error["path"] for error in body["errors"]] == ["rules"]
    assert f"at most {MAX_RULES_PER_USER}" in body["errors"][0]["message"]
    # All or nothing: no rule, expense or category of the backup was written.
    assert Rule.objects.filter(owner=bob).count() == MAX_RULES_PER_USER - 1
    assert not Expense.objects.filter(owner=bob).exists()
    assert not Category.objects.filter(owner=bob).exists()
    # Rules the account has already (same uid) do not count: up to the limit exactly is fine.
    Rule.objects.filter(owner=bob, name="Own 0").delete()
    response = restore(bob_client, document)
    assert response.status_code == 201, response.content
    assert Rule.objects.filter(owner=bob).count() == MAX_RULES_PER_USER
    assert restore(bob_client, document).json()["skipped"]["rules"] == 2
