import json

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.exceptions import FileTooLarge
from config.fields import CurrencyField, OwnIdField
from reports.models import ImportProfile
from reports.selectors_profiles import import_profile_list
from reports.services.csv_import import (
    ENCODINGS,
    CsvOptions,
    date_format_problem,
    mapping_problems,
)
from reports.services.csv_import.dates import DATE_FORMATS, date_format_code
from reports.services.csv_import.dates import LABELS as DATE_FORMAT_LABELS
from reports.services.import_profiles import READING_OPTIONS

AUTO_CATEGORIZE_UNAVAILABLE = (
    "The smart features are switched off on this server (AI_ENABLED); import without "
    "auto_categorize and set categories afterwards."
)


@extend_schema_field({"type": "string", "description": 'JSON text, e.g. {"date": "Txn Date"}'})
class JSONTextField(serializers.Field):
    """A JSON value sent as text in a multipart form (or as JSON itself)."""

    def __init__(self, *, kind: type, **kwargs) -> None:
        self.kind = kind
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except (ValueError, RecursionError) as exc:
                raise serializers.ValidationError("Not valid JSON.") from exc
        if not isinstance(data, self.kind):
            raise serializers.ValidationError(f"Must be a JSON {self.kind.__name__}.")
        return data

    def to_representation(self, value):
        return value


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    limit_setting = "IMPORT_MAX_BYTES"

    def validate_file(self, upload):
        limit = getattr(settings, self.limit_setting)
        if upload.size > limit:
            raise FileTooLarge(limit)
        return upload


class BackupUploadSerializer(UploadSerializer):
    limit_setting = "BACKUP_MAX_BYTES"


class ImportFlagsSerializer(UploadSerializer):
    """Import options from a multipart form. A field sent empty counts as not sent, as
    browsers send every field of a form."""

    def to_internal_value(self, data):
        if hasattr(data, "items"):
            data = {key: value for key, value in data.items() if value != ""}
        return super().to_internal_value(data)

    dry_run = serializers.BooleanField(required=False, default=False)
    skip_duplicates = serializers.BooleanField(
        required=False,
        default=True,
        help_text="Leave out rows that look like an expense already there (on by default).",
    )
    auto_categorize = serializers.BooleanField(required=False, default=False)

    def validate_auto_categorize(self, value: bool) -> bool:
        if value and not settings.AI_ENABLED:
            raise serializers.ValidationError(AUTO_CATEGORIZE_UNAVAILABLE)
        return value


class OwnProfileField(OwnIdField):
    """A saved bank profile of the requesting user's."""

    default_error_messages = {
        "does_not_exist": "Bank profile {pk_value} does not exist or is not yours.",
        "incorrect_type": "Give a bank profile id (a whole number), not {data_type}.",
    }

    def get_queryset(self):
        return import_profile_list(owner=self.context["request"].user)


def _date_format(value: str) -> str:
    """A plain label ("31/12/2026") or strftime codes, checked; the codes."""
    code = date_format_code(value)
    if code is None or "%" not in code:
        raise serializers.ValidationError(
            "Choose a date format by its example: " + ", ".join(DATE_FORMATS) + "."
        )
    problem = date_format_problem(code)
    if problem:
        raise serializers.ValidationError(problem)
    return code


DATE_FORMAT_HELP = (
    "How dates are written: an example label (`31/12/2026`, `12/31/2026`, `2026-12-31`, "
    "`31.12.2026`, `31-12-2026`, `31 Dec 2026`, `Dec 31 2026`, `2026-12-31 23:59:59`, …) or "
    "strftime codes (`%d/%m/%Y`); detected from the file when absent."
)


ENCODING_HELP = (
    "The file's text encoding: `utf-8`, `windows-1252` (Windows, Western European) or "
    "`utf-16` (Excel's Unicode text); detected when absent (UTF-16 and UTF-8 by their "
    "byte-order mark, else UTF-8, else Windows-1252). A file that does not read in the chosen "
    "encoding is refused."
)


class CsvImportSerializer(ImportFlagsSerializer):
    mapping = JSONTextField(kind=dict, required=False)
    date_format = serializers.CharField(required=False, max_length=40, help_text=DATE_FORMAT_HELP)
    decimal = serializers.ChoiceField(
        choices=[".", ","],
        required=False,
        help_text="The decimal separator; detected from the file's amounts when absent.",
    )
    delimiter = serializers.CharField(required=False, max_length=3, trim_whitespace=False)
    encoding = serializers.ChoiceField(
        choices=list(ENCODINGS.items()),
        required=False,
        help_text=ENCODING_HELP,
    )
    skip_rows = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=1000,
        help_text="Lines before the header; when absent the header row is found after any "
        "preamble lines.",
    )
    amount_sign = serializers.ChoiceField(
        choices=["auto", "positive", "negative"], required=False, default="auto"
    )
    skip_values = JSONTextField(kind=dict, required=False)
    currency = CurrencyField(required=False)
    profile = OwnProfileField(
        required=False,
        queryset=ImportProfile.objects.none(),
        help_text="A saved bank profile's id: the file is read its way (options sent win). "
        "Without it and without reading options, the profile whose header matches is used.",
    )
    save_profile = serializers.CharField(
        required=False,
        max_length=80,
        help_text="Save how the file was read as a bank profile of this name (replacing one "
        "of that name); on the real import only.",
    )

    def validate_mapping(self, mapping: dict) -> dict:
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
            raise serializers.ValidationError("Map field names to column names (text).")
        problems = mapping_problems(mapping)
        if problems:
            raise serializers.ValidationError(problems)
        return mapping

    def validate_date_format(self, value: str) -> str:
        return _date_format(value)

    def validate_delimiter(self, value: str) -> str:
        value = {"tab": "\t", "\\t": "\t"}.get(value, value)
        if len(value) != 1:
            raise serializers.ValidationError("One character, or `tab`.")
        return value

    def validate_skip_values(self, value: dict) -> dict:
        if not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(i, str) for i in v)
            for k, v in value.items()
        ):
            raise serializers.ValidationError('Give {"Column": ["value", ...]}.')
        return value

    def options(self, *, default_currency: str) -> CsvOptions:
        data = self.validated_data
        return CsvOptions(
            mapping=data.get("mapping"),
            date_format=data.get("date_format"),
            decimal=data.get("decimal"),
            delimiter=data.get("delimiter"),
            skip_rows=data.get("skip_rows"),
            encoding=data.get("encoding"),
            amount_sign=data["amount_sign"],
            skip_values=data.get("skip_values", {}),
            currency=data.get("currency", default_currency),
        )

    def given(self) -> set[str]:
        """The reading options the request gave (a profile fills in the others)."""
        return {name for name in (*READING_OPTIONS, "currency") if name in self.validated_data}


class ImportCountsSerializer(serializers.Serializer):
    import_ = serializers.IntegerField(help_text="Rows imported (or to be, in a dry run).")
    duplicate = serializers.IntegerField(help_text="Rows that look like an expense there.")
    reverted = serializers.IntegerField(help_text="Payments the bank reverted or declined.")
    refunded = serializers.IntegerField(help_text="Charges and their refunds in the file.")
    money_in = serializers.IntegerField(help_text="Other money coming in.")

    def to_representation(self, instance):
        return {
            key: (instance or {}).get(key, 0)
            for key in ("import", "duplicate", "reverted", "refunded", "money_in")
        }


# `import` is a Python keyword: the field is declared as `import_` and answered as `import`.
ImportCountsSerializer._declared_fields["import"] = ImportCountsSerializer._declared_fields.pop(
    "import_"
)


class DetectionSerializer(serializers.Serializer):
    encoding = serializers.CharField(
        help_text="e.g. `UTF-8`, `UTF-8 with BOM`, `Windows-1252`, `UTF-16 LE with BOM`."
    )
    delimiter = serializers.CharField()
    header_row = serializers.IntegerField(help_text="The header's line number (from 1).")
    header = serializers.ListField(child=serializers.CharField(allow_blank=True))
    date_format = serializers.CharField(
        allow_null=True, help_text="A plain label such as `31/12/2026`; null: ISO dates."
    )
    date_formats = serializers.ListField(
        child=serializers.CharField(),
        help_text="Every plain format that reads all the dates (more than one: ambiguous).",
    )
    decimal = serializers.CharField()
    mapping = serializers.DictField(child=serializers.CharField())
    detected = serializers.ListField(
        child=serializers.CharField(),
        help_text="What was detected rather than given: `header_row`, `delimiter`, "
        "`mapping`, `date_format`, `decimal`.",
    )
    ambiguous = serializers.ListField(
        child=serializers.CharField(), help_text="What the file leaves open: `date_format`."
    )
    header_key = serializers.CharField(help_text="The header's signature (bank profiles).")


class ProfileRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ImportProfileSerializer(serializers.ModelSerializer):
    header = serializers.ListField(
        child=serializers.CharField(max_length=200, allow_blank=True),
        required=False,
        max_length=500,
        help_text="The column names of the files it reads: a file with this header gets the "
        "profile automatically.",
    )
    mapping = serializers.DictField(child=serializers.CharField(max_length=200), required=False)
    date_format = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text=DATE_FORMAT_HELP
    )
    decimal = serializers.ChoiceField(choices=["", ".", ","], required=False)
    delimiter = serializers.CharField(
        required=False, allow_blank=True, max_length=3, trim_whitespace=False
    )
    encoding = serializers.ChoiceField(
        choices=[("", "Detected from the file"), *ENCODINGS.items()],
        required=False,
        help_text="The files' text encoding: `utf-8`, `windows-1252` or `utf-16`; empty: "
        "detected from the file.",
    )
    currency = serializers.CharField(required=False, allow_blank=True, max_length=3)

    class Meta:
        model = ImportProfile
        fields = [
            "id",
            "name",
            "header",
            "header_key",
            "mapping",
            "date_format",
            "decimal",
            "delimiter",
            "encoding",
            "skip_rows",
            "currency",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "header_key", "created_at", "updated_at"]
        extra_kwargs = {"skip_rows": {"min_value": 0, "max_value": 1000}}

    def validate_name(self, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise serializers.ValidationError("Give the profile a name.")
        return value

    def validate_mapping(self, mapping: dict) -> dict:
        problems = mapping_problems(mapping) if mapping else []
        if problems:
            raise serializers.ValidationError(problems)
        return mapping

    def validate_date_format(self, value: str) -> str:
        if not value:
            return ""
        code = _date_format(value)
        return DATE_FORMAT_LABELS.get(code, code)

    def validate_delimiter(self, value: str) -> str:
        if not value:
            return ""
        return CsvImportSerializer().validate_delimiter(value)

    def validate_currency(self, value: str) -> str:
        return CurrencyField().run_validation(value) if value else ""


class ImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    created = serializers.IntegerField(help_text="Expenses created (or, in a dry run, to be).")
    skipped = serializers.IntegerField(
        help_text="Rows not imported: money coming in, summary lines, rows matched by "
        "skip_values, and likely duplicates when skip_duplicates is on."
    )
    duplicates = serializers.IntegerField(
        help_text="Rows that look like an expense already there (same date, amount, "
        "description), whether skipped or not."
    )
    new_categories = serializers.ListField(child=serializers.CharField())
    decimal = serializers.CharField(
        allow_null=True, help_text="The decimal separator the amounts were read with (CSV)."
    )
    delimiter = serializers.CharField(
        allow_null=True, help_text="The column delimiter the file was read with (CSV)."
    )
    detected = serializers.ListField(
        child=serializers.CharField(),
        help_text="Which reading options were detected from the file, not given: "
        "`decimal`, `delimiter`.",
    )
    counts = ImportCountsSerializer(help_text="Rows by what happens to them (CSV; zeros for OFX).")
    detection = DetectionSerializer(allow_null=True, help_text="How a CSV was read (null for OFX).")
    profile = ProfileRefSerializer(
        allow_null=True,
        help_text="The bank profile used (given, matched by the header, or just saved).",
    )
    rows = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Dry run only: every row with its `status` (`import`, `duplicate`, "
        "`reverted`, `refunded`, `money_in`) and a plain `reason` (null for a row imported as "
        "it is). Rows that are imported carry (`row`, `date`, `amount`, "
        "`currency`, `description`, `category`, `merchant`, `payment_method`, `tags`, `notes`, "
        "`duplicate`) and, with auto_categorize, `suggested_category`, "
        "`suggested_category_id`, `confidence` and `rationale` for a filled category; "
        "`rule` (`{id, name}` of the rule that set the row's category, else of the first rule "
        "that matched it; null when none did: a rule wins over a suggestion).",
    )


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    field = serializers.CharField()
    message = serializers.CharField()


class ImportErrorsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text="`invalid_rows`")
    # DRF's metaclass moves declared fields off the class, so this does not replace
    # `Serializer.errors`; the stubs cannot know that.
    errors = RowErrorSerializer(many=True)  # type: ignore[assignment]  # a field, see above
    error_count = serializers.IntegerField()


class CountsSerializer(serializers.Serializer):
    categories = serializers.IntegerField()
    tags = serializers.IntegerField()
    expenses = serializers.IntegerField()
    budgets = serializers.IntegerField()
    rules = serializers.IntegerField()
    schedules = serializers.IntegerField()


class RestoreResultSerializer(serializers.Serializer):
    created = CountsSerializer()
    skipped = CountsSerializer()
    receipts_missing = serializers.IntegerField()
