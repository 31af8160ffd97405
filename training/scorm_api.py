"""The SCORM runtime's commits: what a learner's package reports (status, score, place, suspend data), written into
that learner's own enrolment."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from . import access, scorm_services


class CommitAnswerSerializer(serializers.Serializer):
    result = serializers.CharField(help_text="SCORM's 'true'.")
    errorCode = serializers.IntegerField()  # noqa: N815 -- the name the SCORM runtime reads
    completed = serializers.BooleanField(help_text="Whether the enrolment is completed (certificate issued).")
    score = serializers.IntegerField(allow_null=True)


@extend_schema(
    request={"application/json": {"type": "object", "description": "The runtime's CMI data: {'cmi': {...}}."}},
    responses=CommitAnswerSerializer,
)
@api_view(["POST"])
def scorm_commit(request, enrolment_id):
    """Record a commit of the signed-in learner's SCORM package into their own enrolment. Passing completes the
    course and issues the certificate (once)."""
    enrolment = access.enrolment_for_user(request.user, enrolment_id)
    state = scorm_services.scorm_commit(enrolment=enrolment, data=request.data)
    enrolment.refresh_from_db(fields=["completed_at"])
    answer = {"result": "true", "errorCode": 0, "completed": enrolment.completed_at is not None, "score": state.score}
    return Response(CommitAnswerSerializer(answer).data)
