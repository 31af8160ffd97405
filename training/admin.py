from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from taskforce.admin_base import ReadOnlyAdminMixin, TabularInline

from . import services
from .models import (
    Assignment,
    AssignmentEvent,
    Attempt,
    Certificate,
    CertificateEvent,
    Choice,
    Course,
    CourseVersion,
    Enrolment,
    Invitation,
    LearnerProfile,
    Lesson,
    LessonCaption,
    Module,
    OnboardingPolicy,
    Question,
    SignupRequest,
)


class ModuleInline(TabularInline):
    model = Module
    extra = 0
    show_change_link = True


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    show_change_link = True  # a lesson's own page holds its video captions


class LessonCaptionInline(TabularInline):
    """A lesson video's captions, one WebVTT file per language, checked by the field (training/captions.py)."""

    model = LessonCaption
    extra = 1


class ChoiceInline(TabularInline):
    model = Choice
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "current_version", "is_open"]
    readonly_fields = ["current_version"]
    inlines = [ModuleInline]
    actions = ["publish"]

    @admin.action(description=_("Publish a new version of the selected courses"))
    def publish(self, request, queryset):
        for course in queryset:
            try:
                version = services.course_publish(course=course, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{course}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("Published %(version)s.") % {"version": version})


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "course", "order"]
    list_filter = ["course"]
    inlines = [LessonInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "module", "order"]
    list_filter = ["module__course"]
    list_select_related = ["module"]
    inlines = [LessonCaptionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "course", "module", "kind", "order"]
    list_filter = ["course"]
    inlines = [ChoiceInline]


@admin.register(CourseVersion)
class CourseVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["course", "number", "published_at", "published_by"]
    allow_delete = True  # a published version is frozen; an unused one may still be removed


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "version", "started_at", "completed_at", "score"]
    list_select_related = ["user", "course", "version__course"]
    readonly_fields = [f.name for f in Enrolment._meta.fields]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "quiz", "number", "score", "passed", "submitted_at"]
    readonly_fields = [f.name for f in Attempt._meta.fields]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["learner_name", "__str__", "version_number", "issued_on", "expires_on", "revoked_at"]
    readonly_fields = [f.name for f in Certificate._meta.fields]


class AuditAdmin(admin.ModelAdmin):
    """Audit rows (taskforce.audit) are shown, never added, changed or deleted, not even by a superuser."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CertificateEvent)
class CertificateEventAdmin(AuditAdmin):
    list_display = ["certificate", "action", "actor", "at"]
    readonly_fields = ["certificate", "action", "actor", "reason", "at"]


@admin.register(AssignmentEvent)
class AssignmentEventAdmin(AuditAdmin):
    list_display = ["assignment_ref", "organization", "action", "actor", "at"]
    list_filter = ["action"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["course", "organization", "audience", "user", "required", "due_on"]

    def save_model(self, request, obj, form, change):  # changes and removals are audited by the services
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            services.assignment_change(assignment=obj, actor=request.user, changes=changes)
        else:
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        services.assignment_delete(assignment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            services.assignment_delete(assignment=assignment, actor=request.user)


@admin.register(LearnerProfile)
class LearnerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "audience"]


@admin.register(OnboardingPolicy)
class OnboardingPolicyAdmin(admin.ModelAdmin):
    """Which organizations take self-registrations, and from which email domains without approval."""

    list_display = ["organization", "self_registration", "email_domains", "others_need_approval"]
    list_filter = ["self_registration"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Made, sent again and revoked by training managers on their pages (the link's token is never stored)."""

    list_display = ["email", "organization", "audience", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["organization"]
    search_fields = ["email", "name"]
    exclude = ["token_hash"]


@admin.register(SignupRequest)
class SignupRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Self-registrations; approved or refused by the organization's training managers on their page."""

    list_display = ["email", "organization", "audience", "state", "created_at", "decided_at"]
    list_filter = ["state", "organization"]
    search_fields = ["email", "name"]
    exclude = ["token_hash", "password_hash"]


from . import scorm_admin  # noqa: E402, F401 -- registers the SCORM package pages (a module of their own)
