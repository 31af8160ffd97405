"""The coordinators' page of the assessment tool: counts by province and kind, never a person."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from taskforce.access import require_coordinator

from . import selectors


@never_cache
@login_required
@require_GET
def counts(request):
    require_coordinator(request.user)
    return render(request, "firstcontact/staff/counts.html", {"counts": selectors.assessment_counts()})
