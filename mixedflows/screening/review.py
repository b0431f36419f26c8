"""What the server's reviewer said about a submission: ODK Central's `reviewState`, Kobo's `_validation_status`.

A submission a supervisor rejected (Central: `rejected`; Kobo: "Not approved") is not imported; one rejected
after it was imported flags its screening for review, so it is never silently kept.
"""

REJECTED = "rejected"
_KOBO = {
    "validation_status_not_approved": REJECTED,
    "validation_status_approved": "approved",
    "validation_status_on_hold": "on_hold",
}
_CENTRAL = {"hasIssues": "has_issues", "edited": "edited", "approved": "approved", "rejected": REJECTED}


def review_state(submission: dict) -> str:
    """'rejected', 'approved', 'on_hold', 'has_issues', 'edited', or '' when nobody reviewed it."""
    system = submission.get("__system")
    if isinstance(system, dict) and system.get("reviewState"):
        return _CENTRAL.get(str(system["reviewState"]), "")
    validation = submission.get("_validation_status")
    if isinstance(validation, dict):
        return _KOBO.get(str(validation.get("uid", "")), "")
    return ""
