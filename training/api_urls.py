from django.urls import path

from . import api

urlpatterns = [
    path("training/my-progress/", api.my_progress, name="api-training-my-progress"),
    path("training/reports/", api.report, name="api-training-report"),
]
