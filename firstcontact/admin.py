from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from taskforce.admin_base import ReadOnlyAdminMixin

from . import services
from .models import Assessment, AssessmentVersion, Guidance, Question, RightsPage


class FrozenWhenPublished:
    """A published or retired version is frozen: its questions and guidance can be read, not changed."""

    def _frozen(self, obj) -> bool:
        version = obj if isinstance(obj, AssessmentVersion) else getattr(obj, "version", None)
        return bool(version and version.is_frozen)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(obj)


class FrozenInline(FrozenWhenPublished):
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._frozen(obj)


class QuestionInline(FrozenInline, admin.StackedInline):
    model = Question
    extra = 0
    fields = [
        ("key", "area", "order", "weight", "points_to", "signal"),
        "text",
        "help",
        "source",
    ]


class GuidanceInline(FrozenInline, admin.StackedInline):
    model = Guidance
    extra = 0
    fields = [("topic", "level", "order"), "heading", "body"]


@admin.register(AssessmentVersion)
class AssessmentVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "status", "published_at", "created_at"]
    readonly_fields = ["status", "published_at", "created_at"]
    inlines = [QuestionInline, GuidanceInline]
    actions = ["publish", "copy_to_draft"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_frozen)

    @admin.action(description=_("Publish the selected draft (freezes it)"))
    def publish(self, request, queryset):
        for version in queryset:
            try:
                services.version_publish(version=version)
            except ValidationError as exc:
                self.message_user(request, f"v{version.number}: {exc.messages[0]}", messages.ERROR)
            else:
                self.message_user(request, _("Version %(n)s published.") % {"n": version.number})

    @admin.action(description=_("Copy the selected version to a new draft"))
    def copy_to_draft(self, request, queryset):
        for version in queryset:
            draft = services.version_copy(version=version)
            self.message_user(request, _("Draft version %(n)s created.") % {"n": draft.number})


@admin.register(Question)
class QuestionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["__str__", "version", "area", "weight", "source"]
    list_filter = ["version", "area"]
    search_fields = ["key", "source"]  # translated texts are JSON columns: no lookups on them


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: counts and levels only; answers are the provider's."""

    list_display = ["id", "created_at", "province", "kind", "level", "version"]
    list_filter = ["province", "kind", "level"]
    fields = ["version", "created_at", "province", "kind", "level", "score", "is_minor", "danger_now", "full_done"]
    readonly_fields = fields
    allow_delete = True


@admin.register(RightsPage)
class RightsPageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "order", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["slug"]
