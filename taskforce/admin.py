from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from knox.models import AuthToken

from .admin_base import CHECKBOXES_FOR_MANY, HTTPS_FOR_LINKS, ReadOnlyAdminMixin, TabularInline
from .models import Membership, Notification, NotificationAttempt, Organization, User


class MembershipInline(TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's, with its warning as a phrase: Django's help text puts a list inside a paragraph (invalid HTML).
    The element keeps Django's id and class, which its admin script and style show and hide."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Issue 23: a reset here opens nothing. Said before it is done (the handler's key page says it after).
        self.fields["password1"].help_text = format_lazy(
            "<strong>{}</strong> {}",
            _(
                "A tip handler's key to tips is locked with their own password: after this reset they need their "
                "recovery key to read the tips they could read before, and nobody here can open it for them."
            ),
            self.fields["password1"].help_text,
        )

    usable_password_help_text = format_lazy(
        '{} <strong id="id_unusable_warning" class="messagelist">{}</strong>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = PasswordChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("full_name", "preferred_language")}),
        (_("Roles and access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    filter_horizontal = ()
    formfield_overrides = CHECKBOXES_FOR_MANY
    actions = ["send_otp_enrolment", "revoke_api_tokens"]

    @admin.action(description=_("Send an authenticator enrolment link"), permissions=["change"])
    def send_otp_enrolment(self, request, queryset):
        from .accounts.services import otp_enrolment_issue  # noqa: PLC0415 -- accounts imports this module's models
        from .roles import requires_otp  # noqa: PLC0415 -- beside its one use

        sent = 0
        for user in queryset:
            if requires_otp(user) and user.is_active:
                otp_enrolment_issue(user=user, actor=request.user)
                sent += 1
        skipped = queryset.count() - sent
        if sent:
            message = ngettext(
                "Sent %(count)d enrolment link (single use).", "Sent %(count)d enrolment links (single use).", sent
            )
            self.message_user(request, message % {"count": sent}, messages.SUCCESS)
        if skipped:
            message = ngettext(
                "%(count)d account needs no one-time password or is inactive; no link sent.",
                "%(count)d accounts need no one-time password or are inactive; no link sent.",
                skipped,
            )
            self.message_user(request, message % {"count": skipped}, messages.WARNING)

    @admin.action(description=_("Revoke API tokens"), permissions=["change"])
    def revoke_api_tokens(self, request, queryset):
        count, _deleted = AuthToken.objects.filter(user__in=queryset).delete()
        message = ngettext("Revoked %(count)d API token.", "Revoked %(count)d API tokens.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


def _admin_login(request, extra_context=None):
    """The admin has no sign-in form of its own: one door, with its locks, slowdown and one-time password."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), login_url=reverse("accounts:login"))


admin.site.login = _admin_login

# Backup codes and API token digests are never shown in the admin (secrets, or the way to check them): backup
# codes are renewed by their owner, tokens revoked with the action above.
admin.site.unregister(StaticDevice)
admin.site.unregister(AuthToken)

# Django's own group admin, with checkboxes for the permissions instead of its filter widget.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    filter_horizontal = ()
    formfield_overrides = CHECKBOXES_FOR_MANY


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_FOR_LINKS
    list_display = ["__str__", "kind", "is_fictional"]
    list_filter = ["kind"]
    search_fields = ["slug"]  # translated texts are JSON columns: no lookups on them


class NotificationAttemptInline(ReadOnlyAdminMixin, TabularInline):
    model = NotificationAttempt
    extra = 0
    readonly_fields = ["at", "succeeded", "error"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["template", "recipient", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "template"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    inlines = [NotificationAttemptInline]
    allow_delete = True
