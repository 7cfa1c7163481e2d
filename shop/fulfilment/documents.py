"""What an uploaded identity document may be: a PDF, a JPEG or a PNG of at most 5 MB, its type
read from its content (the name and the browser's type are not trusted), images decoded and
encoded again with Pillow (whatever else the file carried is dropped) and refused when their
decoded size would be a decompression bomb."""

import io
from dataclasses import dataclass

from flask_babel import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 200-megapixel PNG of a few KB would take gigabytes to decode
_SIGNATURES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
}
_EXTENSIONS = {"pdf": {"pdf"}, "jpg": {"jpg", "jpeg"}, "png": {"png"}}


class DocumentRefused(ValueError):
    """The file cannot be kept; the message is French."""


@dataclass(frozen=True)
class Document:
    content: bytes
    content_type: str
    extension: str


def check_document(data: bytes, filename: str) -> Document:
    """The document to keep, or DocumentRefused saying why."""
    if not data:
        raise DocumentRefused(_("Le fichier est vide."))
    if len(data) > MAX_BYTES:
        raise DocumentRefused(_("Le fichier dépasse 5 Mo : envoyez une photo moins lourde ou "
                                "un PDF."))
    kind = next((found for signature, found in _SIGNATURES.items()
                 if data.startswith(signature)), None)
    if kind is None:
        raise DocumentRefused(_("Format refusé : envoyez un PDF, une photo JPEG ou une image "
                                "PNG."))
    content_type, extension = kind
    named = filename.rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    if named not in _EXTENSIONS[extension]:
        raise DocumentRefused(_("Le nom du fichier ne correspond pas à son contenu : "
                                "envoyez-le tel quel, sans le renommer."))
    if extension == "pdf":
        if b"%%EOF" not in data[-2048:]:
            raise DocumentRefused(_("Ce PDF est incomplet ou endommagé."))
        return Document(data, content_type, extension)
    return Document(_reencoded(data, extension), content_type, extension)


def _reencoded(data: bytes, extension: str) -> bytes:
    """The image decoded and saved again: pixels only, no metadata or trailing bytes."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise DocumentRefused(_("Image trop grande : envoyez une photo de moins de "
                                        "40 millions de pixels."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            pixels = image.convert("RGB") if extension == "jpg" else image.convert("RGBA")
            out = io.BytesIO()
            pixels.save(out, format="JPEG" if extension == "jpg" else "PNG", quality=90)
    except DocumentRefused:
        raise
    except Exception:  # noqa: BLE001 - any decoding failure is an unreadable file
        raise DocumentRefused(_("Cette image est illisible ou endommagée.")) from None
    return out.getvalue()
