"""Distinctive data for the isolation test: alice's rows carry markers and ids that appear
nowhere else, so any answer to bob that contains one of them shows a leak."""

import datetime
import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.forms.models import model_to_dict
from django.utils import timezone

from accounts.models import User
from budgets.models import Budget
from budgets.tests.factories import BudgetFactory
from categories.models import Category, Tag
from categories.tests.factories import CategoryFactory, TagFactory
from expenses.models import Expense
from expenses.tests.factories import ExpenseFactory
from expenses.tests.receipts import attach_png
from reports.models import ImportProfile
from reports.services.csv_import.reader import header_key
from rules.models import Rule
from rules.tests.factories import RuleFactory
from schedules.models import Schedule
from schedules.tests.factories import ScheduleFactory

_RUN = uuid.uuid4().hex[:10]
DESCRIPTION = f"ALICE-SECRET-{_RUN}"
MERCHANT = f"AliceShop-{_RUN}"
NOTES = f"AliceNote-{_RUN}"
CATEGORY = f"AliceCat-{_RUN}"
TAG = f"alicetag-{_RUN}"
PROFILE = f"AliceBank-{_RUN}"
RULE = f"AliceRule-{_RUN}"
AMOUNT = Decimal("98765.43")
BUDGET_AMOUNT = Decimal("55511.00")
OVERALL_AMOUNT = Decimal("55522.00")
# Explicit ids far above anything a test creates, so they are markers too (matched as whole
# numbers). Spaced per table: on SQLite the rows created after them take the next numbers.
EXPENSE_ID = 731_513_100
CURRENT_EXPENSE_ID = 731_513_101
CATEGORY_ID = 731_523_000
TAG_ID = 731_533_000
BUDGET_ID = 731_543_000
OVERALL_BUDGET_ID = 731_543_001
RULE_ID = 731_553_000
IDS = [EXPENSE_ID, CURRENT_EXPENSE_ID, CATEGORY_ID, TAG_ID, BUDGET_ID, OVERALL_BUDGET_ID, RULE_ID]
MISSING_ID = 731_599_999
PROFILE_ID = 731_563_000
IDS.append(PROFILE_ID)
SCHEDULE_ID = 731_573_000
IDS.append(SCHEDULE_ID)
SCHEDULE = f"AliceBill-{_RUN}"
SCHEDULE_AMOUNT = Decimal("44433.21")

JANUARY = datetime.date(2026, 1, 1)
# Alice's history the categorizer could learn from: what bob asks about must not match it.
HISTORY_TEXT = "Zooplus order"


@dataclass
class AliceWorld:
    alice: User
    category: Category
    tag: Tag
    expense: Expense  # with the tag, the category and a PNG receipt
    budget: Budget  # a category budget of January 2026
    overall_budget: Budget
    receipt_name: str = ""
    markers: list[str] = field(default_factory=list)
    import_profile: ImportProfile | None = None  # for files with bob's bank header, too
    rule: Rule | None = None  # sets her category, on her description
    schedule: Schedule | None = None  # a recurring expense due in three days

    def object(self, kind: str):
        return {
            "expense": self.expense,
            "receipt": self.expense,
            "category": self.category,
            "budget": self.budget,
            "import_profile": self.import_profile,
            "rule": self.rule,
            "schedule": self.schedule,
        }[kind]


def alice_world(alice: User, alice_client) -> AliceWorld:
    category = CategoryFactory(id=CATEGORY_ID, owner=alice, name=CATEGORY)
    tag = TagFactory(id=TAG_ID, owner=alice, name=TAG)
    expense = ExpenseFactory(
        id=EXPENSE_ID,
        owner=alice,
        description=DESCRIPTION,
        merchant=MERCHANT,
        notes=NOTES,
        amount=AMOUNT,
        category=category,
        date=datetime.date(2026, 1, 15),
        tags=[tag],
    )
    attach_png(alice_client, expense)
    expense.refresh_from_db()
    ExpenseFactory(
        id=CURRENT_EXPENSE_ID,
        owner=alice,
        description=f"{DESCRIPTION}-now",
        merchant=MERCHANT,
        amount=AMOUNT,
        category=category,
        date=timezone.localdate(),
        tags=[tag],
    )
    for day in range(1, 5):  # a recurring charge and categorizer history
        for month in (1, 2, 3):
            ExpenseFactory(
                owner=alice,
                description=f"{HISTORY_TEXT} {day}",
                merchant="TRADER JOE'S",
                amount=AMOUNT,
                category=category,
                date=datetime.date(2026, month, day),
            )
    budget = BudgetFactory(
        id=BUDGET_ID,
        owner=alice,
        month=JANUARY,
        scope=Budget.Scope.CATEGORY,
        category=category,
        amount=BUDGET_AMOUNT,
    )
    overall = BudgetFactory(id=OVERALL_BUDGET_ID, owner=alice, month=JANUARY, amount=OVERALL_AMOUNT)
    BudgetFactory(
        owner=alice, month=timezone.localdate().replace(day=1), amount=OVERALL_AMOUNT
    )  # this month's, for the default-month answers
    world = AliceWorld(
        alice=alice,
        category=category,
        tag=tag,
        expense=expense,
        budget=budget,
        overall_budget=overall,
        receipt_name=expense.receipt.name,
    )
    world.rule = RuleFactory(
        id=RULE_ID,
        owner=alice,
        name=RULE,
        conditions=[{"field": "description", "operator": "contains", "value": DESCRIPTION}],
        set_category=category,
        add_tags=[TAG],
    )
    # Her bank profile matches the header of the bank file bob imports: he must not get it.
    world.import_profile = ImportProfile.objects.create(
        id=PROFILE_ID,
        owner=alice,
        name=PROFILE,
        header=["date", "description", "amount"],
        header_key=header_key(["date", "description", "amount"]),
        mapping={"date": "date", "description": "description", "amount": "amount"},
        date_format="31/12/2026",
    )
    world.markers = [
        PROFILE,
        RULE,
        str(world.rule.uid),
        DESCRIPTION,
        MERCHANT,
        NOTES,
        CATEGORY,
        TAG,
        # With their decimals: bare digits can turn up inside a timestamp's microseconds.
        "98765.43",
        "55511.00",
        "55522.00",
        str(expense.uid),
        str(category.uid),
        str(tag.uid),
        str(budget.uid),
        str(overall.uid),
        expense.receipt.name.rsplit("/", 1)[-1],
    ]
    world.schedule = ScheduleFactory(
        id=SCHEDULE_ID,
        owner=alice,
        description=SCHEDULE,
        merchant=MERCHANT,
        amount=SCHEDULE_AMOUNT,
        currency=alice.default_currency,
        category=category,
        tags=[TAG],
        start_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    world.markers += [SCHEDULE, str(world.schedule.uid), "44433"]
    return world


def bob_world(bob: User) -> None:
    """Bob's own rows, so his answers are not empty by construction."""
    ExpenseFactory(owner=bob, description="bob's lunch", date=datetime.date(2026, 1, 10))
    ExpenseFactory(owner=bob, description="bob's coffee", date=timezone.localdate())
    BudgetFactory(owner=bob, month=JANUARY, amount=Decimal("200.00"))


def snapshot(obj) -> dict:
    """What can change of a row: its fields, its tags and its receipt file's name."""
    fresh = type(obj).objects.get(pk=obj.pk)
    data = model_to_dict(fresh)
    for key, value in list(data.items()):
        if hasattr(value, "name"):  # a FieldFile
            data[key] = value.name
        elif isinstance(value, list):
            data[key] = sorted(getattr(item, "pk", item) for item in value)
    return data


def body_bytes(response) -> bytes:
    """The body, streamed or not; read once and kept, so it can be looked at again."""
    if not hasattr(response, "_isolation_body"):
        if getattr(response, "streaming", False):
            response._isolation_body = b"".join(response.streaming_content)
        else:
            response._isolation_body = response.content
    return response._isolation_body


def body_text(response) -> str:
    """Everything an answer shows: JSON or CSV text, or every member of a zip (names too)."""
    raw = body_bytes(response)
    if raw[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = [
                name + "\n" + archive.read(name).decode("latin-1") for name in archive.namelist()
            ]
        return "\n".join(parts)
    return raw.decode("utf-8", errors="replace")


def normalized(response):
    """The answer without what changes from one moment to the next (a backup's export time),
    for comparing bob's answers before and after alice's rows exist."""
    raw = body_bytes(response)
    if raw[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return {
                name: _without_time(json.loads(archive.read(name)))
                if name.endswith(".json")
                else archive.read(name)
                for name in archive.namelist()
            }
    if response.get("Content-Type", "").startswith("application/json"):
        return _without_time(json.loads(raw))
    return raw.decode("utf-8", errors="replace")


def _without_time(document):
    if isinstance(document, dict):
        return {key: value for key, value in document.items() if key != "exported_at"}
    return document
