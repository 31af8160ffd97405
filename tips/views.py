"""Public tip pages: report, receipt, follow-up, hotline directory.

The tip pages never touch the session or the messages framework, set no cookie, are never cached, and
keep nothing about the request (see protection.py).
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from taskforce.vocabulary import ExploitationKind, Province

from . import conf, selectors, services
from .forms import KIND_HELP, FollowUpCodeForm, ReceiptSavedForm, ReporterMessageForm, TipForm
from .protection import (
    FormTokenError,
    followup_blocked,
    followup_failed,
    form_token_check,
    form_token_consume,
    form_token_new,
    is_cross_site,
    submission_allowed,
    tip_page,
)
from .uploads import TipMemoryUploadHandler

TOKEN_MESSAGES = {
    "invalid": gettext_lazy("This form could not be checked. Please send it again from this page."),
    "expired": gettext_lazy("This form was open for a long time and expired. Please send it again."),
    "too-fast": gettext_lazy("That was very quick. Please check your answers, then send the form again."),
}


def _hotline_page(request, *, status: int, reason: str):
    """Shown instead of an error when we cannot take a tip online right now: call a hotline instead."""
    context = {"reason": reason, "hotlines": selectors.hotlines_public()}
    return render(request, "tips/call_instead.html", context, status=status)


def _refused(request):
    return _hotline_page(request, status=403, reason="cross-site")


def _token_error(form, purpose: str) -> str | None:
    try:
        form_token_check(form.data.get("form_token", ""), purpose)
    except FormTokenError as exc:
        return str(TOKEN_MESSAGES[exc.reason])
    return None


def _renew_token(form, purpose: str):
    """Give a bound form a fresh token, so the person can correct it and send it again."""
    form.data = form.data.copy()
    form.data["form_token"] = form_token_new(purpose)
    return form


def _report_form_page(request, form, *, status: int = 200, token_error: str | None = None):
    context = {
        "form": form,
        "token_error": token_error,
        "danger_yes": form.is_bound and form.data.get("danger_now") == "yes",
        "hotlines": selectors.hotlines_public(),
        "retention_days": conf.retention_days(),
        "kind_help": [(ExploitationKind(kind).label, text) for kind, text in KIND_HELP.items()],
    }
    return render(request, "tips/report.html", context, status=status)


@tip_page
@require_http_methods(["GET", "POST"])
def report(request):
    if request.method == "GET":
        return _report_form_page(request, TipForm(initial={"form_token": form_token_new("report")}))
    # Uploads stay in memory: no plain-text temporary file ever reaches the disk.
    request.upload_handlers = [TipMemoryUploadHandler(request)]
    if is_cross_site(request):
        return _refused(request)
    if request.POST.get("website"):
        return _hotline_page(request, status=400, reason="trap")
    form = TipForm(request.POST, request.FILES, upload_too_large=getattr(request, "tips_upload_too_large", False))
    token_error = _token_error(form, "report")
    if token_error:
        return _report_form_page(request, _renew_token(form, "report"), status=400, token_error=token_error)
    if not form.is_valid():
        return _report_form_page(request, form, status=400)
    if not submission_allowed(request):
        return _hotline_page(request, status=429, reason="limited")
    if not form_token_consume(form.data["form_token"]):
        return render(request, "tips/already_sent.html", status=409)
    try:
        receipt = services.tip_submit(form_data=form.tip_data(), files=form.cleaned_data["files"], source="web")
    except services.TipError:
        return _hotline_page(request, status=503, reason="unavailable")
    return _receipt_page(request, code=receipt.receipt_code, danger=receipt.tip.danger_now)


def _receipt_context(code: str, tip=None) -> dict:
    """What the receipt shows besides the code: the hotlines the tip went to, the way back."""
    tip = tip or selectors.tip_by_receipt_hash(services.receipt_hash(code))
    return {
        "code": code,
        "receivers": selectors.tip_receivers(tip) if tip else [],
        "follow_up_link": settings.SITE_URL + reverse("tips:follow_up"),
    }


def _receipt_page(request, *, code: str, danger: bool, form=None, status: int = 200, tip=None):
    form = form or ReceiptSavedForm(initial={"code": code, "form_token": form_token_new("receipt")})
    context = {**_receipt_context(code, tip), "danger": danger, "form": form}
    return render(request, "tips/receipt.html", context, status=status)


def _receipt_text(request, tip, code: str):
    text = render_to_string("tips/receipt.txt", _receipt_context(code, tip), request=request)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="receipt.txt"'
    return response


@tip_page
@require_http_methods(["POST"])
def receipt_again(request):
    """The receipt page again, in the language of this address (the language switch), or as a small text file.

    The code comes back in the post and goes out in the answer: nothing is stored, no cookie is set.
    """
    if is_cross_site(request):
        return _refused(request)
    if followup_blocked(request):
        return _hotline_page(request, status=429, reason="limited")
    code = request.POST.get("code", "")
    tip = selectors.tip_by_receipt_hash(services.receipt_hash(code)) if code else None
    if tip is None:
        followup_failed(request)
        error = _("We could not find a tip with this code. Please check it and try again.")
        return _code_page(request, _code_form(), status=400, error=error)
    if request.POST.get("as") == "text":
        return _receipt_text(request, tip, code)
    return _receipt_page(request, code=code, danger=tip.danger_now, tip=tip)


@tip_page
@require_http_methods(["POST"])
def receipt_saved(request):
    """The "I have saved this code" confirmation. Without it, the code is shown again (once more)."""
    if is_cross_site(request):
        return _refused(request)
    if followup_blocked(request):
        return _hotline_page(request, status=429, reason="limited")
    form = ReceiptSavedForm(request.POST)
    tip = selectors.tip_by_receipt_hash(services.receipt_hash(request.POST.get("code", "")))
    if tip is None or _token_error(form, "receipt"):
        followup_failed(request)
        return _hotline_page(request, status=400, reason="bad-receipt")
    if not form.is_valid():
        form = _renew_token(form, "receipt")
        return _receipt_page(request, code=form.data["code"], danger=tip.danger_now, form=form, status=400)
    return render(request, "tips/receipt_saved.html")


def _code_form(data=None):
    return FollowUpCodeForm(data, initial={"form_token": form_token_new("followup")})


def _thread_page(request, tip, *, code: str, form=None, sent: bool = False, status: int = 200):
    form = form or ReporterMessageForm(initial={"code": code, "form_token": form_token_new("followup")})
    context = {
        "tip": tip,
        "thread": selectors.tip_thread(tip, include_notes=False),
        "receivers": selectors.tip_receivers(tip),
        "form": form,
        "sent": sent,
    }
    return render(request, "tips/follow_up_thread.html", context, status=status)


def _code_page(request, form, *, status: int = 200, error: str | None = None):
    return render(request, "tips/follow_up.html", {"form": form, "error": error}, status=status)


@tip_page
@require_http_methods(["GET", "POST"])
def follow_up(request):
    if request.method == "GET":
        return _code_page(request, _code_form())
    if is_cross_site(request):
        return _refused(request)
    if followup_blocked(request):
        return _hotline_page(request, status=429, reason="limited")
    code = request.POST.get("code", "")
    form = ReporterMessageForm(request.POST) if "body" in request.POST else FollowUpCodeForm(request.POST)
    token_error = _token_error(form, "followup")
    if token_error:
        return _code_page(request, _code_form(), status=400, error=token_error)
    tip = selectors.tip_by_receipt_hash(services.receipt_hash(code)) if code else None
    if tip is None:
        followup_failed(request)
        return _code_page(
            request,
            _code_form(),
            status=400,
            error=_("We could not find a tip with this code. Please check it and try again."),
        )
    if "body" not in request.POST:
        return _thread_page(request, tip, code=code)
    if not form.is_valid():
        return _thread_page(request, tip, code=code, form=_renew_token(form, "followup"), status=400)
    services.tip_message_add(tip=tip, actor=None, kind="reporter", body=form.cleaned_data["body"])
    return _thread_page(request, tip, code=code, sent=True)


@tip_page
@require_GET
def hotlines(request):
    province = request.GET.get("province", "")
    need = request.GET.get("need", "")
    province = province if province in Province.values else ""
    need = need if need in ExploitationKind.values else ""
    context = {
        "hotlines": selectors.hotlines_public(province=province or None, need=need or None),
        "provinces": Province.choices,
        "needs": ExploitationKind.choices,
        "province": province,
        "need": need,
    }
    return render(request, "tips/hotlines.html", context)
