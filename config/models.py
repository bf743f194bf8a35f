"""Helpers for services that change models."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models


def model_apply(
    instance: models.Model, data: Mapping[str, Any], fields: Iterable[str]
) -> list[str]:
    """Set on `instance` those of `fields` that `data` has; returns their names, for
    `save(update_fields=...)`. Fields not in `data` are left as they are (PATCH)."""
    changed = [name for name in fields if name in data]
    for name in changed:
        setattr(instance, name, data[name])
    return changed
