"""Export and import endpoints: files in and out, every row owner-scoped."""

import json

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.requests import request_user
from config.batching import joined
from config.parsers import SafeJSONParser
from expenses.filters import ExportFilter
from expenses.models import Expense
from expenses.selectors import expense_list
from reports.models import ImportProfile
from reports.selectors_profiles import import_profile_list
from reports.serializers_data import (
    BackupUploadSerializer,
    CsvImportSerializer,
    ImportErrorsSerializer,
    ImportFlagsSerializer,
    ImportProfileSerializer,
    ImportResultSerializer,
    RestoreResultSerializer,
)
from reports.services.backup import backup_json_chunks, backup_zip_file
from reports.services.csv_import import CsvOptions
from reports.services.exports import expenses_csv_chunks
from reports.services.import_profiles import (
    csv_statement_import,
    import_profile_create,
    import_profile_delete,
    import_profile_update,
)
from reports.services.imports import statement_import
from reports.services.restore import (
    backup_open_zip,
    backup_read_json,
    backup_read_json_file,
    backup_restore,
    backup_validate,
)


class _FileRenderer(BaseRenderer):
    """Lets clients ask for the file's type; errors are still written as JSON text."""

    charset: str | None = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return json.dumps(data).encode() if data is not None else b""


class CSVRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"


class ZipRenderer(_FileRenderer):
    media_type = "application/zip"
    format = "zip"
    charset = None


def _attachment_name(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


class ExportExpensesCsvView(GenericAPIView):
    """The expenses as CSV, streamed. Accepts the expense list's filters, and `start`/`end`
    for the date range."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    filterset_class = ExportFilter
    queryset = Expense.objects.none()  # for the schema; requests use get_queryset()

    def get_queryset(self):
        return expense_list(owner=request_user(self.request))

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR}, filters=True)
    def get(self, request: Request) -> StreamingHttpResponse:
        expenses = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(
            expenses_csv_chunks(expenses), content_type="text/csv; charset=utf-8"
        )
        name = _attachment_name("expenses", "csv")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ExportBackupJsonView(APIView):
    @extend_schema(
        responses={(200, "application/json"): OpenApiTypes.OBJECT},
        description="Everything the user owns as one versioned JSON document, streamed.",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        response = StreamingHttpResponse(
            joined(backup_json_chunks(owner=request_user(request))),
            content_type="application/json",
        )
        name = _attachment_name("expense-tracker-backup", "json")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ExportBackupZipView(APIView):
    renderer_classes = [JSONRenderer, ZipRenderer]

    @extend_schema(
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
        description="backup.json plus every receipt file, as a zip.",
    )
    def get(self, request: Request) -> FileResponse:
        return FileResponse(
            backup_zip_file(owner=request_user(request)),
            as_attachment=True,
            filename=_attachment_name("expense-tracker-backup", "zip"),
            content_type="application/zip",
        )


def _restore_response(request: Request, document, receipts=None) -> Response:
    backup = backup_validate(document, receipts=receipts)
    result = backup_restore(owner=request_user(request), backup=backup)
    return Response(RestoreResultSerializer(result).data, status=status.HTTP_201_CREATED)


RESTORE_RESPONSES = {
    201: RestoreResultSerializer,
    400: OpenApiResponse(
        description="`{detail, code: invalid_backup, errors: [{path, "
        "message}], error_count}`; nothing was written."
    ),
    413: OpenApiResponse(
        description="`file_too_large`, or `storage_quota_exceeded` when the new receipt "
        "files would take the user past `STORAGE_QUOTA_MB`; nothing was written."
    ),
}


class BackupJSONParser(SafeJSONParser):
    """A backup sent as the JSON body, parsed within bounded memory like a backup file
    (a body of `[[],[],…]` is refused before it is parsed)."""

    def parse(self, stream, media_type=None, parser_context=None):
        return backup_read_json_file(stream) if stream is not None else backup_read_json(b"")


class ImportBackupJsonView(APIView):
    parser_classes = [BackupJSONParser, MultiPartParser]

    @extend_schema(
        request={
            "application/json": OpenApiTypes.OBJECT,
            "multipart/form-data": BackupUploadSerializer,
        },
        responses=RESTORE_RESPONSES,
        description="Restore a backup document (as the JSON body or the multipart `file`).",
    )
    def post(self, request: Request) -> Response:
        if "file" in request.FILES:
            upload = BackupUploadSerializer(data=request.data)
            upload.is_valid(raise_exception=True)
            document = backup_read_json_file(upload.validated_data["file"])
        else:
            document = request.data
        return _restore_response(request, document)


class ImportBackupZipView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": BackupUploadSerializer},
        responses=RESTORE_RESPONSES,
        description="Restore a backup zip: backup.json and the receipt files.",
    )
    def post(self, request: Request) -> Response:
        upload = BackupUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        with backup_open_zip(upload.validated_data["file"]) as (document, receipts):
            return _restore_response(request, document, receipts)


def _query_flag(request: Request, name: str) -> bool:
    if name not in request.query_params:
        return False
    try:
        return serializers.BooleanField().run_validation(request.query_params[name])
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: exc.detail}) from exc


def _import_response(request: Request, form, csv_options: CsvOptions | None) -> Response:
    flags = form.validated_data
    dry_run = flags["dry_run"] or _query_flag(request, "dry_run")
    result = statement_import(
        owner=request_user(request),
        raw=flags["file"].read(),
        csv_options=csv_options,
        max_rows=settings.IMPORT_MAX_ROWS,
        dry_run=dry_run,
        skip_duplicates=flags["skip_duplicates"],
        auto_categorize=flags["auto_categorize"],
    )
    data = ImportResultSerializer(result).data
    if not dry_run:
        data.pop("rows", None)
    return Response(data, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)


DRY_RUN = OpenApiParameter("dry_run", bool, description="Check and preview; write nothing.")
IMPORT_RESPONSES = {
    200: ImportResultSerializer,
    201: ImportResultSerializer,
    400: ImportErrorsSerializer,
    413: OpenApiResponse(description="The file is too large."),
}


class ImportExpensesCsvView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        parameters=[DRY_RUN],
        request={"multipart/form-data": CsvImportSerializer},
        responses=IMPORT_RESPONSES,
        description="Import a CSV: the export's own format, or a bank's. The delimiter, "
        "encoding, header row (after any preamble), columns, date format and decimal "
        "separator are detected when not given, and `detection` says what was found; a saved "
        "bank profile whose header matches is used when no reading option is given. Reverted "
        "payments, refunded charges and money in are not imported (the dry run lists them "
        "with a reason). All or nothing: one bad row rejects the file.",
    )
    def post(self, request: Request) -> Response:
        form = CsvImportSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        owner = request_user(request)
        flags = form.validated_data
        dry_run = flags["dry_run"] or _query_flag(request, "dry_run")
        result = csv_statement_import(
            owner=owner,
            raw=flags["file"].read(),
            options=form.options(default_currency=owner.default_currency),
            given=form.given(),
            profile=flags.get("profile"),
            save_profile=flags.get("save_profile"),
            max_rows=settings.IMPORT_MAX_ROWS,
            dry_run=dry_run,
            skip_duplicates=flags["skip_duplicates"],
            auto_categorize=flags["auto_categorize"],
        )
        data = ImportResultSerializer(result).data
        if not dry_run:
            data.pop("rows", None)
        return Response(data, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(description="Your saved bank profiles, by name."),
    create=extend_schema(
        description="Save a bank profile: how a bank's CSV files are read. With `header`, "
        "files with that header use it automatically."
    ),
)
class ImportProfileViewSet(viewsets.ModelViewSet):
    """Saved bank profiles for CSV imports."""

    queryset = ImportProfile.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = ImportProfileSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends: list = []

    def get_queryset(self):
        return import_profile_list(owner=request_user(self.request))

    def perform_create(self, serializer) -> None:
        serializer.instance = import_profile_create(
            owner=request_user(self.request), data=serializer.validated_data
        )

    def perform_update(self, serializer) -> None:
        serializer.instance = import_profile_update(
            profile=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: ImportProfile) -> None:
        import_profile_delete(profile=instance)


class ImportExpensesOfxView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        parameters=[DRY_RUN],
        request={"multipart/form-data": ImportFlagsSerializer},
        responses=IMPORT_RESPONSES,
        description="Import an OFX or QFX bank statement: outgoing transactions become expenses.",
    )
    def post(self, request: Request) -> Response:
        form = ImportFlagsSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return _import_response(request, form, None)
