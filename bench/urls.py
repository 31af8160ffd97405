"""URLs of the baseline (bench/settings_baseline.py): one minimal view per benchmarked page."""

from django.urls import path

from . import views

urlpatterns = [
    path("bench/registry/", views.registry_list),
    path("bench/action-plan/", views.action_plan),
    path("bench/tips/report/", views.tip_report),
    path("bench/api/registry/", views.api_registry_list),
]
