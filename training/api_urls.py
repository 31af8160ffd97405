from django.urls import path

from . import api, scorm_api

urlpatterns = [
    path("training/my-progress/", api.my_progress, name="api-training-my-progress"),
    path("training/reports/", api.report, name="api-training-report"),
    path(
        "training/scorm/enrolments/<int:enrolment_id>/commit/",
        scorm_api.scorm_commit,
        name="api-training-scorm-commit",
    ),
]
