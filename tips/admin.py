"""Admin: hotlines and routing rules are edited here; tips are handled in the inbox, never in the admin."""

from django.contrib import admin

from taskforce.admin_base import CHECKBOXES_FOR_MANY, HTTPS_FOR_LINKS, ReadOnlyAdminMixin

from .models import AccessLogEntry, Hotline, RoutingRule


@admin.register(Hotline)
class HotlineAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_FOR_LINKS
    list_display = ["name", "phone", "organization", "is_national", "is_active"]
    list_filter = ["is_active", "is_national"]
    search_fields = ["slug"]  # translated texts are JSON columns: no lookups on them


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "province", "city"]
    list_filter = ["kind", "province"]
    formfield_overrides = CHECKBOXES_FOR_MANY


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the access log is append-only."""

    list_display = ["at", "tip_reference", "actor", "action", "detail"]
    list_filter = ["action"]
    search_fields = ["tip_reference"]
