"""Two saves of one bank profile name at the same moment: the second waits for the first
(the owner's row is locked) and answers a 400 on the name, or, for `save_profile` on an
import, replaces the profile: never the unique constraint's IntegrityError (a 500)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from config.exceptions import FieldErrors
from reports.models import ImportProfile
from reports.services import import_profiles
from reports.services.import_profiles import (
    import_profile_create,
    import_profile_save,
    import_profile_update,
)

DETECTION = {
    "header": ["Date", "Description", "Amount"],
    "mapping": {"date": "Date", "description": "Description", "amount": "Amount"},
    "date_format": "31/12/2026",
    "decimal": ".",
    "delimiter": ",",
    "header_row": 1,
}


@pytest.mark.django_db
def test_a_unique_violation_on_save_is_a_400_on_the_name(alice):
    """The constraint's IntegrityError, as when a save races past the check: a 400."""
    import_profile_create(owner=alice, data={"name": "My bank"})
    with pytest.raises(FieldErrors) as raised:
        import_profiles._save(ImportProfile(owner=alice, name="  MY bank"))
    assert raised.value.errors == {"name": ["You already have a bank profile with this name."]}
    with pytest.raises(FieldErrors) as raised:
        import_profiles._save(ImportProfile(owner=alice, name="my bank"), "save_profile")
    assert list(raised.value.errors) == ["save_profile"]
    assert ImportProfile.objects.filter(owner=alice).count() == 1  # the transaction goes on


@pytest.mark.django_db
def test_renaming_onto_a_taken_name_is_a_400(alice):
    import_profile_create(owner=alice, data={"name": "My bank"})
    other = import_profile_create(owner=alice, data={"name": "Other"})
    with pytest.raises(FieldErrors) as raised:
        import_profile_update(profile=other, data={"name": "my BANK"})
    assert list(raised.value.errors) == ["name"]


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _race(first, second) -> object:
    """`first` runs in a transaction kept open until `second`, in another thread, waits for
    a lock; then it commits. What `second` returned, or raised."""
    started, release = threading.Event(), threading.Event()
    outcome: list[object] = []

    def holder():
        try:
            with transaction.atomic():
                first()
                started.set()
                release.wait(10)
        finally:
            connections.close_all()

    def racer():
        try:
            outcome.append(second())
        except Exception as exc:  # the outcome under test
            outcome.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=holder), threading.Thread(target=racer)]
    threads[0].start()
    assert started.wait(10)
    threads[1].start()
    deadline = time.monotonic() + 10
    while not _waiting_for_a_lock():
        assert time.monotonic() < deadline, "the second save never waited"
        time.sleep(0.02)
    release.set()
    for thread in threads:
        thread.join(10)
    return outcome[0]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and concurrent transactions"
)


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_creates_of_one_name_at_once_answer_400(alice):
    outcome = _race(
        lambda: import_profile_create(owner=alice, data={"name": "My bank"}),
        lambda: import_profile_create(owner=alice, data={"name": "MY  bank"}),
    )
    assert isinstance(outcome, FieldErrors), outcome
    assert list(outcome.errors) == ["name"]
    assert ImportProfile.objects.filter(owner=alice).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_of_one_name_at_once_replace_the_profile(alice):
    def save(delimiter: str, currency: str):
        return lambda: import_profile_save(
            owner=alice,
            name="My bank",
            detection={**DETECTION, "delimiter": delimiter},
            currency=currency,
        )

    outcome = _race(save(",", "EUR"), save(";", "USD"))
    assert isinstance(outcome, ImportProfile), outcome
    profile = ImportProfile.objects.get(owner=alice)
    assert (profile.pk, profile.delimiter, profile.currency) == (outcome.pk, ";", "USD")
