from django.urls import path

from . import api

urlpatterns = [
    path("registry/", api.RegistryList.as_view(), name="api-registry-list"),
    path("registry/<str:public_id>/", api.RegistryDetail.as_view(), name="api-registry-detail"),
    path("registry/<str:public_id>/<slug:action>/", api.RegistryWorkflowAction.as_view(), name="api-registry-action"),
    path("publications/", api.PublicationList.as_view(), name="api-publication-list"),
    path("publications/<slug:slug>/", api.PublicationDetail.as_view(), name="api-publication-detail"),
]
