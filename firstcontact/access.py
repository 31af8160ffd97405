"""The one place that answers who may see an assessment, and who may see the counts."""

from django.http import Http404

from .models import Assessment
from .selectors import assessment_with_content


def assessment_for_user(user, assessment_id: int) -> Assessment:
    """A saved assessment is readable by the provider who made it, and by nobody else (not even to learn that
    it exists)."""
    assessment = assessment_with_content(assessment_id)
    if assessment is None or not user.is_authenticated or assessment.provider_id != user.pk:
        raise Http404
    return assessment
