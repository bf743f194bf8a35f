"""Additions to the OpenAPI schema that no single view declares."""

from typing import Any

from config.exceptions import error_codes


def add_error_components(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """`Error` (`{detail, code}`) and `ErrorCode`, the list of every code the API answers
    with, so that clients can compare against names that exist."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorCode"] = {
        "type": "string",
        "enum": error_codes(),
        "description": "Every `code` an error answer can carry. Validation errors (400) are "
        "`{field: [message]}` instead.",
    }
    schemas["Error"] = {
        "type": "object",
        "properties": {
            "detail": {"type": "string"},
            "code": {"$ref": "#/components/schemas/ErrorCode"},
        },
        "required": ["detail", "code"],
    }
    return result
