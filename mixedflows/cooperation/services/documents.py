"""Stored documents: minutes, SOPs, agendas, reports. Type read from the content and checked against the name,
size limited, stored under a random name; read only through `document_opened` by those allowed."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from mixedflows.cooperation.models import Document, Forum, Sop
from mixedflows.cooperation.services.common import require_coordinator
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.lib import files


def max_bytes() -> int:
    return int(getattr(settings, "MIXEDFLOWS_DOCUMENT_MAX_BYTES", files.DEFAULT_MAX_BYTES))


def checked_upload(upload: UploadedFile, *, field: str = "file") -> tuple[bytes, files.Kind]:
    """The upload's bytes and kind, or a ValidationError on `field` that says what is wrong."""
    data = upload.read()
    name = upload.name or ""
    if not data:
        raise ValidationError({field: _("The file is empty.")})
    if len(data) > max_bytes():
        raise ValidationError(
            {
                field: _("The file is %(size).1f MB; at most %(limit)d MB is accepted.")
                % {"size": len(data) / 1048576, "limit": max_bytes() // 1048576}
            }
        )
    kind = files.sniff(data[:16], data)
    if kind is None:
        raise ValidationError(
            {
                field: _(
                    "Only PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), PNG and JPEG files are accepted."
                )
            }
        )
    if not files.matches(kind, name):
        raise ValidationError(
            {
                field: _("The file is a %(kind)s but its name ends in “.%(extension)s”.")
                % {"kind": kind.label, "extension": files.extension_of(name)}
            }
        )
    return data, kind


def store(
    *,
    actor: User,
    upload: UploadedFile,
    kind: str,
    title: str,
    forum: Forum | None = None,
    sop: Sop | None = None,
) -> Document:
    """Store a checked upload (inside the caller's transaction); its audit event is the caller's."""
    organisation = require_coordinator(actor)
    data, sniffed = checked_upload(upload)
    name = (upload.name or "document").replace("/", "_").replace("\\", "_")[-200:]
    document = Document(
        organisation=organisation,
        created_by=actor,
        kind=kind,
        title=title.strip() or name,
        original_name=name,
        content_type=sniffed.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        forum=forum,
        sop=sop,
    )
    document.file.save("upload", ContentFile(data), save=False)
    # Were the transaction rolled back, the file would stay on disk under its random name with no row pointing
    # at it: unreachable through the application (docs/cooperation.md says so).
    document.save()
    return document


@transaction.atomic
def document_opened(*, actor: User, document: Document) -> Document:
    """Reading a stored document is recorded (it may hold names of officials and partners)."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="cooperation_document",
        object_id=document.uuid,
        fields=["file"],
        detail={"kind": document.kind},
    )
    return document
