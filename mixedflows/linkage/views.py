"""HTML views for linkage: the registration lookup, the review queue, merges, the timeline panel, runs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.core.models import Job, JobKind
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires
from mixedflows.linkage import engine, selectors, services, timeline_chart
from mixedflows.linkage.features import person_features
from mixedflows.linkage.models import MatchCandidate
from mixedflows.people.selectors import encounters_of, person_for


@require_POST
@requires(Perm.REGISTER_PEOPLE)
def lookup(request):
    """The "possibly the same person" panel: the registration grid POSTs the row being typed."""
    row = selectors.row_features(request.POST)
    candidates = (
        selectors.candidates_for_row(user=request.user, row=row)
        if row["features"]["g1_sk"] or row["features"]["doc"]
        else []
    )
    # A page that can take an existing record (the detention visit's "Found") asks for a button per own record.
    use_record = request.POST.get("use") == "record"
    return render(request, "linkage/lookup.html", {"candidates": candidates, "use_record": use_record})


@requires(Perm.REVIEW_LINKAGE)
def review(request):
    status = request.GET.get("status", MatchCandidate.Status.PENDING)
    if status not in MatchCandidate.Status.values:
        status = MatchCandidate.Status.PENDING
    queue = selectors.review_queue(user=request.user, status=status)[:200]
    return render(
        request,
        "linkage/review.html",
        {"queue": queue, "status": status, "statuses": MatchCandidate.Status.choices},
    )


@requires(Perm.REVIEW_LINKAGE)
def candidate(request, uuid):
    pair = get_or_404(selectors.candidate_for, user=request.user, uuid=uuid)
    if request.method == "POST":
        try:
            merge = services.candidate_decide(
                actor=request.user,
                candidate=pair,
                decision=request.POST.get("decision", ""),
                note=request.POST.get("note", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Merged: the newer record is kept, retired, and can be restored.")
                if merge
                else _("Decision saved."),
            )
            return redirect("linkage:candidate", uuid=pair.uuid)
    sides = [(p, encounters_of(user=request.user, person=p)) for p in (pair.person_a, pair.person_b)]
    merge = pair.merges.filter(undone_at__isnull=True).first()
    return render(
        request,
        "linkage/candidate.html",
        {"pair": pair, "sides": sides, "merge": merge, "decisions": MatchCandidate.Status.choices[1:]},
    )


@require_POST
@requires(Perm.REVIEW_LINKAGE)
def merge_undo(request, uuid):
    merge = get_or_404(selectors.merge_for, user=request.user, uuid=uuid)
    try:
        services.merge_undo(actor=request.user, merge=merge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Merge undone: %(record)s is a record of its own again.")
            % {"record": merge.retired.registration_number},
        )
    return redirect("people:detail", uuid=merge.survivor.uuid)


@require_POST
@requires(Perm.REGISTER_PEOPLE)
def propose(request, uuid):
    """From the registration panel: "this may be the same person as that one" goes to the review queue."""
    person = get_or_404(person_for, user=request.user, uuid=uuid)
    if not request.POST.get("other"):
        messages.error(request, _("Choose the other record."))
        return redirect("people:detail", uuid=person.uuid)
    other = get_or_404(person_for, user=request.user, uuid=request.POST["other"])
    model, version = selectors.active_model()
    probability, levels = engine.pair_probability(model, person_features(person), person_features(other))
    try:
        pair = services.candidate_propose(
            actor=request.user,
            person_a=person,
            person_b=other,
            probability=probability,
            reasons=engine.reasons(levels),
            model_version=version,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:detail", uuid=person.uuid)
    if request.user.can(Perm.REVIEW_LINKAGE):
        return redirect("linkage:candidate", uuid=pair.uuid)
    messages.success(request, _("Sent to linkage review."))
    return redirect("people:detail", uuid=person.uuid)


@requires(Perm.VIEW_PEOPLE)
def timeline(request, uuid):
    """Person panel: every encounter of every linked record, as a list and a chart; flags and match notices."""
    person = get_or_404(person_for, user=request.user, uuid=uuid)
    encounters = selectors.timeline(user=request.user, person=person)
    return render(
        request,
        "linkage/timeline.html",
        {
            "person": person,
            "encounters": encounters,
            "chart": timeline_chart.svg(encounters),
            "merges": selectors.merges_of(user=request.user, person=person),
            "flags": selectors.flags_for(user=request.user, person=person),
            "notices": selectors.notices_for(user=request.user, person=person),
            "can_review": request.user.can(Perm.REVIEW_LINKAGE),
            "candidates": selectors.candidates_for_person(user=request.user, person=person)
            if person.organisation_id == request.user.organisation.pk
            and request.user.can(Perm.REGISTER_PEOPLE)
            else [],
        },
    )


@requires(Perm.RUN_LINKAGE)
def runs(request):
    if request.method == "POST":
        from mixedflows.linkage.tasks import registry_run_start

        registry_run_start(actor=request.user)
        messages.success(request, _("Linkage run queued."))
        return redirect("linkage:runs")
    jobs = Job.objects.filter(organisation=request.user.organisation, kind=JobKind.LINKAGE_RUN).order_by(
        "-created_at"
    )[:10]
    return render(request, "linkage/runs.html", {"jobs": jobs, "model": selectors.active_model()[1]})
