from django.urls import path

from . import api

urlpatterns = [
    path("assessments/", api.MyAssessmentList.as_view(), name="firstcontact-api-assessments"),
    path("assessments/counts/", api.AssessmentCounts.as_view(), name="firstcontact-api-assessment-counts"),
    path("rights-pages/", api.RightsPageList.as_view(), name="firstcontact-api-rights-pages"),
]
