"""Bulk changes (issue 13, part 2): `POST expenses/bulk/` changes the classification of many
expenses in one transaction; `POST expenses/bulk-delete/` deletes those inside their edit
window and names the others."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from categories.models import Category, Tag
from categories.tests.factories import CategoryFactory, TagFactory
from expenses.models import MAX_TAGS_PER_EXPENSE, Expense, ExpenseAudit
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import png

pytestmark = pytest.mark.django_db

BULK = "/api/v1/expenses/bulk/"
BULK_DELETE = "/api/v1/expenses/bulk-delete/"
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
OLD = NOW - datetime.timedelta(days=5)  # past the 72-hour window


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def food():
    return Category.objects.get(owner__isnull=True, name="Food")


def post(client, url, body):
    return client.post(url, body, format="json")


def categories_of(expenses) -> list:
    return [Expense.objects.get(pk=e.pk).category_id for e in expenses]


def tags_of(expense) -> list[str]:
    return sorted(tag.name for tag in Expense.objects.get(pk=expense.pk).tags.all())


# -- classification ----------------------------------------------------------------------


def test_setting_the_category_by_ids_changes_only_those(alice, alice_client, food):
    chosen = ExpenseFactory.create_batch(3, owner=alice, created_at=OLD)
    other = ExpenseFactory(owner=alice)
    response = post(alice_client, BULK, {"ids": [e.id for e in chosen], "set_category": food.id})
    assert response.status_code == 200, response.content
    assert response.json() == {"matched": 3, "changed": 3}
    # Locked expenses too: classification is not the record.
    assert categories_of(chosen) == [food.id] * 3
    assert categories_of([other]) == [None]
    assert ExpenseAudit.objects.count() == 0


def test_changed_counts_only_the_expenses_that_really_changed(alice, alice_client, food):
    already = ExpenseFactory(owner=alice, category=food)
    moved = ExpenseFactory(owner=alice)
    response = post(alice_client, BULK, {"ids": [already.id, moved.id], "set_category": food.id})
    assert response.json() == {"matched": 2, "changed": 1}
    assert Expense.objects.get(pk=moved.pk).updated_at == NOW


def test_null_clears_the_category(alice, alice_client, food):
    own = CategoryFactory(owner=alice)
    expenses = [
        ExpenseFactory(owner=alice, category=food),
        ExpenseFactory(owner=alice, category=own),
    ]
    response = post(alice_client, BULK, {"ids": [e.id for e in expenses], "set_category": None})
    assert response.json() == {"matched": 2, "changed": 2}
    assert categories_of(expenses) == [None, None]


def test_filter_mode_changes_every_matching_expense_and_no_other(alice, alice_client, food):
    matching = [
        ExpenseFactory(owner=alice, description="Uber to work"),
        ExpenseFactory(owner=alice, merchant="UBER BV", created_at=OLD),
        ExpenseFactory(owner=alice, notes="uber pool"),
    ]
    others = [ExpenseFactory(owner=alice, description="Groceries") for _ in range(2)]
    response = post(alice_client, BULK, {"filter": {"search": "uber"}, "set_category": food.id})
    assert response.json() == {"matched": 3, "changed": 3}
    assert categories_of(matching) == [food.id] * 3
    assert categories_of(others) == [None, None]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"search": "taxi"},
        {"start_date": "2026-01-10", "end_date": "2026-01-20"},
        {"min_amount": "10", "max_amount": "20"},
        {"tag": "WORK"},
        {"payment_method": "card"},
        {"currency": "eur"},
        {"search": "", "ordering": "-amount", "category_id": ""},
    ],
)
def test_a_filter_selects_exactly_what_the_list_shows(alice, alice_client, filters):
    work = TagFactory(owner=alice, name="work")
    ExpenseFactory(owner=alice, description="Taxi", date=datetime.date(2026, 1, 12), tags=[work])
    ExpenseFactory(owner=alice, description="Taxi", amount="30.00", payment_method="card")
    ExpenseFactory(owner=alice, description="Lunch", currency="EUR", date=datetime.date(2026, 2, 1))
    ExpenseFactory(owner=alice, description="Book", date=datetime.date(2026, 1, 20), tags=[work])
    listed = alice_client.get("/api/v1/expenses/", filters).json()["count"]
    response = post(alice_client, BULK, {"filter": filters, "add_tags": ["seen"]})
    assert response.status_code == 200, response.content
    assert response.json()["matched"] == listed
    assert Expense.objects.filter(owner=alice, tags__name="seen").count() == listed


def test_a_category_filter_matches_the_list(alice, alice_client, food):
    ExpenseFactory.create_batch(2, owner=alice, category=food)
    ExpenseFactory(owner=alice)
    response = post(alice_client, BULK, {"filter": {"category_id": food.id}, "add_tags": ["x"]})
    assert response.json() == {"matched": 2, "changed": 2}


def test_tags_are_added_case_insensitively_and_new_ones_created_for_the_owner(
    alice, bob, alice_client
):
    work = TagFactory(owner=alice, name="Work")
    TagFactory(owner=bob, name="trip")
    tagged = ExpenseFactory(owner=alice, tags=[work])
    plain = ExpenseFactory(owner=alice, created_at=OLD)
    response = post(alice_client, BULK, {"ids": [tagged.id, plain.id], "add_tags": ["WORK"]})
    assert response.json() == {"matched": 2, "changed": 1}
    assert tags_of(tagged) == tags_of(plain) == ["Work"]
    response = post(alice_client, BULK, {"ids": [tagged.id, plain.id], "add_tags": ["Trip"]})
    assert response.json() == {"matched": 2, "changed": 2}
    trip = Tag.objects.get(owner=alice, name="Trip")
    assert set(trip.expenses.all()) == {tagged, plain}
    assert Tag.objects.filter(name__iexact="trip").count() == 2  # bob's is untouched


def test_tags_are_removed_case_insensitively(alice, alice_client):
    work, home = TagFactory(owner=alice, name="Work"), TagFactory(owner=alice, name="home")
    both = ExpenseFactory(owner=alice, tags=[work, home])
    one = ExpenseFactory(owner=alice, tags=[home])
    none = ExpenseFactory(owner=alice)
    response = post(
        alice_client,
        BULK,
        {"ids": [both.id, one.id, none.id], "remove_tags": ["work", "HOME", "unknown"]},
    )
    assert response.json() == {"matched": 3, "changed": 2}
    assert tags_of(both) == tags_of(one) == tags_of(none) == []
    assert Tag.objects.filter(owner=alice).count() == 2  # the tags themselves stay


def test_category_and_tags_change_together(alice, alice_client, food):
    old = TagFactory(owner=alice, name="old")
    expense = ExpenseFactory(owner=alice, tags=[old])
    response = post(
        alice_client,
        BULK,
        {"ids": [expense.id], "set_category": food.id, "add_tags": ["new"], "remove_tags": ["old"]},
    )
    assert response.json() == {"matched": 1, "changed": 1}
    assert categories_of([expense]) == [food.id]
    assert tags_of(expense) == ["new"]


# -- refusals ------------------------------------------------------------------------------


def test_another_users_or_an_unknown_id_is_a_400_naming_it(alice, bob, alice_client, food):
    mine = ExpenseFactory(owner=alice)
    bobs = ExpenseFactory(owner=bob)
    response = post(
        alice_client, BULK, {"ids": [mine.id, bobs.id, 999_999], "set_category": food.id}
    )
    assert response.status_code == 400
    message = response.json()["ids"][0]
    assert str(bobs.id) in message and "999999" in message and str(mine.id) not in message
    assert categories_of([mine, bobs]) == [None, None]


@pytest.mark.parametrize("url", [BULK, BULK_DELETE])
def test_bob_deleting_or_changing_alices_expense_by_id_is_refused(alice, bob_client, url):
    expense = ExpenseFactory(owner=alice)
    response = post(bob_client, url, {"ids": [expense.id], "add_tags": ["x"]})
    assert response.status_code == 400
    assert str(expense.id) in response.json()["ids"][0]
    assert Expense.objects.filter(pk=expense.pk).exists()
    assert tags_of(expense) == []


def test_an_unknown_or_another_users_category_is_a_400(alice, bob, alice_client):
    expense = ExpenseFactory(owner=alice)
    bobs = CategoryFactory(owner=bob)
    for category in [bobs.id, 999_999, "food", True]:
        response = post(alice_client, BULK, {"ids": [expense.id], "set_category": category})
        assert response.status_code == 400, category
        assert "set_category" in response.json()
    assert categories_of([expense]) == [None]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ids": [], "add_tags": ["x"]}, "ids"),
        ({"add_tags": ["x"]}, "ids"),
        ({"ids": ["mine"], "filter": {}, "add_tags": ["x"]}, "filter"),
        ({"ids": ["one"], "add_tags": ["x"]}, "ids"),
        ({"ids": [0], "add_tags": ["x"]}, "ids"),
        ({"ids": 5, "add_tags": ["x"]}, "ids"),
        ({"filter": [], "add_tags": ["x"]}, "filter"),
        ({"filter": {}}, "non_field_errors"),
        ({"filter": {}, "add_tags": []}, "add_tags"),
        ({"filter": {}, "add_tags": [""]}, "add_tags"),
        ({"filter": {}, "add_tags": ["x" * 51]}, "add_tags"),
        ({"filter": {}, "remove_tags": "x"}, "remove_tags"),
        ({"filter": {}, "add_tags": ["a"], "remove_tags": ["A"]}, "remove_tags"),
    ],
)
def test_bad_bodies_are_a_400_naming_the_field(alice, alice_client, body, field):
    mine = ExpenseFactory(owner=alice)
    if body.get("ids") == ["mine"]:
        body = {**body, "ids": [mine.id]}
    response = post(alice_client, BULK, body)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Tag.objects.exists()


@pytest.mark.parametrize(
    ("filters", "name"),
    [
        ({"start_date": "yesterday"}, "start_date"),
        ({"min_amount": "lots"}, "min_amount"),
        ({"category_id": "0"}, "category_id"),
        ({"payment_method": "cheque"}, "payment_method"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": "XYZ"}, "currency"),
        ({"serach": "typo"}, "serach"),
        ({"page": "2"}, "page"),
        ({"search": {"nested": 1}}, "search"),
    ],
)
@pytest.mark.parametrize("url", [BULK, BULK_DELETE])
def test_a_bad_filter_is_a_400_naming_it(alice, alice_client, url, filters, name):
    expense = ExpenseFactory(owner=alice)
    response = post(alice_client, url, {"filter": filters, "add_tags": ["x"]})
    assert response.status_code == 400, response.content
    assert name in response.json()["filter"], response.json()
    assert Expense.objects.filter(pk=expense.pk).exists()
    assert tags_of(expense) == []


def test_more_than_the_limit_is_a_400_saying_it(alice, alice_client, settings, food):
    settings.EXPENSE_BULK_MAX = 3
    expenses = ExpenseFactory.create_batch(4, owner=alice)
    ids = [e.id for e in expenses]
    by_ids = post(alice_client, BULK, {"ids": ids, "set_category": food.id})
    by_filter = post(alice_client, BULK, {"filter": {}, "set_category": food.id})
    deleting = post(alice_client, BULK_DELETE, {"filter": {}})
    assert (by_ids.status_code, by_filter.status_code, deleting.status_code) == (400, 400, 400)
    assert "At most 3" in by_ids.json()["ids"][0]
    assert "at most 3" in by_filter.json()["filter"][0]
    assert "at most 3" in deleting.json()["filter"][0]
    assert categories_of(expenses) == [None] * 4
    assert Expense.objects.count() == 4
    at_limit = post(alice_client, BULK, {"ids": ids[:3], "set_category": food.id})
    assert at_limit.json() == {"matched": 3, "changed": 3}


def test_going_over_the_tag_cap_changes_nothing(alice, alice_client, food):
    tags = TagFactory.create_batch(MAX_TAGS_PER_EXPENSE - 1, owner=alice)
    full = ExpenseFactory(owner=alice, tags=tags)
    roomy = ExpenseFactory(owner=alice)
    response = post(
        alice_client,
        BULK,
        {
            "ids": [roomy.id, full.id],
            "set_category": food.id,
            "remove_tags": [tags[0].name],
            "add_tags": ["one", "two", "three"],
        },
    )
    assert response.status_code == 400
    assert response.json()["add_tags"] == [
        f"Expense {full.id} would have more than {MAX_TAGS_PER_EXPENSE} tags, the most an "
        "expense may have. Remove some of their tags first."
    ]
    # The whole request rolled back: category, removed tag, created tags.
    assert categories_of([full, roomy]) == [None, None]
    assert len(tags_of(full)) == MAX_TAGS_PER_EXPENSE - 1
    assert not Tag.objects.filter(name__in=["one", "two", "three"]).exists()


def test_the_tag_cap_counts_tags_the_expense_already_has_once(alice, alice_client):
    tags = TagFactory.create_batch(MAX_TAGS_PER_EXPENSE, owner=alice)
    full = ExpenseFactory(owner=alice, tags=tags)
    response = post(alice_client, BULK, {"ids": [full.id], "add_tags": [tags[0].name.upper()]})
    assert response.json() == {"matched": 1, "changed": 0}


def test_a_filter_that_matches_nothing_creates_no_tag(alice, alice_client):
    ExpenseFactory(owner=alice, description="Lunch")
    response = post(alice_client, BULK, {"filter": {"search": "nothing"}, "add_tags": ["x"]})
    assert response.json() == {"matched": 0, "changed": 0}
    assert not Tag.objects.exists()


# -- query counts ------------------------------------------------------------------------


def _rows(owner, count: int) -> list[int]:
    Expense.objects.bulk_create(
        Expense(owner=owner, amount="5.00", date=datetime.date(2026, 1, 1), description=f"r{n}")
        for n in range(count)
    )
    return list(Expense.objects.filter(owner=owner).values_list("id", flat=True))


MAX_QUERIES = 25


@pytest.mark.parametrize("mode", ["ids", "filter"])
def test_a_bulk_change_costs_the_same_queries_for_10_and_1000_expenses(
    alice, make_user, api_client_for, food, mode, django_assert_max_num_queries
):
    counts = []
    for size, name in [(10, "few"), (1000, "many")]:
        user = make_user(name)
        TagFactory(owner=user, name="old")
        ids = _rows(user, size)
        old = Tag.objects.get(owner=user)
        Expense.tags.through.objects.bulk_create(
            Expense.tags.through(expense_id=i, tag_id=old.id) for i in ids
        )
        selection = {"ids": ids} if mode == "ids" else {"filter": {"search": "r"}}
        body = {
            **selection,
            "set_category": food.id,
            "add_tags": ["a", "b"],
            "remove_tags": ["old"],
        }
        client = api_client_for(user)
        with (
            django_assert_max_num_queries(MAX_QUERIES),
            CaptureQueriesContext(connection) as queries,
        ):
            response = post(client, BULK, body)
        assert response.json() == {"matched": size, "changed": size}
        counts.append(len(queries))
        assert Expense.objects.filter(owner=user, category=food).count() == size
        assert Expense.tags.through.objects.filter(expense__owner=user).count() == 2 * size
    assert counts[0] == counts[1]


def test_a_bulk_delete_costs_a_query_per_hundred_expenses_not_per_expense(
    make_user, api_client_for, django_assert_max_num_queries
):
    for size, name in [(10, "few"), (1000, "many")]:
        user = make_user(name)
        _rows(user, size)
        Expense.objects.filter(owner=user, description__endswith="7").update(created_at=OLD)
        # Django's delete (which applies other apps' `on_delete` rules) works through the
        # rows in chunks of 100: a query or two per chunk, never per row.
        with django_assert_max_num_queries(MAX_QUERIES + size // 100):
            response = post(api_client_for(user), BULK_DELETE, {"filter": {}})
        locked = len(response.json()["refused"])
        assert locked == Expense.objects.filter(owner=user).count() > 0
        assert response.json()["deleted"] == size - locked


# -- bulk delete ---------------------------------------------------------------------------


def _with_receipt(expense) -> str:
    name = default_storage.save("receipts/bulk.png", ContentFile(png()))
    Expense.objects.filter(pk=expense.pk).update(receipt=name)
    return name


def test_bulk_delete_refuses_and_names_locked_expenses(
    alice, alice_client, django_capture_on_commit_callbacks
):
    fresh = ExpenseFactory.create_batch(2, owner=alice)
    locked = ExpenseFactory(owner=alice, created_at=OLD)
    receipt = _with_receipt(fresh[0])
    locked_receipt = _with_receipt(locked)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(alice_client, BULK_DELETE, {"ids": [e.id for e in [*fresh, locked]]})
    assert response.status_code == 200
    assert response.json() == {
        "matched": 3,
        "deleted": 2,
        "refused": [
            {
                "id": locked.id,
                "editable_until": (OLD + datetime.timedelta(hours=72))
                .isoformat()
                .replace("+00:00", "Z"),
            }
        ],
    }
    assert list(Expense.objects.values_list("id", flat=True)) == [locked.id]
    assert not default_storage.exists(receipt)
    assert default_storage.exists(locked_receipt)
    assert ExpenseAudit.objects.count() == 0


def test_bulk_delete_by_filter(alice, alice_client):
    ExpenseFactory.create_batch(2, owner=alice, description="Coffee")
    kept = ExpenseFactory(owner=alice, description="Rent")
    response = post(alice_client, BULK_DELETE, {"filter": {"search": "coffee"}})
    assert response.json() == {"matched": 2, "deleted": 2, "refused": []}
    assert list(Expense.objects.all()) == [kept]


def test_an_admin_bulk_deletes_locked_expenses_with_an_audit_like_a_single_delete(
    make_user, api_client_for, food
):
    boss = make_user("boss", admin=True)
    work = TagFactory(owner=boss, name="work")
    locked = ExpenseFactory(owner=boss, created_at=OLD, description="Old", category=food)
    locked.tags.set([work])
    fresh = ExpenseFactory(owner=boss)
    single = ExpenseFactory(owner=boss, created_at=OLD, description="Old", category=food)
    single.tags.set([work])
    client = api_client_for(boss)
    response = post(client, BULK_DELETE, {"ids": [locked.id, fresh.id]})
    assert response.json() == {"matched": 2, "deleted": 2, "refused": []}
    assert client.delete(f"/api/v1/expenses/{single.id}/").status_code == 204
    bulk_audit = ExpenseAudit.objects.get(expense_id_ref=locked.id)
    single_audit = ExpenseAudit.objects.get(expense_id_ref=single.id)
    assert ExpenseAudit.objects.count() == 2  # the fresh one needed no override
    assert (bulk_audit.action, bulk_audit.actor, bulk_audit.after) == ("delete", boss, None)
    assert bulk_audit.expense_owner == boss
    assert bulk_audit.before == single_audit.before
    assert bulk_audit.before["tags"] == ["work"]
    assert not Expense.objects.exists()


def test_repeated_ids_count_once(alice, alice_client, food):
    expense = ExpenseFactory(owner=alice)
    response = post(alice_client, BULK, {"ids": [expense.id] * 3, "set_category": food.id})
    assert response.json() == {"matched": 1, "changed": 1}


def test_numbers_are_accepted_as_filter_values(alice, alice_client, food):
    ExpenseFactory(owner=alice, category=food, amount="30.00")
    ExpenseFactory(owner=alice, category=food, amount="5.00")
    response = post(
        alice_client,
        BULK,
        {"filter": {"category_id": food.id, "min_amount": 10}, "add_tags": ["x"]},
    )
    assert response.json() == {"matched": 1, "changed": 1}


def test_a_form_post_is_refused_as_unsupported(alice, alice_client):
    expense = ExpenseFactory(owner=alice)
    response = alice_client.post(BULK_DELETE, {"ids": [expense.id]}, format="multipart")
    assert response.status_code == 415
    assert Expense.objects.filter(pk=expense.pk).exists()
