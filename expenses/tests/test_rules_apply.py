"""Rules at work: on create, on CSV/OFX import (before AI suggestions), and applied on
demand to expenses already recorded (preview count, changes, the edit window)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from categories.models import Category, Tag
from categories.tests.factories import CategoryFactory
from expenses.models import MAX_TAGS_PER_EXPENSE, Expense
from expenses.services import expense_create
from expenses.tests.factories import ExpenseFactory
from rules.models import Rule
from rules.services import MAX_TAGS_PER_ROW
from rules.tests.factories import RuleFactory

pytestmark = pytest.mark.django_db

AMZN = [{"field": "description", "operator": "contains", "value": "amzn mktp"}]
OFX = Path(__file__).parents[2] / "reports/tests/data/statement.ofx"
OLD = timezone.now() - datetime.timedelta(days=30)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the categorizer's per-user models


def shopping() -> Category:
    return Category.objects.get(owner=None, name="Shopping")


def amazon_rule(owner, **extra):
    values = {
        "owner": owner,
        "name": "Amazon",
        "conditions": AMZN,
        "set_category": shopping(),
        "set_merchant": "Amazon",
        "add_tags": ["online"],
    }
    return RuleFactory(**{**values, **extra})


def post_expense(client, **extra):
    body = {"amount": "499.00", "date": "2026-03-01", "description": "AMZN Mktp IN*2K4", **extra}
    return client.post("/api/v1/expenses/", body, format="json")


def tags_of(expense: Expense) -> list[str]:
    return sorted(tag.name for tag in expense.tags.all())


# -- on create ------------------------------------------------------------------------------


def test_a_new_expense_gets_what_the_rules_set(alice_client, alice):
    amazon_rule(alice)
    RuleFactory(owner=alice, conditions=AMZN, add_tags=["Online", "amazon"], position=99)
    response = post_expense(alice_client)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["category"], body["category_name"], body["merchant"]) == (
        shopping().id,
        "Shopping",
        "Amazon",
    )
    assert sorted(body["tags"]) == ["amazon", "online"]


def test_the_users_category_wins_and_the_rules_merchant_replaces_the_raw_one(alice_client, alice):
    amazon_rule(alice)
    food = Category.objects.get(owner=None, name="Food")
    response = post_expense(alice_client, category=food.id, merchant="AMZN Mktp IN*2K4", tags=["x"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["category"], body["merchant"]) == (food.id, "Amazon")
    assert sorted(body["tags"]) == ["online", "x"]
    # A rule without set_merchant leaves the merchant given alone.
    Rule.objects.filter(owner=alice).update(enabled=False)
    amazon_rule(alice, set_merchant="", set_category=None)
    body = post_expense(alice_client, merchant="AMZN Mktp IN*2K4").json()
    assert body["merchant"] == "AMZN Mktp IN*2K4"


def test_the_tags_rules_add_stop_at_the_limit(alice_client, alice):
    assert MAX_TAGS_PER_ROW == MAX_TAGS_PER_EXPENSE  # `rules` cannot import the latter
    amazon_rule(alice)
    RuleFactory(owner=alice, conditions=AMZN, add_tags=["amazon", "shopping"], position=99)
    given = [f"t{n}" for n in range(MAX_TAGS_PER_EXPENSE - 1)]
    response = post_expense(alice_client, tags=given)
    assert response.status_code == 201, response.content
    assert sorted(response.json()["tags"]) == sorted([*given, "online"])
    full = [f"t{n}" for n in range(MAX_TAGS_PER_EXPENSE)]
    response = post_expense(alice_client, tags=full)
    assert response.status_code == 201, response.content
    assert sorted(response.json()["tags"]) == sorted(full)


def test_disabled_rules_and_other_users_rules_do_nothing(alice_client, alice, bob):
    amazon_rule(alice, enabled=False)
    amazon_rule(bob)
    body = post_expense(alice_client).json()
    assert (body["category"], body["merchant"], body["tags"]) == (None, "", [])


def test_create_can_skip_the_rules(alice):
    amazon_rule(alice)
    expense = expense_create(
        owner=alice,
        amount=Decimal("1.00"),
        date=datetime.date(2026, 3, 1),
        description="AMZN Mktp",
        apply_rules=False,
    )
    assert (expense.category, expense.merchant, tags_of(expense)) == (None, "", [])


def test_create_loads_the_rules_in_one_query(alice, django_assert_num_queries):
    def create() -> Expense:
        return expense_create(
            owner=alice, amount=Decimal("1"), date=datetime.date(2026, 3, 1), description="x"
        )

    with CaptureQueriesContext(connection) as without_rules:
        create()
    assert any('"rules_rule"' in query["sql"] for query in without_rules.captured_queries)
    for _ in range(5):
        amazon_rule(
            alice, conditions=[{"field": "description", "operator": "equals", "value": "y"}]
        )
    with django_assert_num_queries(len(without_rules.captured_queries)):
        create()


# -- on import --------------------------------------------------------------------------------

BANK = (
    "date,description,amount,category\n"
    "2026-03-02,AMZN Mktp IN*2K4,499.00,\n"
    "2026-03-03,Zooplus order 9911,899.00,\n"
    "2026-03-04,AMZN Mktp IN*9ZZ,120.00,Gifts\n"
)


def post_csv(client, content: str, query: str = "", **form):
    form["file"] = SimpleUploadedFile("statement.csv", content.encode())
    return client.post(f"/api/v1/import/expenses.csv{query}", form, format="multipart")


@pytest.fixture
def pets_history(alice):
    """History that makes the categorizer suggest Pets for "Zooplus" and "AMZN" alike."""
    pets = CategoryFactory(owner=alice, name="Pets")
    for day in range(4):
        for text in ["Zooplus order", "AMZN Mktp pet food"]:
            expense_create(
                owner=alice,
                amount=Decimal("700.00"),
                date=datetime.date(2026, 2, 1 + day),
                description=text,
                category=pets,
                apply_rules=False,
            )
    return pets


def test_the_import_preview_shows_the_rule_and_a_rule_beats_a_suggestion(
    alice_client, alice, pets_history
):
    rule = amazon_rule(alice)
    response = post_csv(alice_client, BANK, "?dry_run=true", auto_categorize="true")
    assert response.status_code == 200, response.content
    rows = {row["row"]: row for row in response.json()["rows"]}
    assert rows[2]["category"] == "Shopping"
    assert rows[2]["rule"] == {"id": rule.id, "name": "Amazon"}
    assert (rows[2]["suggested_category"], rows[2]["merchant"]) == (None, "Amazon")
    assert rows[2]["tags"] == ["online"]
    # No rule: the suggestion fills it.
    assert (rows[3]["rule"], rows[3]["suggested_category"]) == (None, "Pets")
    # The file's own category stays; the rule still adds its merchant and tags.
    assert (rows[4]["category"], rows[4]["rule"]["id"], rows[4]["merchant"]) == (
        "Gifts",
        rule.id,
        "Amazon",
    )


def test_the_import_writes_what_the_rules_set(alice_client, alice, pets_history):
    amazon_rule(alice)
    response = post_csv(alice_client, BANK, auto_categorize="true")
    assert response.status_code == 201, response.content
    imported = {e.description: e for e in Expense.objects.filter(owner=alice, date__month=3)}
    amzn = imported["AMZN Mktp IN*2K4"]
    assert (amzn.category, amzn.merchant, tags_of(amzn)) == (shopping(), "Amazon", ["online"])
    assert imported["Zooplus order 9911"].category == pets_history
    assert imported["AMZN Mktp IN*9ZZ"].category.name == "Gifts"


def test_the_rules_merchant_replaces_the_files_raw_merchant(alice_client, alice):
    amazon_rule(alice, position=5)
    content = (
        "date,description,merchant,amount\n"
        "2026-03-02,Order 1,AMZN Mktp IN*2K4,499.00\n"
        "2026-03-03,Order 2,Zooplus SE,99.00\n"
    )
    preview = post_csv(
        alice_client,
        content.replace("Order 1", "AMZN Mktp order"),
        "?dry_run=true",
    )
    assert preview.status_code == 200, preview.content
    rows = {row["row"]: row for row in preview.json()["rows"]}
    assert (rows[2]["merchant"], rows[3]["merchant"]) == ("Amazon", "Zooplus SE")
    # The condition is on the merchant column here.
    amazon_rule(
        alice,
        position=0,
        conditions=[{"field": "merchant", "operator": "starts_with", "value": "amzn"}],
        set_merchant="Amazon India",
    )
    response = post_csv(alice_client, content)
    assert response.status_code == 201, response.content
    merchants = dict(Expense.objects.filter(owner=alice).values_list("description", "merchant"))
    assert merchants == {"Order 1": "Amazon India", "Order 2": "Zooplus SE"}


def test_the_ofx_import_applies_the_rules_too(alice_client, alice):
    rule = RuleFactory(
        owner=alice,
        name="Groceries",
        conditions=[{"field": "description", "operator": "starts_with", "value": "trader joe"}],
        set_category=Category.objects.get(owner=None, name="Food"),
        add_tags=[],
    )
    form = {"file": SimpleUploadedFile("s.ofx", OFX.read_bytes())}
    preview = alice_client.post(
        "/api/v1/import/expenses.ofx?dry_run=true", form, format="multipart"
    )
    assert preview.status_code == 200, preview.content
    joes = [row for row in preview.json()["rows"] if row["description"].startswith("TRADER")]
    assert joes and all(row["rule"] == {"id": rule.id, "name": "Groceries"} for row in joes)
    form = {"file": SimpleUploadedFile("s.ofx", OFX.read_bytes())}
    assert (
        alice_client.post("/api/v1/import/expenses.ofx", form, format="multipart").status_code
        == 201
    )
    filed = Expense.objects.filter(owner=alice, description__startswith="TRADER")
    assert {e.category.name for e in filed} == {"Food"}


# -- on demand ------------------------------------------------------------------------------


def apply(client, rule_id: int | None = None, query: str = ""):
    url = f"/api/v1/rules/{rule_id}/apply/" if rule_id else "/api/v1/rules/apply/"
    return client.post(url + query)


def test_the_preview_counts_and_writes_nothing(alice_client, alice):
    rule = amazon_rule(alice)
    for n in range(3):
        ExpenseFactory(owner=alice, description=f"amzn MKTP order {n}")
    ExpenseFactory(owner=alice, description="Zooplus")
    response = apply(alice_client, rule.id, "?dry_run=true")
    assert response.status_code == 200, response.content
    assert response.json() == {"dry_run": True, "matched": 3}
    assert not Expense.objects.filter(owner=alice, category__isnull=False).exists()
    assert not Tag.objects.filter(owner=alice).exists()


def test_applying_a_rule_changes_the_matching_expenses(alice_client, alice):
    rule = amazon_rule(alice)
    done = ExpenseFactory(owner=alice, description="AMZN Mktp a", category=shopping())
    done.merchant = "Amazon"
    done.save()
    done.tags.set([Tag.objects.create(owner=alice, name="online")])
    fresh = ExpenseFactory(owner=alice, description="AMZN Mktp b")
    other = ExpenseFactory(owner=alice, description="Zooplus")
    response = apply(alice_client, rule.id)
    assert response.json() == {"dry_run": False, "matched": 2, "changed": 1, "merchant_skipped": 0}
    fresh.refresh_from_db()
    assert (fresh.category, fresh.merchant, tags_of(fresh)) == (shopping(), "Amazon", ["online"])
    other.refresh_from_db()
    assert (other.category, tags_of(other)) == (None, [])
    # Applying again changes nothing more.
    assert apply(alice_client, rule.id).json()["changed"] == 0


def test_old_expenses_get_their_classification_but_keep_their_merchant(alice_client, alice):
    rule = amazon_rule(alice)
    old = ExpenseFactory(owner=alice, description="AMZN Mktp old", merchant="AMZN", created_at=OLD)
    response = apply(alice_client, rule.id)
    assert response.json() == {"dry_run": False, "matched": 1, "changed": 1, "merchant_skipped": 1}
    old.refresh_from_db()
    assert (old.category, old.merchant, tags_of(old)) == (shopping(), "AMZN", ["online"])


def test_applying_all_rules_follows_their_order(alice_client, alice):
    food = Category.objects.get(owner=None, name="Food")
    amazon_rule(alice, position=2)
    RuleFactory(owner=alice, position=1, conditions=AMZN, set_category=food, add_tags=["first"])
    RuleFactory(owner=alice, position=0, conditions=AMZN, enabled=False, set_category=shopping())
    expense = ExpenseFactory(owner=alice, description="AMZN Mktp", amount=Decimal("20"))
    response = apply(alice_client)
    assert response.status_code == 200
    assert response.json()["matched"] == 1
    expense.refresh_from_db()
    assert (expense.category, expense.merchant) == (food, "Amazon")
    assert tags_of(expense) == ["first", "online"]


def test_patterns_and_amounts_are_checked_on_demand(alice_client, alice):
    rule = RuleFactory(
        owner=alice,
        conditions=[
            {"field": "description", "operator": "matches", "value": r"^uber\s+trip\s+\d+$"},
            {"field": "amount", "operator": "between", "value": {"min": "10.00", "max": "50.00"}},
        ],
        add_tags=["ride"],
    )
    ExpenseFactory(owner=alice, description="UBER TRIP 42", amount=Decimal("10.00"))
    ExpenseFactory(owner=alice, description="Uber trip 7", amount=Decimal("50.00"))
    ExpenseFactory(owner=alice, description="uber trip 8", amount=Decimal("50.01"))
    ExpenseFactory(owner=alice, description="uber trip eats", amount=Decimal("20.00"))
    assert apply(alice_client, rule.id, "?dry_run=true").json()["matched"] == 2


def test_bob_cannot_apply_alices_rule_and_rules_never_touch_his_expenses(
    alice_client, alice, bob, bob_client
):
    rule = amazon_rule(alice)
    bobs = ExpenseFactory(owner=bob, description="AMZN Mktp")
    assert apply(bob_client, rule.id).status_code == 404
    assert apply(alice_client, rule.id).json()["matched"] == 0
    bobs.refresh_from_db()
    assert bobs.category is None


def test_a_bad_dry_run_value_is_a_400(alice_client, alice):
    rule = amazon_rule(alice)
    response = apply(alice_client, rule.id, "?dry_run=perhaps")
    assert response.status_code == 400
    assert "dry_run" in response.json()


def test_texts_are_compared_trimmed_on_demand(alice_client, alice):
    """The engine compares trimmed texts; the database must not narrow them away."""
    starts = amazon_rule(
        alice,
        conditions=[{"field": "description", "operator": "starts_with", "value": "amzn mktp"}],
    )
    equals = RuleFactory(
        owner=alice,
        conditions=[{"field": "merchant", "operator": "equals", "value": "zooplus"}],
        add_tags=["pets"],
    )
    padded = Expense.objects.create(
        owner=alice,
        amount=Decimal("5.00"),
        date=datetime.date(2026, 1, 1),
        description="  AMZN Mktp order 7 ",
        merchant=" Zooplus\t",
    )
    assert Expense.objects.get(pk=padded.pk).description == "  AMZN Mktp order 7 "
    assert apply(alice_client, starts.id, "?dry_run=true").json()["matched"] == 1
    assert apply(alice_client, equals.id, "?dry_run=true").json()["matched"] == 1
    assert apply(alice_client).json()["changed"] == 1
    padded.refresh_from_db()
    assert (padded.category, tags_of(padded)) == (shopping(), ["online", "pets"])


def test_applying_never_takes_an_expense_past_the_tag_limit(alice_client, alice):
    amazon_rule(alice, position=0)
    RuleFactory(owner=alice, conditions=AMZN, add_tags=["amazon", "shopping"], position=99)
    own = [Tag.objects.create(owner=alice, name=f"t{n}") for n in range(MAX_TAGS_PER_EXPENSE)]
    full = ExpenseFactory(owner=alice, description="AMZN Mktp full", category=shopping())
    full.merchant = "Amazon"
    full.save()
    full.tags.set(own)
    almost = ExpenseFactory(owner=alice, description="AMZN Mktp almost")
    almost.tags.set(own[:-1])
    response = apply(alice_client)
    assert response.status_code == 200, response.content
    # The full one is matched but unchanged; the other gets one tag, in the rules' order.
    assert response.json() == {"dry_run": False, "matched": 2, "changed": 1, "merchant_skipped": 0}
    assert tags_of(full) == sorted(tag.name for tag in own)
    assert tags_of(almost) == sorted([*(tag.name for tag in own[:-1]), "online"])
    assert apply(alice_client).json()["changed"] == 0


@pytest.mark.parametrize("count", [10, 1000])
def test_applying_takes_a_bounded_number_of_queries(
    alice_client, alice, count, django_assert_max_num_queries
):
    amazon_rule(alice)
    RuleFactory(
        owner=alice,
        conditions=[
            {"field": "description", "operator": "matches", "value": "other order [0-9]*0$"}
        ],
        add_tags=["tens"],
        set_category=CategoryFactory(owner=alice),
    )
    Expense.objects.bulk_create(
        Expense(
            owner=alice,
            amount=Decimal("5.00"),
            date=datetime.date(2026, 1, 1),
            description=f"AMZN Mktp order {n}" if n % 2 else f"Other order {n}",
            created_at=OLD if n % 3 == 0 else timezone.now(),
        )
        for n in range(count)
    )
    with django_assert_max_num_queries(16):
        response = apply(alice_client)
    assert response.status_code == 200
    assert response.json()["matched"] == count // 2 + count // 10
    assert Expense.objects.filter(owner=alice, category=shopping()).count() == count // 2
