"""Two saves of one bank profile name at the same moment: the second waits for the first
(the owner's row is locked) and answers a 400 on the name, or, for `save_profile` on an
import, replaces the profile: never the unique constraint's IntegrityError (a 500)."""

import pytest

from config.exceptions import FieldErrors
from reports.models import ImportProfile
from reports.services import import_profiles
from reports.services.import_profiles import (
    import_profile_create,
    import_profile_save,
    import_profile_update,
)
from tests.races import postgres_only, race

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


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_creates_of_one_name_at_once_answer_400(alice):
    outcome = race(
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

    outcome = race(save(",", "EUR"), save(";", "USD"))
    assert isinstance(outcome, ImportProfile), outcome
    profile = ImportProfile.objects.get(owner=alice)
    assert (profile.pk, profile.delimiter, profile.currency) == (outcome.pk, ";", "USD")
