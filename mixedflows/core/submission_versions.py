"""Which record holds an ODK / Kobo submission, by any instanceID the submission has had.

An edit on the server gives the submission a new instanceID and names the one it replaces (`deprecatedID`).
A record made from submissions keeps its first (root) instanceID in `submission_id` and every instanceID seen
in `submission_versions`, so an older export imported again finds its record and changes nothing, whatever the
edit changed (screening and the flow monitoring survey both import this way).
"""

from collections.abc import Iterable

from django.db.models import Model, QuerySet


def versions_of(record: Model) -> list[str]:
    """Every instanceID the record's submission has had, its root first."""
    root = getattr(record, "submission_id", "")
    return [v for v in dict.fromkeys([root, *getattr(record, "submission_versions", [])]) if v]


def holders_by_version[M: Model](
    queryset: QuerySet[M], *, ids: Iterable[str], replaced: Iterable[str] = (), lock: bool = False
) -> dict[str, M]:
    """The records of `queryset` whose root instanceID is one of `ids`, and those that hold one of `replaced`
    (the batch's deprecatedIDs) among their versions, keyed by every instanceID each has had.

    A root is found with one indexed query. A replaced instanceID that is not a root (an edit of an edit) is
    looked for in the versions: a scan of two columns, then a load (locked if asked) of the few that match.
    """
    ids, replaced = {i for i in ids if i}, {i for i in replaced if i}  # never "": records typed on the web
    rows = queryset.select_for_update() if lock else queryset
    found = list(rows.filter(submission_id__in=ids | replaced))
    known = {v for record in found for v in versions_of(record)}
    wanted = replaced - known
    if wanted:
        versions = queryset.values_list("pk", "submission_versions")
        matched = [pk for pk, seen in versions.iterator(chunk_size=5000) if wanted & set(seen or [])]
        found += rows.filter(pk__in=matched).exclude(pk__in=[r.pk for r in found])
    return {version: record for record in found for version in versions_of(record)}
