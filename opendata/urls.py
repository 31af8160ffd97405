from django.urls import path

from . import downloads, views

app_name = "opendata"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("data/", views.catalogue_page, name="catalogue"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    path("data/catalog.jsonld", views.dcat_catalog, name="dcat"),
    path("data/snapshots/<str:day>/<slug:slug>.<str:file_format>", downloads.snapshot, name="snapshot"),
    path("data/<slug:slug>.csv", downloads.dataset_csv, name="dataset_csv"),
    path("data/<slug:slug>.json", downloads.dataset_json, name="dataset_json"),
    path("data/<slug:slug>.<str:file_format>", downloads.dataset_other_format, name="dataset_other_format"),
    path("data/<slug:slug>/", views.data_dictionary, name="data_dictionary"),
]
