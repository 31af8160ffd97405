from django.urls import path
from django.views.generic import RedirectView

from . import staff_views, views

app_name = "actionplan"

urlpatterns = [
    path("action-plan/", views.index, name="index"),
    path("action-plan/staff/", staff_views.manage, name="manage"),
    path(
        "action-plan/manage/", RedirectView.as_view(pattern_name="actionplan:manage", permanent=True), name="manage_old"
    ),  # bookmarks
    path("action-plan/staff/import/", staff_views.import_csv, name="import_csv"),
    path("action-plan/export.csv", views.export_csv, name="export_csv"),
    path("action-plan/download.csv", views.plan_download, name="plan_download"),
    path("action-plan/reports/", views.report_list, name="report_list"),
    path("action-plan/reports/generate/", views.report_generate, name="report_generate"),
    path("action-plan/reports/<slug:plan_slug>/<str:as_of>/", views.report_detail, name="report"),
    path("action-plan/reports/<slug:plan_slug>/<str:as_of>/csv/", views.report_csv, name="report_csv"),
    path("action-plan/reports/<slug:plan_slug>/<str:as_of>/pdf/", views.report_pdf, name="report_pdf"),
    path("action-plan/staff/milestones/<int:milestone_id>/done/", staff_views.milestone_done, name="milestone_done"),
    path("action-plan/monitoring/", views.monitoring, name="monitoring"),
    path("action-plan/staff/monitoring/periods/add/", staff_views.reporting_period_add, name="reporting_period_add"),
    path("action-plan/staff/monitoring/evaluations/add/", staff_views.evaluation_add, name="evaluation_add"),
    path("action-plan/staff/<slug:key>/indicators/add/", staff_views.indicator_add, name="indicator_add"),
    path(
        "action-plan/staff/indicators/<int:indicator_id>/values/add/",
        staff_views.indicator_value_add,
        name="indicator_value_add",
    ),
    path(
        "action-plan/staff/indicator-values/<int:value_id>/review/",
        staff_views.indicator_value_review,
        name="indicator_value_review",
    ),
    path("action-plan/evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path("action-plan/<slug:key>/", views.item_detail, name="item"),
    path("action-plan/<slug:key>/history/", views.item_history, name="item_history"),
    path("action-plan/staff/<slug:key>/update/", staff_views.item_update, name="item_update"),
    path("action-plan/staff/<slug:key>/edit/", staff_views.item_edit, name="item_edit"),
    path("action-plan/staff/<slug:key>/milestones/add/", staff_views.milestone_add, name="milestone_add"),
    path("action-plan/<slug:key>/follow/", views.item_follow, name="item_follow"),
]
