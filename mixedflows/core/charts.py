"""Charts drawn with plotly.js served from the plotly wheel (sites are offline: no CDN)."""

from functools import wraps
from pathlib import Path

import plotly
from django.conf import settings
from django.http import FileResponse
from django.utils.csp import CSP


def plotly_styles(view):
    """plotly.js positions chart text with style attributes: allow inline styles (never scripts) on chart pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_config = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
        return response

    return wrapper


def plotly_js(request):
    """plotly.js as shipped in the plotly wheel: served from here, never from a CDN."""
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    response = FileResponse(path.open("rb"), content_type="text/javascript")
    response["Cache-Control"] = "max-age=86400"
    return response
