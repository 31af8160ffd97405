from django.urls import path
from django.views.generic import RedirectView

from . import staff_views, views

app_name = "tips"

urlpatterns = [
    path("tips/report/", views.report, name="report"),
    path("tips/report/saved/", views.receipt_saved, name="receipt_saved"),
    path("tips/report/receipt/", views.receipt_again, name="receipt_again"),
    path("tips/follow-up/", views.follow_up, name="follow_up"),
    path("hotlines/", views.hotlines, name="hotlines"),
    path("tips/staff/inbox/", staff_views.inbox, name="inbox"),
    # Links in mail sent before staff pages moved under tips/staff/ (issue 15) still lead to the tip.
    path(
        "tips/inbox/",
        RedirectView.as_view(pattern_name="tips:inbox", permanent=True, query_string=True),
        name="inbox_old",
    ),
    path(
        "tips/inbox/<int:tip_id>/",
        RedirectView.as_view(pattern_name="tips:tip_detail", permanent=True),
        name="tip_detail_old",
    ),
    path("tips/staff/inbox/<int:tip_id>/", staff_views.tip_detail, name="tip_detail"),
    path("tips/staff/inbox/<int:tip_id>/status/", staff_views.tip_status, name="tip_status"),
    path("tips/staff/inbox/<int:tip_id>/assign/", staff_views.tip_assign, name="tip_assign"),
    path("tips/staff/inbox/<int:tip_id>/reply/", staff_views.tip_message, {"kind": "reply"}, name="tip_reply"),
    path("tips/staff/inbox/<int:tip_id>/note/", staff_views.tip_message, {"kind": "note"}, name="tip_note"),
    path("tips/staff/inbox/<int:tip_id>/reroute/", staff_views.tip_reroute, name="tip_reroute"),
    path("tips/staff/inbox/<int:tip_id>/files/<int:file_id>/", staff_views.tip_file, name="tip_file"),
    path("tips/staff/inbox/<int:tip_id>/reminder/", staff_views.tip_reminder, name="tip_reminder"),
    path("tips/staff/key/", staff_views.key, name="key"),
    path("tips/staff/key/recovery/", staff_views.key_recovery, name="key_recovery"),
    path("tips/staff/key/access/", staff_views.key_access, name="key_access"),
    path("tips/staff/inbox/stale/", staff_views.stale, name="stale"),
    path("tips/staff/statistics/", staff_views.statistics_page, name="statistics"),
    path("tips/staff/statistics/csv/", staff_views.statistics_csv, name="statistics_csv"),
    path("tips/staff/inbox/<int:tip_id>/labels/", staff_views.tip_labels, name="tip_labels"),
    path("tips/staff/hotlines/", staff_views.hotlines_coordinated, name="hotlines_coordinated"),
    path("tips/staff/hotlines/<slug:slug>/labels/", staff_views.hotline_labels, name="hotline_labels"),
    path(
        "tips/staff/hotlines/<slug:slug>/labels/<int:label_id>/rename/",
        staff_views.hotline_label_change,
        {"action": "rename"},
        name="hotline_label_rename",
    ),
    path(
        "tips/staff/hotlines/<slug:slug>/labels/<int:label_id>/delete/",
        staff_views.hotline_label_change,
        {"action": "delete"},
        name="hotline_label_delete",
    ),
]
