"""The public page that checks a certificate's code: valid or not, the course and the date, nothing else."""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from mixedflows.training.forms import VerifyForm
from mixedflows.training.selectors import certificate_verify
from mixedflows.training.services.certificates import normalise_code

# Codes are 80 random bits; the limit also keeps anyone from trying them in bulk: 30 checks per 10 minutes.
CHECKS_PER_WINDOW = 30
WINDOW_SECONDS = 600


def _over_limit(request) -> bool:
    key = f"training-verify:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key) > CHECKS_PER_WINDOW
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return False


@login_not_required
@never_cache
def verify(request):
    form = VerifyForm(request.POST or None)
    result, checked = None, False
    if request.method == "POST":
        if _over_limit(request):
            return render(request, "training/verify.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            checked = True
            result = certificate_verify(code=normalise_code(form.cleaned_data["code"]))
    return render(request, "training/verify.html", {"form": form, "result": result, "checked": checked})
