"""The portal's URLs plus the benchmark's peers (bench/views.py) under /_bench/, so that both are served by the
same gunicorn, settings and middleware in the same run (ROOT_URLCONF of bench/settings_bench.py)."""

from django.urls import include, path

from taskforce.urls import handler400, handler403, handler404, handler500  # noqa: F401 -- the portal's error pages
from taskforce.urls import urlpatterns as portal_urlpatterns

from . import legacy_submit, views

legacy_submit.install()  # the tip form's pre-issue-23 baseline (bench/legacy_submit.py): this URLconf only


def _peers(prefix: str, one_query, kind: str, idiomatic, tail: str = "") -> list:
    """A page's two peers: `<prefix>one-query/<tail>` and `<prefix><kind>/<tail>` (bench/run.py's `pages`)."""
    return [path(f"{prefix}one-query/{tail}", one_query), path(f"{prefix}{kind}/{tail}", idiomatic)]


peers = [
    *_peers("registry/", views.registry_one_query, "listview", views.registry_listview),
    *_peers(
        "registry/entry/", views.entry_one_query, "detailview", views.EntryDetailView.as_view(), "<str:public_id>/"
    ),
    *_peers("api/registry/", views.registry_api_one_query, "listapiview", views.RegistryApiListView.as_view()),
    *_peers("tips/staff/inbox/", views.inbox_one_query, "listview", views.inbox_listview),
    *_peers("training/report/", views.report_one_query, "listview", views.report_listview),
    *_peers("action-plan/", views.item_one_query, "detailview", views.ItemDetailView.as_view(), "<slug:slug>/"),
    *_peers("api/action-items/", views.items_api_one_query, "listapiview", views.ItemsApiListView.as_view()),
    # The tip form's view itself, its tip stored as before issue 23 (no peer of the one-query kind).
    path("tips/report/legacy/", legacy_submit.report_legacy),
]

urlpatterns = [path("_bench/", include(peers)), *portal_urlpatterns]
