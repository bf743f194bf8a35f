import json

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.exceptions import FileTooLarge
from config.fields import CurrencyField
from reports.services.csv_import import CsvOptions, date_format_problem, mapping_problems

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
    skip_duplicates = serializers.BooleanField(required=False, default=False)
    auto_categorize = serializers.BooleanField(required=False, default=False)

    def validate_auto_categorize(self, value: bool) -> bool:
        if value and not settings.AI_ENABLED:
            raise serializers.ValidationError(AUTO_CATEGORIZE_UNAVAILABLE)
        return value


class CsvImportSerializer(ImportFlagsSerializer):
    mapping = JSONTextField(kind=dict, required=False)
    date_format = serializers.CharField(required=False, max_length=40)
    decimal = serializers.ChoiceField(
        choices=[".", ","],
        required=False,
        help_text="The decimal separator; detected from the file's amounts when absent.",
    )
    delimiter = serializers.CharField(required=False, max_length=3, trim_whitespace=False)
    skip_rows = serializers.IntegerField(required=False, default=0, min_value=0, max_value=1000)
    amount_sign = serializers.ChoiceField(
        choices=["auto", "positive", "negative"], required=False, default="auto"
    )
    skip_values = JSONTextField(kind=dict, required=False)
    currency = CurrencyField(required=False)

    def validate_mapping(self, mapping: dict) -> dict:
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
            raise serializers.ValidationError("Map field names to column names (text).")
        problems = mapping_problems(mapping)
        if problems:
            raise serializers.ValidationError(problems)
        return mapping

    def validate_date_format(self, value: str) -> str:
        if "%" not in value:
            raise serializers.ValidationError("Use strftime codes, for example %d/%m/%Y.")
        problem = date_format_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value

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
            skip_rows=data["skip_rows"],
            amount_sign=data["amount_sign"],
            skip_values=data.get("skip_values", {}),
            currency=data.get("currency", default_currency),
        )


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
    rows = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Dry run only: each row as it would be imported (`row`, `date`, `amount`, "
        "`currency`, `description`, `category`, `merchant`, `payment_method`, `tags`, `notes`, "
        "`duplicate`) and, with auto_categorize, `suggested_category`, "
        "`suggested_category_id`, `confidence` and `rationale` for a filled category.",
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


class RestoreResultSerializer(serializers.Serializer):
    created = CountsSerializer()
    skipped = CountsSerializer()
    receipts_missing = serializers.IntegerField()
