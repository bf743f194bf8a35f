"""Saved bank profiles: how one bank's CSV files are read, under a name, and the CSV import
that applies one (given, or chosen because the file's header matches) and saves one."""

from dataclasses import replace
from typing import Any

from django.db import transaction

from accounts.models import User
from categories.models import name_key
from config.exceptions import FieldErrors
from reports.models import ImportProfile
from reports.selectors_profiles import import_profile_list, import_profile_matching
from reports.services.csv_import import CsvOptions
from reports.services.csv_import.dates import date_format_code
from reports.services.csv_import.reader import header_key, read_layout
from reports.services.imports import ImportResult, statement_import

PROFILE_FIELDS = (
    "name",
    "header",
    "mapping",
    "date_format",
    "decimal",
    "delimiter",
    "skip_rows",
    "currency",
)
READING_OPTIONS = ("mapping", "date_format", "decimal", "delimiter", "skip_rows")
"""The options a profile holds: when a request gives none of them, a profile is matched."""


def _check_name(owner: User, name: str, exclude: int | None = None) -> None:
    taken = import_profile_list(owner=owner).filter(name_key=name_key(name))
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise FieldErrors.on("name", "You already have a bank profile with this name.")


def _apply(profile: ImportProfile, data: dict) -> None:
    for name in PROFILE_FIELDS:
        if name in data:
            value = data[name]
            setattr(profile, name, "" if value is None and name != "skip_rows" else value)
    profile.header_key = header_key(profile.header) if profile.header else ""


@transaction.atomic
def import_profile_create(*, owner: User, data: dict) -> ImportProfile:
    _check_name(owner, data["name"])
    profile = ImportProfile(owner=owner)
    _apply(profile, data)
    profile.save()
    return profile


@transaction.atomic
def import_profile_update(*, profile: ImportProfile, data: dict) -> ImportProfile:
    if "name" in data:
        _check_name(profile.owner, data["name"], exclude=profile.pk)
    _apply(profile, data)
    profile.save()
    return profile


def import_profile_delete(*, profile: ImportProfile) -> None:
    profile.delete()


def import_profile_save(
    *, owner: User, name: str, detection: dict, currency: str | None
) -> ImportProfile:
    """The profile `name` (case and spaces folded) created or replaced with how a file was
    just read."""
    profile = import_profile_list(owner=owner).filter(name_key=name_key(name)).first()
    profile = profile or ImportProfile(owner=owner)
    _apply(
        profile,
        {
            "name": " ".join(name.split()),
            "header": detection["header"],
            "mapping": detection["mapping"],
            "date_format": detection["date_format"],
            "decimal": detection["decimal"],
            "delimiter": detection["delimiter"],
            "skip_rows": detection["header_row"] - 1,
            "currency": currency or profile.currency,
        },
    )
    profile.save()
    return profile


def profile_options(profile: ImportProfile, options: CsvOptions, given: set[str]) -> CsvOptions:
    """`options` with what the profile says, except for the options the request `given`."""
    saved = {
        "mapping": profile.mapping or None,
        "date_format": date_format_code(profile.date_format or None),
        "decimal": profile.decimal or None,
        "delimiter": profile.delimiter or None,
        "skip_rows": profile.skip_rows,
    }
    changes: dict[str, Any] = {name: value for name, value in saved.items() if name not in given}
    if profile.currency and "currency" not in given:
        changes["currency"] = profile.currency
    return replace(options, **changes)


def _matching_profile(owner: User, raw: bytes, options: CsvOptions) -> ImportProfile | None:
    try:
        layout = read_layout(raw, options)
    except FieldErrors:
        return None  # the import itself says what is wrong with the file
    return import_profile_matching(owner=owner, header_key=header_key(layout.header))


@transaction.atomic
def csv_statement_import(
    *,
    owner: User,
    raw: bytes,
    options: CsvOptions,
    given: set[str],
    profile: ImportProfile | None,
    save_profile: str | None,
    max_rows: int,
    dry_run: bool,
    skip_duplicates: bool,
    auto_categorize: bool,
) -> ImportResult:
    """A CSV import with a bank profile: the one given, or with no reading option `given`,
    the owner's profile for the file's header. With `save_profile`, the real import saves
    how the file was read under that name (replacing a profile of that name)."""
    if profile is None and not given & set(READING_OPTIONS):
        profile = _matching_profile(owner, raw, options)
    if profile is not None:
        options = profile_options(profile, options, given)
    result = statement_import(
        owner=owner,
        raw=raw,
        csv_options=options,
        max_rows=max_rows,
        dry_run=dry_run,
        skip_duplicates=skip_duplicates,
        auto_categorize=auto_categorize,
    )
    if save_profile and not dry_run and result.detection is not None:
        currency = options.currency if "currency" in given else None
        profile = import_profile_save(
            owner=owner, name=save_profile, detection=result.detection, currency=currency
        )
    if profile is not None:
        result.profile = {"id": profile.pk, "name": profile.name}
    return result
