"""Upload limits of the plans app: a plan's text (PDF, Word, WPS, OFD) and a drill's photos (JPG/PNG), each checked
by extension, declared content type and the file's first bytes, and by size, with a Chinese refusal."""

import mimetypes
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024

# extension -> the magic bytes its content starts with (several for .doc/.wps, the OLE2 container)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
DOCUMENT_TYPES = {".pdf": (b"%PDF",), ".docx": (ZIP,), ".doc": (OLE2,), ".wps": (OLE2,), ".ofd": (ZIP,)}
PHOTO_TYPES = {".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",)}


def _extension(upload):
    name = (getattr(upload, "name", "") or "").lower()
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


def _head(upload, n=8):
    try:
        upload.seek(0)
        head = upload.read(n)
        upload.seek(0)
    except (OSError, ValueError):
        return b""
    return head


def _stored(upload):
    """A file already in storage (an unchanged field on an edit) was checked when it was uploaded."""
    return getattr(upload, "_committed", False) is True


def validate_document(upload):
    """预案文本: .pdf/.doc/.docx/.wps/.ofd of at most 20 MB whose content is what its extension says."""
    if _stored(upload):
        return
    ext = _extension(upload)
    if ext not in DOCUMENT_TYPES:
        raise ValidationError(_("预案文本只能上传 PDF、Word（.doc/.docx）、WPS 或 OFD 文件"))
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("预案文本不能超过 20 MB"))
    if not any(_head(upload).startswith(m) for m in DOCUMENT_TYPES[ext]):
        raise ValidationError(_("文件内容与扩展名不符，请上传有效的 %(ext)s 文件") % {"ext": ext.lstrip(".").upper()})


def validate_photo(upload):
    """演练照片: .jpg/.png of at most 10 MB whose first bytes are an image of that type."""
    if _stored(upload):
        return
    ext = _extension(upload)
    if ext not in PHOTO_TYPES:
        raise ValidationError(_("只能上传 .jpg 或 .png 格式的照片"))
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("照片不能超过 10 MB"))
    if not any(_head(upload).startswith(m) for m in PHOTO_TYPES[ext]):
        raise ValidationError(_("文件内容不是有效的 JPG 或 PNG 图片"))


def serve_file(stored, filename=None, inline=False):
    """A stored file as a response (attachment, or inline for photos), never sniffed as another type."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404(_("文件不存在"))
    name = filename or stored.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
