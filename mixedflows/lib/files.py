"""What a stored document really is: its type read from its first bytes (never from the name or the browser's
claim), checked against the name's extension, and its size. Pure functions, no Django."""

import io
import zipfile
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str


PDF = Kind("pdf", "application/pdf", "PDF")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)")
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text (.odt)")
PNG = Kind("png", "image/png", "PNG image")
JPEG = Kind("jpg", "image/jpeg", "JPEG image")
ACCEPTED = [PDF, DOCX, XLSX, ODT, PNG, JPEG]


def sniff(head: bytes, data: bytes | None = None) -> Kind | None:
    """The kind of a file from its content; None when it is none of the accepted kinds."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT.content_type.encode():
                    return ODT
                if "[Content_Types].xml" in names:
                    if any(n.startswith("word/") for n in names):
                        return DOCX
                    if any(n.startswith("xl/") for n in names):
                        return XLSX
        except zipfile.BadZipFile:
            return None
    return None


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def matches(kind: Kind, name: str) -> bool:
    """Whether the name's extension is the kind's (".jpeg" too for JPEG)."""
    return extension_of(name) in ({kind.extension, "jpeg"} if kind is JPEG else {kind.extension})
