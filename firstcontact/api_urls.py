from django.urls import path

from . import api

urlpatterns = [
    path("assessments/", api.MyAssessmentList.as_view(), name="api-firstcontact-assessments"),
    path("assessments/counts/", api.AssessmentCounts.as_view(), name="api-firstcontact-assessment-counts"),
    path("rights-pages/", api.RightsPageList.as_view(), name="api-firstcontact-rights-pages"),
]
