def membership(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"current_organisation": user.organisation, "current_permissions": user.permissions}
