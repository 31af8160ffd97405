"""Admin for the action plan. History entries are view-only: nobody may add, change or delete them here.
Status, progress and version change only through updates (the portal's forms, CSV upload or the API)."""

from django.contrib import admin

from taskforce.admin_base import CHECKBOXES_FOR_MANY, ReadOnlyAdminMixin, TabularInline

from .models import (
    ActionItem,
    Evaluation,
    Evidence,
    Indicator,
    IndicatorValue,
    ItemEdit,
    Milestone,
    Plan,
    ProgressReport,
    ReportingPeriod,
    StatusUpdate,
)


class StatusUpdateInline(ReadOnlyAdminMixin, TabularInline):
    model = StatusUpdate
    extra = 0
    fields = ["author_name", *StatusUpdate.PUBLIC_FIELDS]
    readonly_fields = fields


class MilestoneInline(TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_date", "done_on", "is_demo"]


class ReportingPeriodInline(TabularInline):
    model = ReportingPeriod
    extra = 0
    fields = ["name", "start", "end", "due_date", "is_demo"]


class EvaluationInline(TabularInline):
    model = Evaluation
    extra = 0
    fields = ["title", "date", "is_final", "summary", "document_url", "is_demo"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "is_current"]
    inlines = [ReportingPeriodInline, EvaluationInline]  # the monitoring calendar, kept with its plan


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "status", "progress", "lead_organization"]
    list_filter = ["plan", "status", "lead_organization"]
    search_fields = ["slug"]  # translated texts are JSON columns: no lookups on them
    readonly_fields = ["status", "progress", "version", "created_at"]
    formfield_overrides = CHECKBOXES_FOR_MANY
    exclude = ["followers"]
    inlines = [MilestoneInline, StatusUpdateInline]

    def has_delete_permission(self, request, obj=None):
        return False  # an item with history is kept; mark it "Not being pursued" instead

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1  # an open edit form elsewhere must notice this change (optimistic version)
        super().save_model(request, obj, form, change)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["item", "created_at", "organization", "old_status", "new_status", "new_progress", "is_demo"]
    list_filter = ["new_status", "is_demo", "source"]
    readonly_fields = [f.name for f in StatusUpdate._meta.fields]
    actions = None


@admin.register(ItemEdit)
class ItemEditAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["item", "at", "actor"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "item", "added_at"]
    readonly_fields = [f.name for f in Evidence._meta.fields]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["plan", "as_of", "generated_at"]
    readonly_fields = [f.name for f in ProgressReport._meta.fields]
    actions = None


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Indicators are added on the item's staff page (audited, checked against their unit); here they are read,
    and their wording, order and visibility corrected."""

    list_display = ["__str__", "item", "unit", "is_public"]
    list_filter = ["unit", "is_public"]
    readonly_fields = ["item", "slug", "unit", "baseline_value", "baseline_date", "target_value", "target_date"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["indicator", "period_start", "period_end", "value", "status", "organization", "created_at"]
    list_filter = ["status"]
