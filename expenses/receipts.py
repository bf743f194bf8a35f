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
        active = _active_content(reader)
    except FieldErrors:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise receipt_refused("The file is not a readable PDF.") from exc
    if active:
        raise receipt_refused(
            f"The PDF runs actions when opened ({active}); a receipt must be a plain document. "
            "Print it to PDF again, or send a photo."
        )
    return CheckedReceipt(*PDF_TYPE)


# What makes a viewer act on its own: actions when the document or a page opens (`/AA`,
# `/OpenAction` other than showing a page), document JavaScript, XFA forms, and links that run
# JavaScript, launch a program or send data. A receipt needs none of them.
ACTIVE_ACTION_TYPES = ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition")
MAX_PAGES_CHECKED = 200


def _resolved(value: object) -> object:
    return value.get_object() if hasattr(value, "get_object") else value


def _runs_something(action: object, depth: int = 0) -> bool:
    """An action that does more than show a page (a destination, `/GoTo`) or open a link;
    a chain of `/Next` actions longer than a few counts as one."""
    action = _resolved(action)
    if isinstance(action, list) or action is None:  # a destination: [page /Fit]
        return False
    if not isinstance(action, dict) or depth > 8:
        return True
    if action.get("/S") in ACTIVE_ACTION_TYPES or "/JS" in action:
        return True
    next_action = action.get("/Next")
    if isinstance(next_action, list):  # an array of actions
        return any(_runs_something(item, depth + 1) for item in next_action[:16])
    return next_action is not None and _runs_something(next_action, depth + 1)


def _active_content(reader: PdfReader) -> str | None:
    """The first entry that would make a viewer act on its own, or None."""
    root = _resolved(reader.trailer["/Root"])
    if not isinstance(root, dict):
        raise ValueError("The catalog is not a dictionary.")
    if "/AA" in root:
        return "/AA"
    if "/OpenAction" in root and _runs_something(root["/OpenAction"]):
        return "/OpenAction"
    names = _resolved(root.get("/Names"))
    if isinstance(names, dict) and "/JavaScript" in names:
        return "/JavaScript"
    acroform = _resolved(root.get("/AcroForm"))
    if isinstance(acroform, dict) and "/XFA" in acroform:
        return "/XFA"
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES_CHECKED:
            break
        if "/AA" in page:
            return "/AA"
        annotations = _resolved(page.get("/Annots")) or []
        for annotation in annotations if isinstance(annotations, list) else []:
            annotation = _resolved(annotation)
            if isinstance(annotation, dict) and "/AA" in annotation:
                return "/AA"
            if isinstance(annotation, dict) and _runs_something(annotation.get("/A")):
                return "a link that runs an action"
    return None
