"""Additions to the OpenAPI schema that no single view declares.

`AutoSchema` documents the error answers every operation can give, from what the view is
(authenticated, throttled, taking a body, on an object, paginated), so that the schema lists
every status code the API answers with; views declare only the errors of their own rules
(403 `edit_window_expired`, 409 `category_in_use`, 503 `ai_disabled`, ...). A declared error
without a body is given the `Error` shape. The schemathesis run in `.ci/run`
(`scripts/schemathesis.sh`) holds the live API to this schema.
"""

from typing import Any

from drf_spectacular import openapi
from rest_framework.views import APIView

from config.exceptions import error_codes

JSON = "application/json"
ERROR_REF = {"$ref": "#/components/schemas/Error"}
VALIDATION_ERROR_REF = {"$ref": "#/components/schemas/ValidationError"}
BAD_REQUEST_SCHEMA = {"anyOf": [VALIDATION_ERROR_REF, ERROR_REF]}

# Query parameters whose bad values are not a 400: an unknown `format` or a page past the
# end is a 404, and a bad `page_size` falls back to the default.
NOT_FOUND_PARAMETERS = {"page", "format"}
LENIENT_PARAMETERS = {"page", "page_size", "format"}

DESCRIPTIONS = {
    400: "Invalid input: `{field: [message]}` (`ValidationError`), or `{detail, code}` "
    "(`Error`) for a request that cannot be read or breaks a rule.",
    401: "`not_authenticated`, `authentication_failed` or `token_not_valid`: the credentials "
    "or token are missing, wrong or expired.",
    404: "`not_found`: no such object of yours, a page past the end, or an unknown `format`.",
    413: "`request_too_large` or `file_too_large`: the body or an uploaded file is too large.",
    415: "`unsupported_media_type`: a Content-Type this operation does not read.",
    429: "`throttled`: too many attempts; retry after `Retry-After` seconds.",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the error answers each operation can give."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses: dict[str, Any] = operation.setdefault("responses", {})
        for status in self._error_statuses(operation):
            responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
        for code, response in responses.items():
            if code[0] in "45":
                _give_error_body(int(code), response)
                if not response.get("description") and int(code) in DESCRIPTIONS:
                    response["description"] = DESCRIPTIONS[int(code)]
        if "429" in responses:
            responses["429"].setdefault(
                "headers",
                {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "Seconds to wait before trying again.",
                    }
                },
            )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_statuses(self, operation: dict[str, Any]) -> list[int]:
        view: APIView = self.view
        parameters = operation.get("parameters", [])
        query = {p["name"] for p in parameters if p.get("in") == "query"}
        on_object = any(p.get("in") == "path" for p in parameters)
        has_body = "requestBody" in operation
        statuses = []
        if has_body or query - LENIENT_PARAMETERS:
            statuses.append(400)
        # Authenticated views, and those that check credentials themselves (the token views
        # answer 401 for a wrong password or token).
        if view.authentication_classes or (
            type(view).get_authenticate_header is not APIView.get_authenticate_header
        ):
            statuses.append(401)
        if on_object or query & NOT_FOUND_PARAMETERS:
            statuses.append(404)
        if has_body:
            statuses += [413, 415]
        if view.throttle_classes:
            statuses.append(429)
        return statuses


def _give_error_body(status_code: int, response: dict[str, Any]) -> None:
    """Errors are JSON: `Error`, or for 400 either shape. A 400 a view describes with a
    body of its own (an import's row errors) may still be field errors or another rule."""
    content = response.setdefault("content", {})
    if status_code != 400:
        content.setdefault(JSON, {"schema": ERROR_REF})
        return
    declared = content.get(JSON, {}).get("schema")
    if declared is None or declared == BAD_REQUEST_SCHEMA:
        content[JSON] = {"schema": BAD_REQUEST_SCHEMA}
    else:
        content[JSON] = {
            **content[JSON],
            "schema": {"anyOf": [declared, *BAD_REQUEST_SCHEMA["anyOf"]]},
        }


def add_error_components(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """`Error` (`{detail, code}`), `ErrorCode`, the list of every code the API answers with,
    so that clients can compare against names that exist, and `ValidationError`, the
    `{field: [message]}` shape of invalid input."""
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
        "description": "Every error but invalid input. Some carry more: `field` (the input "
        "at fault), `errors` and `error_count` (the problems of an import or a backup).",
    }
    schemas["ValidationError"] = {
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
                {"type": "object"},
            ]
        },
        "description": "Invalid input: each field at fault with its messages, "
        "`non_field_errors` for the input as a whole. The errors of a nested object or list "
        "nest the same way, by field name or by position.",
    }
    return result
