from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse


def _nav_items(user):
    """Each app lists its menu entries as `nav_items = [(label, url name, permission), ...]` on its AppConfig."""
    items = []
    # The agency's daily work first; the administration entries of core last.
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label == "core"):
        for label, url_name, permission in getattr(config, "nav_items", ()):
            if permission and not user.can(permission):
                continue
            try:
                items.append((label, reverse(url_name)))
            except NoReverseMatch:
                continue
    return items


def app_panels(attribute: str, user) -> list[str]:
    """URL names of panels other apps embed in a page (AppConfig.<attribute> = [(url name, permission)])."""
    return [
        name
        for config in apps.get_app_configs()
        for name, permission in getattr(config, attribute, ())
        if not permission or user.can(permission)
    ]


def membership(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "current_organisation": user.organisation,
        "current_permissions": user.permissions,
        "nav_items": _nav_items(user),
    }


def languages(request):
    """The switcher's choices, each written in its own language, and the page's direction."""
    from django.utils import translation

    code = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "interface_languages": settings.LANGUAGES,
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
        "language_code": code,
    }
