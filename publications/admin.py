from django.conf import settings
from django.contrib import admin

from taskforce.admin_base import HTTPS_FOR_LINKS, ReadOnlyAdminMixin, TabularInline
from taskforce.pagination import BoundedPaginator

from .models import (
    Publication,
    RegistryChange,
    RegistryEntry,
    RegistrySource,
    RegistryStep,
    Subscription,
)


class ListCountLimitPaginator(BoundedPaginator):
    """The admin's lists of the registry's big tables count at most LIST_COUNT_LIMIT rows, like every other list
    (taskforce/pagination.py): at a million entries a full COUNT(*) per page view costs more than the page."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True):
        super().__init__(
            object_list,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            limit=settings.LIST_COUNT_LIMIT,
        )


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Shown for reference; every write goes through the workflow pages and their services."""

    formfield_overrides = HTTPS_FOR_LINKS  # the view-only page still builds the form once, to list its fields
    paginator = ListCountLimitPaginator
    show_full_result_count = False  # no second, unfiltered COUNT(*) beside the filtered one


class ChangeInline(ReadOnlyAdminMixin, TabularInline):
    model = RegistryChange
    fields = ["changed_at", "kind", "field", "old_value", "new_value", "reason"]
    readonly_fields = fields
    extra = 0


@admin.register(RegistryEntry)
class RegistryEntryAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "legal_name", "city", "province", "status", "review_on"]
    list_filter = ["status", "province", "industry", "legal_basis"]
    search_fields = ["public_id", "legal_name", "=business_number", "=corporate_registry_number"]
    inlines = [ChangeInline]


@admin.register(RegistryChange)
class RegistryChangeAdmin(ReadOnlyAdmin):
    """The public change log is append-only: nobody edits or deletes a line, not even in the admin."""

    list_display = ["entry", "kind", "field", "changed_at"]
    list_filter = ["kind"]


@admin.register(RegistryStep)
class RegistryStepAdmin(ReadOnlyAdmin):
    list_display = ["entry", "action", "actor", "at"]


@admin.register(RegistrySource)
class RegistrySourceAdmin(ReadOnlyAdmin):
    list_display = ["entry", "title", "sha256", "added_at"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "confirmed_at", "unsubscribed_at"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "confirmation_sent_at", "confirmed_at", "unsubscribed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "language", "published_on"]
    list_filter = ["kind", "language"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
