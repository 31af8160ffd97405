"""The tip handlers' inbox. Every view of a tip and every change writes the tip's access log."""

import base64
import binascii
import functools
import logging
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce import roles
from taskforce.accounts.lockout import signin_wait_seconds, username_normalize
from taskforce.csv import csv_writer
from taskforce.forms import filter_selects
from taskforce.language import reporter_language
from taskforce.links import id_url_parts
from taskforce.net import client_ip
from taskforce.pagination import keyset_edge, page_of, query_without_page
from taskforce.vocabulary import ExploitationKind, Province, labels

from . import conf, keyring, reminders, sealing, selectors, services, stats
from .access import (
    hotline_for_statistics,
    hotlines_coordinated_or_403,
    hotlines_for_key_access,
    hotlines_for_statistics,
    require_hotline_coordinator,
    require_tip_handler,
    tip_for_user,
)
from .charts import counts_chart
from .crypto import InvalidToken
from .forms import (
    AssignForm,
    GrantForm,
    HandlerMessageForm,
    InboxFilterForm,
    KeyPasswordForm,
    KeyRecoverForm,
    KeyStartOverForm,
    LabelForm,
    RecoverySavedForm,
    ReminderForm,
    RerouteForm,
    StatisticsForm,
    StatusForm,
    TipLabelsForm,
)
from .models import HandlerKey, Hotline, HotlineLabel, Tip, TipFile

logger = logging.getLogger(__name__)


def _readable_with_current_keys(view):
    """A tip the handler's key does not open (issue 23): their key's page when their session holds no key (signed
    in before, or their password was reset), else a page saying who can grant them access (403).

    A tip from before issue 23 stored with a key no longer in FIELD_ENCRYPTION_KEYS: a clear page for the handler
    and one log line for the operator (no content, no traceback), instead of a server error. `check --database
    default` names the missing key (tips.E002)."""

    @functools.wraps(view)
    def wrapper(request, tip_id: int, **kwargs):
        try:
            return view(request, tip_id, **kwargs)
        except sealing.TipLocked:
            if keyring.session_private(request) is None:
                return redirect_to_key_page(request)
            return render(request, "tips/staff/tip_locked.html", status=403)
        except InvalidToken:
            logger.error(
                "Tip %s cannot be decrypted with the keys in FIELD_ENCRYPTION_KEYS; run `manage.py check "
                "--database default` to see which data needs a missing key.",
                tip_id,
            )
            return render(request, "tips/staff/tip_unreadable.html", status=503)

    return wrapper


def redirect_to_key_page(request):
    return redirect(f"{reverse('tips:key')}?{urlencode({'next': request.get_full_path()})}")


def tip_opened(request, tip):
    """The tip opened with the handler's key, in this request only (sealing.TipLocked when it does not open)."""
    opened = sealing.tip_open_for_handler(tip, request.user, keyring.session_private(request))
    sealing.reporter_grant_pending(opened)
    return opened


def _my_hotlines(user, tip):
    org_ids = roles.user_organization_ids(user)
    return Hotline.objects.filter(
        organization_id__in=org_ids, deliveries__tip=tip, deliveries__state__in=selectors.LIVE_DELIVERY_STATES
    ).distinct()


_INBOX_FILTERS = ("status", "kind", "province")


@never_cache
@login_required
@require_GET
def inbox(request):
    """The handler's tips, urgent unopened ones first, then the newest, a page at a time by keyset (`after` or
    `before` a tip, see selectors.InboxCursor): its cost does not grow with the number of tips."""
    require_tip_handler(request.user)
    filters = InboxFilterForm(request.GET or None)
    context = {"filter_fields": _inbox_filter_fields(filters), "query": query_without_page(request)}
    if filters.is_bound and not filters.is_valid():  # a stale or mistyped filter must not look like a filtered list
        context.update(query="", bad_link=_("This link filters the inbox by a value it does not offer."))
        return render(request, "tips/staff/inbox.html", context, status=400)
    cleaned = filters.cleaned_data if filters.is_bound else {}
    try:
        edge = keyset_edge(request, selectors.InboxCursor.parse)
    except ValueError:
        context["bad_link"] = _("This link to a page of the inbox is not valid. The newest tips are on the first page.")
        return render(request, "tips/staff/inbox.html", context, status=400)
    tips = selectors.tips_inbox(user=request.user, **{name: cleaned.get(name, "") for name in _INBOX_FILTERS})
    limit = conf.inbox_count_limit()
    page = selectors.inbox_page(tips, size=conf.inbox_page_size(), count_limit=limit, **edge)
    context.update(
        rows=_inbox_rows(page.tips),
        newer=page.newer,
        older=page.older,
        count=min(page.count, limit),
        truncated=page.count > limit,
    )
    return render(request, "tips/staff/inbox.html", context)


def _inbox_filter_fields(filters) -> list[dict]:
    """The inbox's filters, their choices in the reader's language (translated once per process)."""
    choices = {
        name: labels(("tips inbox filter", name), filters.fields[name].choices).items() for name in _INBOX_FILTERS
    }
    return filter_selects(filters, _INBOX_FILTERS, choices=choices)


def _inbox_rows(tips) -> list[dict]:
    """What the list shows of each tip, worked out once for the page instead of by a `{% url %}`, a date format,
    three choice lookups and a loop over its hotlines per row in the template."""
    head, tail = id_url_parts("tips:tip_detail")
    kinds, provinces, statuses = labels(ExploitationKind), labels(Province), labels(Tip.Status)
    hotlines = selectors.tips_hotline_names(tips)
    return [
        {
            "url": f"{head}{tip.id}{tail}",
            "reference": tip.reference,
            "urgent": tip.urgent_waiting,
            "danger_now": tip.danger_now,
            "unread": tip.unread,
            "received": timezone.localtime(tip.created_at).strftime("%Y-%m-%d %H:%M"),
            "kind": kinds.get(tip.kind, tip.kind),
            "province": provinces.get(tip.province, tip.province),
            "status": statuses.get(tip.status, tip.status),
            "assignee": str(tip.assigned_to) if tip.assigned_to_id else "",
            "hotlines": ", ".join(hotlines[tip.id]),
            "language": reporter_language(tip.language),
        }
        for tip in tips
    ]


@never_cache
@login_required
@require_GET
@_readable_with_current_keys
def tip_detail(request, tip_id: int):
    tip = tip_for_user(request.user, tip_id)
    context = _detail_context(request, tip)  # opens the tip first: one the handler cannot open is not "viewed"
    services.tip_record_view(tip=tip, actor=request.user)
    return render(request, "tips/staff/tip_detail.html", context)


def _detail_context(request, tip, refused=None) -> dict:
    """The tip page; `refused`, a form the handler sent that was refused, takes its blank twin's place so that what
    they typed comes back with the message (never lost to a redirect)."""
    opened = tip_opened(request, tip)
    available = services.tip_labels_available(tip, request.user)
    labels = list(tip.labels.filter(id__in=available.values("id")).order_by("name"))
    reminders_shown = [
        sealing.Shown(reminder, reason=opened.reminder_reason(reminder))
        for reminder in selectors.tip_reminders_for(request.user, tip)
    ]
    context = {
        "tip": tip,
        "opened": opened,
        "reporter_language": reporter_language(tip.language),
        "thread": opened.thread(selectors.tip_thread(tip, include_notes=True)),
        "files": tip.files.all(),
        "deliveries": tip.deliveries.select_related("hotline"),
        "log": selectors.tip_log(request.user, tip),
        "status_form": StatusForm(
            initial={"status": tip.status, "close_reason": tip.close_reason, "close_note": opened.close_note}
        ),
        "assign_form": AssignForm(
            initial={"assignee": tip.assigned_to_id}, handlers=services.tip_assignable_handlers(tip)
        ),
        "labels_form": TipLabelsForm(initial={"labels": labels}, available=available),
        "labels": labels,
        "may_label": available.exists(),
        "reply_form": HandlerMessageForm(prefix="reply"),
        "note_form": HandlerMessageForm(prefix="note"),
        "reroute_form": RerouteForm(mine=_my_hotlines(request.user, tip)),
        "reminder_form": ReminderForm(prefix="reminder"),
        "reminders": reminders_shown,
    }
    if refused is not None:
        context[_REFUSED_FORM_NAMES.get(refused.prefix) or _REFUSED_FORM_NAMES[type(refused)]] = refused
    return context


_REFUSED_FORM_NAMES = {
    "reply": "reply_form",
    "note": "note_form",
    "reminder": "reminder_form",
    StatusForm: "status_form",
    AssignForm: "assign_form",
    TipLabelsForm: "labels_form",
    RerouteForm: "reroute_form",
}


def _done(request, tip, text: str):
    messages.success(request, text)
    return redirect("tips:tip_detail", tip_id=tip.id)


def _invalid(request, tip, form, message: str = ""):
    """A refused form: the tip page again (400), the form filled in as sent, its errors beside its fields, and a
    message at the top. `message`, a service's refusal, is added to the form's errors."""
    if message:
        form.add_error(None, message)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return render(request, "tips/staff/tip_detail.html", _detail_context(request, tip, refused=form), status=400)


@login_required
@require_POST
@_readable_with_current_keys
def tip_status(request, tip_id: int):
    tip = tip_for_user(request.user, tip_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tip, form)
    services.tip_set_status(
        tip=tip,
        actor=request.user,
        status=form.cleaned_data["status"],
        close_reason=form.cleaned_data["close_reason"],
        close_note=form.cleaned_data["close_note"],
    )
    return _done(request, tip, _("Status updated."))


@login_required
@require_POST
@_readable_with_current_keys
def tip_assign(request, tip_id: int):
    tip = tip_for_user(request.user, tip_id)
    form = AssignForm(request.POST, handlers=services.tip_assignable_handlers(tip))
    if not form.is_valid():
        return _invalid(request, tip, form)
    try:
        services.tip_assign(tip=tip, actor=request.user, assignee=form.cleaned_data["assignee"])
    except services.TipError as exc:
        return _invalid(request, tip, form, str(exc))
    return _done(request, tip, _("Assignment updated."))


@login_required
@require_POST
@_readable_with_current_keys
def tip_message(request, tip_id: int, kind: str):
    tip = tip_for_user(request.user, tip_id)
    form = HandlerMessageForm(request.POST, prefix=kind)
    if not form.is_valid():
        return _invalid(request, tip, form)
    services.tip_message_add(tip=tip, actor=request.user, kind=kind, body=form.cleaned_data["body"])
    return _done(request, tip, _("Reply sent to the reporter.") if kind == "reply" else _("Note added."))


@login_required
@require_POST
@_readable_with_current_keys
def tip_reroute(request, tip_id: int):
    tip = tip_for_user(request.user, tip_id)
    form = RerouteForm(request.POST, mine=_my_hotlines(request.user, tip))
    if not form.is_valid():
        return _invalid(request, tip, form)
    opened = tip_opened(request, tip)  # the tip's key is sealed to the new hotline's readers in this request
    try:
        services.tip_reroute(
            tip=tip,
            actor=request.user,
            from_hotline=form.cleaned_data["from_hotline"],
            to_hotline=form.cleaned_data["to_hotline"],
            tip_private=opened.private,
        )
    except services.TipError as exc:
        return _invalid(request, tip, form, str(exc))
    messages.success(request, _("The tip was sent to %(hotline)s.") % {"hotline": form.cleaned_data["to_hotline"]})
    if selectors.tips_visible_to(request.user).filter(id=tip.id).exists():
        return redirect("tips:tip_detail", tip_id=tip.id)
    return redirect("tips:inbox")


@never_cache
@login_required
@require_GET
@_readable_with_current_keys
def tip_file(request, tip_id: int, file_id: int):
    tip = tip_for_user(request.user, tip_id)
    tip_file = get_object_or_404(TipFile, id=file_id, tip=tip)
    opened = tip_opened(request, tip)
    with default_storage.open(tip_file.storage_name, "rb") as handle:
        data = opened.file_bytes(tip_file, handle.read())
    services.tip_record_view(tip=tip, actor=request.user, file=tip_file)
    response = HttpResponse(data, content_type=tip_file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{tip.reference}-{tip_file.id}.{tip_file.extension}"'
    return response


# ----- reminders and stale tips (tips/reminders.py) ----------------------------------------------------------


@login_required
@require_POST
@_readable_with_current_keys
def tip_reminder(request, tip_id: int):
    tip = tip_for_user(request.user, tip_id)
    form = ReminderForm(request.POST, prefix="reminder")
    if not form.is_valid():
        return _invalid(request, tip, form)
    try:
        reminders.reminder_set(
            tip=tip, actor=request.user, remind_on=form.cleaned_data["remind_on"], reason=form.cleaned_data["reason"]
        )
    except reminders.ReminderError as exc:
        return _invalid(request, tip, form, str(exc))
    return _done(request, tip, _("Reminder set for %(date)s.") % {"date": form.cleaned_data["remind_on"]})


# ----- statistics (issue 17): per hotline and period, from metadata only ---------------------------------------


def _statistics_request(request):
    """The hotline (checked at the door), the hotlines to choose from, and the period form."""
    hotline = hotline_for_statistics(request.user, request.GET.get("hotline", ""))
    hotlines = list(hotlines_for_statistics(request.user).order_by("-is_national", "name"))
    data = request.GET.copy()
    data["hotline"] = hotline.slug
    if not (data.get("period") or data.get("start") or data.get("end")):
        data["period"] = "30"  # the default, shown as chosen in the form
    return hotline, StatisticsForm(data, hotlines=hotlines)


@never_cache
@login_required
@require_GET
def stale(request):
    require_tip_handler(request.user)
    days = conf.stale_days()
    tips = selectors.tips_stale(user=request.user, days=days)
    page = page_of(request, tips, per_page=conf.inbox_page_size(), limit=conf.inbox_count_limit())
    return render(
        request, "tips/staff/stale.html", {"page_obj": page, "query": query_without_page(request), "days": days}
    )


@never_cache
@login_required
@require_GET
def statistics_page(request):
    hotline, form = _statistics_request(request)
    context = {"hotline": hotline, "form": form}
    if not form.is_valid():
        return render(request, "tips/staff/statistics.html", context, status=400)
    period = form.cleaned_data["range"]
    figures = stats.hotline_statistics(hotline=hotline, period=period)
    csv_query = urlencode({"hotline": hotline.slug, "period": "custom", "start": period.start, "end": period.end})
    waits = [
        {**wait, "median_text": stats.wait_text(wait["median"]), "p90_text": stats.wait_text(wait["p90"])}
        for wait in figures.waits()
    ]
    tables = [
        {**table, "chart": counts_chart(table["key"], table["title"], table["rows"])} for table in figures.tables()
    ]
    context.update({"figures": figures, "tables": tables, "waits": waits, "csv_query": csv_query})
    return render(request, "tips/staff/statistics.html", context)


@never_cache
@login_required
@require_GET
def statistics_csv(request):
    hotline, form = _statistics_request(request)
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        return HttpResponse("\n".join(errors), status=400, content_type="text/plain; charset=utf-8")
    period = form.cleaned_data["range"]
    figures = stats.hotline_statistics(hotline=hotline, period=period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="statistics-{hotline.slug}-{period.start}-{period.end}.csv"'
    )
    writer = csv_writer(response)
    writer.writerow([_("Table"), _("Item"), _("Value")])
    writer.writerows(figures.csv_rows())
    return response


# ----- case handling (issue 17): a tip's labels, a hotline's labels ----------------------------------------


@login_required
@require_POST
@_readable_with_current_keys
def tip_labels(request, tip_id: int):
    tip = tip_for_user(request.user, tip_id)
    form = TipLabelsForm(request.POST, available=services.tip_labels_available(tip, request.user))
    if not form.is_valid():
        return _invalid(request, tip, form)
    services.tip_labels_set(tip=tip, actor=request.user, labels=form.cleaned_data["labels"])
    return _done(request, tip, _("Labels updated."))


def _coordinated_hotline(user, slug: str) -> Hotline:
    hotline = get_object_or_404(Hotline, slug=slug)
    require_hotline_coordinator(user, hotline)
    return hotline


def _labels_page(request, hotline, form, *, status: int = 200):
    context = {"hotline": hotline, "labels": hotline.labels.order_by("name"), "form": form}
    return render(request, "tips/staff/hotline_labels.html", context, status=status)


def _label_named(request, hotline, save):
    """Read the label's name and save it; the page again with the reason (400) when refused, else None."""
    form = LabelForm(request.POST)
    if form.is_valid():
        try:
            save(form.cleaned_data["name"])
        except services.TipError as exc:
            form.add_error("name", str(exc))
    return None if form.is_valid() else _labels_page(request, hotline, form, status=400)


def _labels_done(request, hotline, text: str):
    messages.success(request, text)
    return redirect("tips:hotline_labels", slug=hotline.slug)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def hotline_labels(request, slug: str):
    """A hotline coordinator's list of the hotline's labels, and the form that adds one."""
    hotline = _coordinated_hotline(request.user, slug)
    if request.method == "GET":
        return _labels_page(request, hotline, LabelForm())
    return _label_named(
        request, hotline, lambda name: services.label_create(hotline=hotline, actor=request.user, name=name)
    ) or _labels_done(request, hotline, _("Label added."))


@login_required
@require_POST
def hotline_label_change(request, slug: str, label_id: int, action: str):
    """Rename or delete one of the hotline's labels (a label of another hotline: 404)."""
    hotline = _coordinated_hotline(request.user, slug)
    label = get_object_or_404(HotlineLabel, id=label_id, hotline=hotline)
    if action == "delete":
        services.label_delete(label=label, actor=request.user)
        return _labels_done(request, hotline, _("Label deleted."))
    return _label_named(
        request, hotline, lambda name: services.label_rename(label=label, actor=request.user, name=name)
    ) or _labels_done(request, hotline, _("Label renamed."))


@never_cache
@login_required
@require_GET
def hotlines_coordinated(request):
    """The hotlines a hotline coordinator runs, each with its labels page (nobody else has any: 403)."""
    hotlines = hotlines_coordinated_or_403(request.user)
    return render(request, "tips/staff/hotlines_coordinated.html", {"hotlines": hotlines})


# ----- a handler's key (issue 23): open it, recover it, start over, save the recovery key, give access -------
# Every page here is the handler's own: a recovery key is kept nowhere but in their session, wrapped with the
# secret only their browser holds, until shown once.


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def _after_key(request):
    if keyring.recovery_to_show(request):
        return redirect("tips:key_recovery")
    return redirect(_next(request) or "tips:inbox")


@never_cache
@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def key(request):
    """Your key: open it for this session with your password; or, when your password no longer opens it (reset by
    someone else), open it with your recovery key or start a new one; or, without a key yet, make your first."""
    require_tip_handler(request.user)
    user = request.user
    has_key = HandlerKey.objects.filter(user=user).exists()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        "unlock": KeyPasswordForm(request.POST if action == "unlock" else None, prefix="unlock"),
        "recover": KeyRecoverForm(request.POST if action == "recover" else None, prefix="recover"),
        "start_over": KeyStartOverForm(request.POST if action == "start_over" else None, prefix="start"),
        "renew": KeyPasswordForm(request.POST if action == "renew" else None, prefix="renew"),
    }
    status = 200
    if action in forms and forms[action].is_valid():
        done = _key_action(request, action, forms[action])
        if done is not None:
            return done
        status = getattr(request, "key_refused", 400)
    elif action:
        status = 400
    context = {
        **forms,
        "has_key": has_key,
        "open": keyring.session_private(request) is not None,
        "locked": keyring.is_locked(request),
        "recovery_saved": HandlerKey.objects.filter(user=user, recovery_saved_at__isnull=False).exists(),
        "next": _next(request),
    }
    return render(request, "tips/staff/key.html", context, status=status)


def _password_checked(request, form, password: str) -> bool:
    """The password, checked as the sign-in page checks it: a wrong one counts towards the same lock-out (django-axes
    and the slowdown), so a stolen session cannot be used to guess it here instead."""
    credentials = {settings.AXES_USERNAME_FORM_FIELD: request.user.email}
    waiting = signin_wait_seconds(username=username_normalize(request.user.email), address=client_ip(request))
    if AxesProxyHandler.is_locked(request, credentials) or waiting:
        form.add_error("password", _("Too many wrong passwords. Wait a while, then try again."))
        request.key_refused = 429
        return False
    if request.user.check_password(password):
        return True
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    form.add_error("password", _("This is not your password."))
    return False


def _key_action(request, action: str, form):
    user, data = request.user, form.cleaned_data
    if not _password_checked(request, form, data["password"]):
        return None
    if action == "unlock":
        private = keyring.key_open_with_password(user, data["password"])
        if private is None and HandlerKey.objects.filter(user=user).exists():
            request.session[keyring.LOCKED_SESSION_KEY] = True
            form.add_error(None, _("Your password was reset since your key was made, so it no longer opens it."))
            return None
        if private is None:  # no key yet: the first one
            private, recovery = keyring.key_create(user, data["password"])
            keyring.session_install(request, private)
            keyring.recovery_show_later(request, recovery)
            return _after_key(request)
        keyring.session_install(request, private)
        return _after_key(request)
    if action == "recover":
        try:
            private = keyring.key_recover(user, recovery=data["recovery"], password=data["password"])
        except keyring.KeyError_:
            form.add_error("recovery", _("This recovery key does not open your key."))
            return None
        keyring.session_install(request, private)
        messages.success(request, _("Your key is open again: you can read the tips you could read before."))
        return _after_key(request)
    if action == "start_over":
        private, recovery = keyring.key_create(user, data["password"])
        keyring.session_install(request, private)
        keyring.recovery_show_later(request, recovery)
        messages.warning(
            request,
            _(
                "You have a new key. The tips you could open before stay closed to you until a colleague gives you "
                "access again."
            ),
        )
        return _after_key(request)
    private = keyring.session_private(request)  # renew: a new recovery key for the key open in this session
    if private is None:
        form.add_error(None, _("Open your key first."))
        return None
    keyring.recovery_show_later(request, keyring.recovery_renew(user, private))
    return redirect("tips:key_recovery")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def key_recovery(request):
    """The new recovery key, shown until the handler says they saved it; then it is gone from the session."""
    require_tip_handler(request.user)
    recovery = keyring.recovery_to_show(request)
    if not recovery:
        return redirect("tips:key")
    form = RecoverySavedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session.pop(keyring.RECOVERY_SESSION_KEY, None)
        keyring.recovery_saved(request.user)
        messages.success(request, _("Your recovery key is saved. It is not shown again."))
        return redirect("tips:inbox")
    status = 400 if request.method == "POST" else 200
    return render(request, "tips/staff/key_recovery.html", {"recovery": recovery, "form": form}, status=status)


@never_cache
@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def key_access(request):
    """Who can read our tips: per hotline of the handler (or coordinator), its handlers and how many of its open
    tips each cannot open; a handler gives a colleague access with their own key, a coordinator with the escrow key."""
    handled, coordinated = hotlines_for_key_access(request.user)
    hotlines = {h.id: h for h in handled + coordinated}
    status = 200
    if request.method == "POST":
        form = GrantForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose whom to give access to."))
            status = 400
        else:
            hotline = get_object_or_404(Hotline, id=form.cleaned_data["hotline"], id__in=list(hotlines))
            status = _grant(request, form, hotline, handled=hotline in handled)
            if status == 302:  # noqa: PLR2004
                return redirect("tips:key_access")
    rows = [
        {
            "hotline": hotline,
            "people": sealing.access_missing(hotline),
            "may_grant": hotline in handled and keyring.session_private(request) is not None,
            "escrow": bool(hotline.escrow_public_key) and hotline in coordinated,
        }
        for hotline in sorted(hotlines.values(), key=lambda h: str(h.name))
    ]
    return render(request, "tips/staff/key_access.html", {"rows": rows}, status=status)


def _grant(request, form, hotline, *, handled: bool) -> int:
    colleague = sealing.keyed_handlers(hotline).filter(user_id=form.cleaned_data["user"]).first()
    escrow_text = form.cleaned_data["escrow_key"]
    try:
        if colleague is None:
            raise sealing.GrantError
        if escrow_text:
            require_hotline_coordinator(request.user, hotline)
            count = sealing.grant_by_escrow(
                actor=request.user, escrow_private=_escrow_bytes(escrow_text), hotline=hotline, user=colleague.user
            )
        else:
            private = keyring.session_private(request)
            if not handled or private is None:
                raise sealing.GrantError
            count = sealing.grant_by_colleague(
                granter=request.user, granter_private=private, hotline=hotline, user=colleague.user
            )
    except sealing.GrantError:
        messages.error(
            request,
            _("Access could not be given: check the person, and that your key (or the escrow key) is the hotline's."),
        )
        return 400
    messages.success(
        request,
        _("%(person)s can now open %(count)s more tips of %(hotline)s.")
        % {"person": colleague.user, "count": count, "hotline": hotline.name},
    )
    return 302


def _escrow_bytes(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise sealing.GrantError from None
    if len(raw) != 32:  # noqa: PLR2004 -- an X25519 private key
        raise sealing.GrantError
    return raw
