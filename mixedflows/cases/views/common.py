"""Small adapters shared by the case views."""

from django.shortcuts import redirect


def back_to_case(case, anchor: str = ""):
    response = redirect("cases:detail", uuid=case.uuid)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response
