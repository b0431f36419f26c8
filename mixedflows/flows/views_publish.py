"""The information management officer's table builder and the kept publications."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mixedflows.core.mfa import recent_mfa_required
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires
from mixedflows.flows import downloads, exports, selectors, services, tables
from mixedflows.flows.analytics import BAND_LABELS
from mixedflows.flows.forms import ExtractForm, TableForm
from mixedflows.flows.snapshot import current_snapshot
from mixedflows.lib import disclosure
from mixedflows.screening.codes import ProfileCategory


def _category_label(spec: dict | None) -> str:
    code = (spec or {}).get("category") or ""
    return str(ProfileCategory(code).label) if code in ProfileCategory.values else code


def _shown(value: str) -> str:
    """A row or column value as the preview shows it: age bands as ages, "unknown" and the total in words."""
    if value == "unknown":
        return _("unknown")
    if value == disclosure.TOTAL:
        return _("Total")
    return BAND_LABELS.get(value, value)


def _display(table: disclosure.ProtectedTable) -> list[list]:
    """Cells for the preview: (shown value, mark) where mark is primary / secondary / '' ."""
    out = []
    for row in [*table.rows, disclosure.TOTAL]:
        cells = []
        for col in [*table.cols, disclosure.TOTAL]:
            cell = (row, col)
            mark = "primary" if cell in table.primary else ("secondary" if cell in table.suppressed else "")
            cells.append((table.published(row, col), mark))
        out.append([_shown(row), cells])
    return out


@requires(Perm.VIEW_FLOWS)
def table_builder(request):
    scopes = selectors.scope_choices(user=request.user)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = TableForm(data, scopes=scopes)
    snapshot = current_snapshot()
    table = spec = None
    if data is not None and form.is_valid() and snapshot:
        cleaned = {**form.cleaned_data}
        cleaned["start"], cleaned["end"] = form.period()
        try:
            table, spec = tables.protected_table(user=request.user, data=cleaned, snapshot=snapshot)
        except tables.ScopeNotFound as error:
            raise Http404("Not found") from error
        except ValueError as error:
            form.add_error(None, str(error))
        if table is not None and request.method == "POST":
            if not request.user.can(Perm.PUBLISH_STATISTICS):
                raise PermissionDenied(Perm.PUBLISH_STATISTICS)
            try:
                publication = services.publication_table(
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    spec=spec,
                    table=table,
                    snapshot_at=snapshot.finished_at,
                )
            except ValidationError as error:
                form.add_error("title" if hasattr(error, "error_dict") else None, " ".join(error.messages))
            else:
                messages.success(request, _("Table published and kept, with the rules applied."))
                return redirect("flows:publication", uuid=publication.uuid)
    return render(
        request,
        "flows/table_builder.html",
        {
            "form": form,
            "snapshot": snapshot,
            "table": table,
            "spec": spec,
            "display": _display(table) if table else None,
            "cols": [_shown(c) for c in table.cols] if table else [],
            "can_publish": request.user.can(Perm.PUBLISH_STATISTICS),
            "category_label": _category_label(spec),
        },
    )


@requires(Perm.VIEW_FLOWS)
def publication_list(request):
    return render(
        request,
        "flows/publication_list.html",
        {"publications": selectors.publications_for(user=request.user)},
    )


@requires(Perm.VIEW_FLOWS)
def publication_detail(request, uuid):
    publication = get_or_404(selectors.publication_for, user=request.user, uuid=uuid)
    rows = (
        exports.hxl_rows(publication)
        if publication.kind == publication.Kind.TABLE
        else (exports.microdata_rows(publication)[:52])
    )
    return render(
        request,
        "flows/publication_detail.html",
        {"publication": publication, "rows": rows, "hxl_problems": exports.hxl_check(rows) if rows else []},
    )


@requires(Perm.VIEW_FLOWS)
@recent_mfa_required
def publication_download(request, uuid, fmt):
    publication = get_or_404(selectors.publication_for, user=request.user, uuid=uuid)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Not found")
    name, content = downloads.publication_export(actor=request.user, publication=publication, fmt=fmt)
    response = HttpResponse(
        content,
        content_type=(
            "text/csv; charset=utf-8"
            if fmt == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(Perm.PUBLISH_STATISTICS)
@recent_mfa_required
def extract(request):
    """A microdata extract: published only if k-anonymous on its columns, otherwise refused with the reason."""
    form = ExtractForm(request.POST or None, scopes=selectors.scope_choices(user=request.user))
    snapshot = current_snapshot()
    if request.method == "POST" and form.is_valid() and snapshot:
        start, end = form.period()
        try:
            records, spec = tables.extract_records(
                user=request.user, data=form.cleaned_data, snapshot=snapshot, start=start, end=end
            )
        except tables.ScopeNotFound as error:
            raise Http404("Not found") from error
        data = form.cleaned_data
        try:
            publication = services.publication_microdata(
                actor=request.user,
                title=data["title"],
                spec=spec,
                records=records,
                quasi_identifiers=data["quasi_identifiers"],
                k=data["k"],
                snapshot_at=snapshot.finished_at,
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "Extract of %(count)d record published and kept.",
                    "Extract of %(count)d records published and kept.",
                    len(records),
                )
                % {"count": len(records)},
            )
            return redirect("flows:publication", uuid=publication.uuid)
    return render(request, "flows/extract.html", {"form": form, "snapshot": snapshot})
