from django.urls import path

from . import api

urlpatterns = [
    path("registry/", api.RegistryList.as_view(), name="api-publications-registry-list"),
    path("registry/match", api.RegistryMatch.as_view(), name="api-publications-registry-match"),
    path("registry/<str:public_id>/", api.RegistryDetail.as_view(), name="api-publications-registry-detail"),
    path(
        "registry/<str:public_id>/<slug:action>/",
        api.RegistryWorkflowAction.as_view(),
        name="api-publications-registry-action",
    ),
    path("publications/", api.PublicationList.as_view(), name="api-publications-publication-list"),
    path("publications/<slug:slug>/", api.PublicationDetail.as_view(), name="api-publications-publication-detail"),
]
