from django.urls import path

from . import downloads, feeds, staff_views, views

app_name = "publications"

urlpatterns = [
    path("registry/", views.registry_list, name="registry_list"),
    path("registry/business-registry.csv", downloads.registry_csv, name="registry_csv"),
    path("registry/business-registry.json", downloads.registry_json, name="registry_json"),
    path("registry/business-registry.ftm.json", downloads.registry_ftm, name="registry_ftm"),
    path("registry/business-registry-changes.ftm.json", downloads.registry_ftm_delta, name="registry_ftm_delta"),
    path("registry/downloads/", downloads.registry_snapshots, name="registry_snapshots"),
    path("registry/feed/", feeds.RegistryFeed(), name="registry_feed"),
    path("registry/subscribe/", views.subscribe, name="subscribe"),
    path("registry/subscribe/confirm/<str:token>/", views.subscription_confirm, name="subscription_confirm"),
    path("registry/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("registry/sources/<int:source_id>/", views.source_file, name="source_file"),
    path("registry/staff/", staff_views.registry_staff, name="registry_staff"),
    path("registry/staff/new/", staff_views.entry_new, name="entry_new"),
    path("registry/staff/<str:public_id>/", staff_views.entry_staff, name="entry_staff"),
    path("registry/staff/<str:public_id>/edit/", staff_views.entry_edit, name="entry_edit"),
    path("registry/staff/<str:public_id>/sources/", staff_views.entry_source_add, name="entry_source_add"),
    path("registry/staff/<str:public_id>/<slug:action>/", staff_views.entry_action, name="entry_action"),
    path("registry/<str:public_id>/", views.registry_entry, name="registry_entry"),
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/feed/", feeds.PublicationFeed(), name="publication_feed"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication_detail"),
]
