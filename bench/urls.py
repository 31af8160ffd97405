"""The portal's URLs plus the benchmark's peers (bench/views.py) under /_bench/, so that both are served by the
same gunicorn, settings and middleware in the same run (ROOT_URLCONF of bench/settings_bench.py)."""

from django.urls import include, path

from taskforce.urls import handler400, handler403, handler404, handler500  # noqa: F401 -- the portal's error pages
from taskforce.urls import urlpatterns as portal_urlpatterns

from . import views

peers = [
    path("registry/one-query/", views.registry_one_query),
    path("registry/listview/", views.RegistryListView.as_view()),
    path("registry/entry/one-query/<str:public_id>/", views.entry_one_query),
    path("registry/entry/detailview/<str:public_id>/", views.EntryDetailView.as_view()),
    path("api/registry/one-query/", views.registry_api_one_query),
    path("api/registry/listapiview/", views.RegistryApiListView.as_view()),
    path("tips/staff/inbox/one-query/", views.inbox_one_query),
    path("tips/staff/inbox/listview/", views.InboxListView.as_view()),
    path("training/report/one-query/", views.report_one_query),
    path("training/report/listview/", views.ReportListView.as_view()),
    path("action-plan/one-query/<slug:slug>/", views.item_one_query),
    path("action-plan/detailview/<slug:slug>/", views.ItemDetailView.as_view()),
    path("api/action-items/one-query/", views.items_api_one_query),
    path("api/action-items/listapiview/", views.ItemsApiListView.as_view()),
]

urlpatterns = [path("_bench/", include(peers)), *portal_urlpatterns]
