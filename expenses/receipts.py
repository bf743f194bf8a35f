"""Receipt uploads are trusted only after decoding them: images with Pillow, PDFs with pypdf."""

import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from config.exceptions import FieldErrors, FileTooLarge
from expenses.errors import receipt_refused

# Above any receipt photo (a 24 MP camera), low enough that decoding one cannot exhaust a
# worker's memory (25 MP of RGBA is 100 MB for a moment).
MAX_IMAGE_PIXELS = 25_000_000

IMAGE_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
PDF_TYPE = ("application/pdf", ".pdf")
CONTENT_TYPES = {
    extension: content_type for content_type, extension in [*IMAGE_TYPES.values(), PDF_TYPE]
}


@dataclass(frozen=True)
class CheckedReceipt:
    content_type: str
    extension: str


def receipt_check(upload: File) -> CheckedReceipt:
    """Decode the upload and say what it really is, or raise a 400 on `file` (413 if too big)."""
    limit = settings.RECEIPT_MAX_BYTES
    if upload.size > limit:
        raise FileTooLarge(limit)
    head = upload.read(5)
    upload.seek(0)
    checked = _check_pdf(upload) if head == b"%PDF-" else _check_image(upload)
    upload.seek(0)
    return checked


def _check_image(upload: File) -> CheckedReceipt:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in IMAGE_TYPES:
                    raise receipt_refused()
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise receipt_refused("The image has too many pixels.")
                if image.format == "JPEG":
                    # Decode at 1/8 scale: every byte of the stream is still checked.
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()  # decodes every pixel: a truncated or corrupt file fails here
                kind = image.format
    except FieldErrors:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise receipt_refused("The image has too many pixels.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise receipt_refused("The file is not a readable image or PDF.") from exc
    content_type, extension = IMAGE_TYPES[kind]
    return CheckedReceipt(content_type, extension)


def _check_pdf(upload: File) -> CheckedReceipt:
    try:
        reader = PdfReader(upload, strict=False)
        if len(reader.pages) < 1:
            raise receipt_refused("The PDF has no pages.")
        reader.pages[0].mediabox  # noqa: B018 - walking to the first page proves the structure
    except FieldErrors:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise receipt_refused("The file is not a readable PDF.") from exc
    return CheckedReceipt(*PDF_TYPE)
