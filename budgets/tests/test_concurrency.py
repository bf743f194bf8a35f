import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connections

from budgets.models import Budget
from budgets.services import budget_upsert

JAN = datetime.date(2026, 1, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_upserts_never_create_a_duplicate(make_user):
    alice = make_user("alice")
    start = threading.Barrier(4)
    outcomes: list[bool] = []
    errors: list[BaseException] = []

    def upsert(amount: str) -> None:
        try:
            start.wait()
            _, created = budget_upsert(
                owner=alice, month=JAN, scope="overall", category=None, amount=Decimal(amount)
            )
            outcomes.append(created)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upsert, args=(f"{n}00",)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == [False, False, False, True]
    assert Budget.objects.filter(owner=alice, month=JAN).count() == 1
