"""Stored documents, served only to those who may see what they belong to, never from a guessable URL."""

from django.http import FileResponse

from mixedflows.cooperation import selectors
from mixedflows.cooperation.services.documents import document_opened
from mixedflows.core.web import get_or_404


def document(request, uuid):
    doc = get_or_404(selectors.document_for, user=request.user, uuid=uuid)
    document_opened(actor=request.user, document=doc)
    response = FileResponse(
        doc.file.open("rb"), content_type=doc.content_type, as_attachment=True, filename=doc.original_name
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
