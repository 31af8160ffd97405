from django.urls import path
from django.views.generic import RedirectView

from . import staff_views, views

app_name = "training"

urlpatterns = [
    path("training/", views.catalogue, name="catalogue"),
    path("training/my-learning/", views.my_learning, name="my_learning"),
    path("training/courses/<slug:slug>/", views.course_detail, name="course"),
    path("training/courses/<slug:slug>/start/", views.course_start, name="course_start"),
    path("training/courses/<slug:slug>/steps/<slug:key>/", views.step, name="step"),
    path("training/courses/<slug:slug>/steps/<slug:key>/attempt/", views.quiz_start, name="quiz_start"),
    path("training/courses/<slug:slug>/scorm/", views.scorm_player, name="scorm_player"),
    path("training/scorm/<int:package_id>/<path:path>", views.scorm_package_file, name="scorm_file"),
    path("training/attempts/<int:attempt_id>/", views.attempt_result, name="attempt"),
    path("training/open/<slug:slug>/<slug:key>/", views.open_step, name="open_step"),
    path("training/certificates/<str:token>/", views.certificate_verify, name="certificate_verify"),
    path("training/my-learning/certificates/<int:certificate_id>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("training/staff/report/", staff_views.manager_report, name="manager_report"),
    path(
        "training/manage/report/",
        RedirectView.as_view(pattern_name="training:manager_report", permanent=True, query_string=True),
        name="manager_report_old",
    ),  # the path before staff pages moved under training/staff/ (issue 15): bookmarks
    path("training/staff/report/csv/", staff_views.manager_report_csv, name="manager_report_csv"),
    path("training/staff/assignments/", staff_views.assignments, name="assignments"),
    path(
        "training/staff/assignments/<int:assignment_id>/delete/",
        staff_views.assignment_delete,
        name="assignment_delete",
    ),
    path(
        "training/staff/certificates/<int:certificate_id>/revoke/",
        staff_views.certificate_revoke,
        name="certificate_revoke",
    ),
    # Getting people in (issue 20): invitations, self-registration and its approvals.
    path("training/join/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("training/register/", views.signup, name="signup"),
    path("training/register/sent/", views.signup_sent, name="signup_sent"),
    path("training/register/confirm/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("training/staff/invitations/", staff_views.invitations, name="invitations"),
    path("training/staff/invitations/import/", staff_views.invitations_import, name="invitations_import"),
    path(
        "training/staff/invitations/<int:invitation_id>/resend/",
        staff_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "training/staff/invitations/<int:invitation_id>/revoke/",
        staff_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("training/staff/registrations/", staff_views.signups, name="signups"),
    path("training/staff/registrations/<int:signup_id>/decide/", staff_views.signup_decide, name="signup_decide"),
    # Writing courses in the portal (training/authoring.py).
    path("training/staff/courses/", staff_views.authoring_courses, name="authoring_courses"),
    path("training/staff/courses/new/", staff_views.authoring_course_new, name="authoring_course_new"),
    path("training/staff/courses/<int:course_id>/", staff_views.authoring_course, name="authoring_course"),
    path("training/staff/courses/<int:course_id>/publish/", staff_views.authoring_publish, name="authoring_publish"),
    path(
        "training/staff/courses/<int:course_id>/preview/<slug:key>/",
        staff_views.authoring_preview,
        name="authoring_preview",
    ),
    path(
        "training/staff/courses/<int:course_id>/modules/new/",
        staff_views.authoring_module_new,
        name="authoring_module_new",
    ),
    path(
        "training/staff/courses/<int:course_id>/questions/new/",
        staff_views.authoring_question_new,
        name="authoring_question_new",
    ),
    path("training/staff/modules/<int:module_id>/", staff_views.authoring_module, name="authoring_module"),
    path(
        "training/staff/modules/<int:module_id>/lessons/new/",
        staff_views.authoring_lesson_new,
        name="authoring_lesson_new",
    ),
    path("training/staff/lessons/<int:lesson_id>/", staff_views.authoring_lesson, name="authoring_lesson"),
    path(
        "training/staff/lessons/<int:lesson_id>/captions/",
        staff_views.authoring_caption,
        name="authoring_caption",
    ),
    path("training/staff/questions/<int:question_id>/", staff_views.authoring_question, name="authoring_question"),
    path(
        "training/staff/drafts/<slug:kind>/<int:row_id>/<slug:action>/",
        staff_views.authoring_row_action,
        name="authoring_row_action",
    ),
    path(
        "training/staff/markdown-preview/",
        staff_views.authoring_markdown_preview,
        name="authoring_markdown_preview",
    ),
]
