from django.urls import path

from . import api

urlpatterns = [
    path("partners/statistics/", api.PartnerStatisticsView.as_view(), name="api-taskforce-partner-statistics"),
    path(
        "partners/statistics/<slug:slug>/",
        api.PartnerStatisticsDatasetView.as_view(),
        name="api-taskforce-partner-statistics-dataset",
    ),
    path(
        "partners/indicators/<slug:slug>/values/",
        api.PartnerIndicatorValuesView.as_view(),
        name="api-taskforce-partner-indicator-values",
    ),
]
