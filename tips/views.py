"""Public tip pages: report, receipt, follow-up, hotline directory.

The tip pages never touch the session or the messages framework, set no cookie, are never cached, and
keep nothing about the request (see protection.py).
"""

import logging

from django.db import DatabaseError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from taskforce.downloads import file_response
from taskforce.links import absolute_url
from taskforce.middleware import is_database_unavailable
from taskforce.vocabulary import ExploitationKind, Province

from . import conf, pow, sealing, selectors, services
from .forms import KIND_HELP, FollowUpCodeForm, ReceiptSavedForm, ReporterMessageForm, TipForm
from .models import Tip
from .protection import (
    FormTokenError,
    busy,
    followup_blocked,
    followup_failed,
    form_token_check,
    form_token_new,
    form_token_receipt_wait,
    form_token_sending,
    form_token_sent,
    form_token_use,
    is_cross_site,
    submission_allowed,
    tip_accepted,
    tip_page,
)
from .uploads import TipMemoryUploadHandler

log = logging.getLogger(__name__)

TOKEN_MESSAGES = {
    "invalid": gettext_lazy("This form could not be checked. Please send it again from this page."),
    "expired": gettext_lazy("This form was open for a long time and expired. Please send it again."),
    "too-fast": gettext_lazy("That was very quick. Please check your answers, then send the form again."),
}

CODE_UNKNOWN = gettext_lazy("We could not find a tip with this code. Please check it and try again.")
FOLLOWUP_LIMITED = gettext_lazy(
    "Too many receipt codes were tried from your connection in the last hour. If you have just sent a tip, it was "
    "taken: keep the code you were shown, and come back with it later."
)

# Why a report was not taken this time. The form always comes back filled in, with these words and the hotlines.
REFUSALS = {
    "limited": gettext_lazy(
        "We received too many reports from your connection in the last hour, so we did not take this one. Your "
        "answers are kept below: call a hotline now, or send the form again later."
    ),
    "busy": gettext_lazy(
        "We are receiving many reports right now. Please wait half a minute, then send the form again: your "
        "answers are kept below. You can also call a hotline."
    ),
    "reused": gettext_lazy(
        "This form was already sent once. If you were shown a receipt code, your tip was taken: do not send it "
        "again. If not, check your answers below and send the form again."
    ),
    "unavailable": gettext_lazy(
        "We could not save your tip just now. Your answers are kept below: please send the form again in a few "
        "minutes, or call a hotline."
    ),
    "files": gettext_lazy(
        "We could not store your files just now, so we did not take your tip. Your answers are kept below: choose "
        "your files again and send the form in a few minutes, send it without the files, or call a hotline."
    ),
}


def _hotline_page(request, *, status: int, reason: str):
    """Shown instead of an error when we cannot take a tip online right now: call a hotline instead."""
    context = {"reason": reason, "hotlines": selectors.hotlines_public()}
    return render(request, "tips/call_instead.html", context, status=status)


def _refused(request):
    return _hotline_page(request, status=403, reason="cross-site")


def _token_problem(form, purpose: str, *, min_fill: int | None = None) -> str | None:
    """None, or "invalid", "expired" or "too-fast"."""
    try:
        form_token_check(form.data.get("form_token", ""), purpose, min_fill=min_fill)
    except FormTokenError as exc:
        return exc.reason
    return None


def _token_error(form, purpose: str, *, min_fill: int | None = None) -> str | None:
    problem = _token_problem(form, purpose, min_fill=min_fill)
    return str(TOKEN_MESSAGES[problem]) if problem else None


def _renew_token(form, purpose: str):
    """Give a bound form a fresh token, so the person can correct it and send it again."""
    form.data = form.data.copy()
    form.data["form_token"] = form_token_new(purpose)
    return form


def _hotlines_or_none():
    """The hotlines, or None when the database cannot be read (the page still shows the national hotline)."""
    try:
        return list(selectors.hotlines_public())
    except DatabaseError as exc:
        if is_database_unavailable(exc):
            return None
        raise


def _hotlines_for_reporter(form):
    """The hotlines that serve the province and kind the form names (the same routing as the assessment's result),
    or the national line when they are not valid; None when the database cannot be read."""
    province, kind = form.data.get("province", ""), form.data.get("kind", "")
    kinds = [kind] if kind in ExploitationKind.values else []
    try:
        if province in Province.values:
            return selectors.hotlines_for_province(province=province, kinds=kinds, city=form.data.get("city", ""))
        return [hotline for hotline in selectors.hotlines_public() if hotline.is_national]
    except DatabaseError as exc:
        if is_database_unavailable(exc):
            return None
        raise


def _report_form_page(request, form, *, status: int = 200, token_error: str | None = None, refusal: str = ""):
    context = {
        "form": form,
        "token_error": token_error,
        "refusal": refusal,
        "danger_yes": form.is_bound and form.data.get("danger_now") == "yes",
        "hotlines": _hotlines_for_reporter(form) if refusal else _hotlines_or_none(),
        "retention_days": conf.retention_days(),
        "kind_help": [(ExploitationKind(kind).label, text) for kind, text in KIND_HELP.items()],
        "pow_challenge": pow.challenge_new("report", busy=busy()),
        "pow_strings": pow.widget_strings(),
        "max_files": conf.max_files(),
        "mb": conf.max_file_bytes() // 2**20,
    }
    return render(request, "tips/report.html", context, status=status)


def report_refused(request, form, *, reason: str = "", status: int, message: str = ""):
    """The one way a report is turned down: the form comes back filled in (files have to be chosen again), with
    a fresh token, the reason (one of REFUSALS, or `message`) and the hotlines; never cached, no cookie."""
    form = _renew_token(form, "report")
    return _report_form_page(request, form, status=status, refusal=message or str(REFUSALS[reason]))


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
    token = form.data.get("form_token", "")
    solved = pow.challenge_solved(request.POST.get(pow.FIELD, ""), "report")
    slow = busy() and not solved
    problem = _token_problem(form, "report", min_fill=conf.busy_min_fill_seconds() if slow else None)
    if problem == "invalid":
        return report_refused(request, form, status=400, message=str(TOKEN_MESSAGES[problem]))
    used_before = form_token_use(token)  # spent whatever the answer: a refused form cannot be replayed
    if used_before in ("sent", "sending"):
        return _sent_again(request, form, token)
    if used_before:
        return report_refused(request, form, reason="reused", status=409)
    if problem == "too-fast" and slow:
        return report_refused(request, form, reason="busy", status=429)
    if problem:
        return report_refused(request, form, status=400, message=str(TOKEN_MESSAGES[problem]))
    if not form.is_valid():
        return _report_form_page(request, _renew_token(form, "report"), status=400)
    if not submission_allowed(request, solved=solved):
        return report_refused(request, form, reason="limited", status=429)
    form_token_sending(token)
    try:
        receipt = services.tip_submit(
            form_data=form.tip_data(),
            files=form.cleaned_data["files"],
            source="web",
            language=translation.get_language() or "",
        )
    except Exception as exc:
        form_token_sending(token, sending=False)  # a second click waiting for this one stops waiting
        if isinstance(exc, services.FilesUnavailable):
            return report_refused(request, form, reason="files", status=503)
        if isinstance(exc, services.TipError) or (isinstance(exc, DatabaseError) and is_database_unavailable(exc)):
            return report_refused(request, form, reason="unavailable", status=503)
        raise
    form_token_sent(token, code=receipt.receipt_code)
    _count_accepted()
    return _receipt_page(request, code=receipt.receipt_code, danger=receipt.tip.danger_now, tip=receipt.tip)


def _sent_again(request, form, token: str):
    """The same form sent twice (a double click without JavaScript): the receipt of the tip that was taken, while
    it is kept (waiting a little when the first is still being saved); the tip is not filed twice."""
    code = form_token_receipt_wait(token)
    tip = selectors.tip_by_receipt_hash(services.receipt_hash(code)) if code else None
    # The first sending was refused after all ("tried"), or is still marked "sending" when the wait is over: the
    # machine saving it died (several web machines) or it is very slow. Either way no receipt can be shown, so the
    # form comes back filled in: a tip sent twice is better than a tip lost.
    if tip is None and form_token_use(token) in ("tried", "sending"):
        return report_refused(request, form, reason="reused", status=409)
    if tip is None:
        return render(request, "tips/already_sent.html", status=409)
    return _receipt_page(request, code=code, danger=tip.danger_now, tip=tip)


def _count_accepted() -> None:
    """Count the accepted tip; the first time in a window that the level is reached, tell the coordinators. The tip
    is taken already: nothing here may turn its receipt into an error page."""
    try:
        if tip_accepted():
            services.busy_alert_send()
    except Exception:  # noqa: BLE001
        log.exception("Could not tell the coordinators that the tip form is busy")


def _receipt_context(code: str, tip=None) -> dict:
    """What the receipt shows besides the code: the hotlines the tip went to, the way back."""
    tip = tip or selectors.tip_by_receipt_hash(services.receipt_hash(code))
    return {
        "code": code,
        "receivers": selectors.tip_receivers(tip) if tip else [],
        "follow_up_link": absolute_url("tips:follow_up"),
    }


def _receipt_page(request, *, code: str, danger: bool, form=None, status: int = 200, tip=None):
    form = form or ReceiptSavedForm(initial={"code": code, "form_token": form_token_new("receipt")})
    context = {**_receipt_context(code, tip), "danger": danger, "form": form}
    return render(request, "tips/receipt.html", context, status=status)


def _receipt_text(request, tip, code: str):
    text = render_to_string("tips/receipt.txt", _receipt_context(code, tip), request=request)
    return file_response(text, filename="receipt.txt", content_type="text/plain; charset=utf-8")


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
        return _code_page(request, _code_form(), status=400, error=str(CODE_UNKNOWN))
    if request.POST.get("as") == "text":
        return _receipt_text(request, tip, code)
    return _receipt_page(request, code=code, danger=tip.danger_now, tip=tip)


@tip_page
@require_http_methods(["POST"])
def receipt_saved(request):
    """The "I have saved this code" confirmation. Without it, the code is shown again (once more).

    The tip behind a known code was taken: whatever goes wrong here, the answer never says otherwise. The button
    may rightly be pressed at once, so the anti-bot wait does not apply."""
    if is_cross_site(request):
        return _refused(request)
    if followup_blocked(request):
        return _hotline_page(request, status=429, reason="limited-receipt")
    form = ReceiptSavedForm(request.POST)
    tip = selectors.tip_by_receipt_hash(services.receipt_hash(request.POST.get("code", "")))
    if tip is None:
        followup_failed(request)
        return _hotline_page(request, status=400, reason="bad-receipt")
    problem = _token_problem(form, "receipt", min_fill=0)
    if problem or not form.is_valid():
        if problem:
            form.add_error("saved", str(TOKEN_MESSAGES[problem]))
        form = _renew_token(form, "receipt")
        return _receipt_page(request, code=form.data["code"], danger=tip.danger_now, form=form, status=400)
    return render(request, "tips/receipt_saved.html")


def _code_form(data=None):
    return FollowUpCodeForm(data, initial={"form_token": form_token_new("followup")})


# What the reporter is told of their tip's state, in plain words (the handlers' own labels are Tip.Status).
REPORTER_STATUS = {
    Tip.Status.NEW: pgettext_lazy("tip status, for the reporter", "Received"),
    Tip.Status.TRIAGED: pgettext_lazy("tip status, for the reporter", "Being looked at by the hotline"),
    Tip.Status.REFERRED: pgettext_lazy("tip status, for the reporter", "Passed on to a service that can act on it"),
    Tip.Status.CLOSED: pgettext_lazy("tip status, for the reporter", "Closed"),
}


def _thread_page(request, tip, *, code: str, form=None, sent: bool = False, status: int = 200):
    form = form or ReporterMessageForm(initial={"code": code, "form_token": form_token_new("followup")})
    # The receipt code derives the reporter's own key to the tip (issue 23): nothing stored opens the thread.
    opened = sealing.tip_open_for_reporter(tip, services.receipt_normalize(code))
    context = {
        "tip": tip,
        "status_label": REPORTER_STATUS.get(tip.status, ""),
        "thread": opened.thread(selectors.tip_thread(tip, include_notes=False)) if opened else [],
        "thread_pending": opened is None,
        "receivers": selectors.tip_receivers(tip),
        "form": form,
        "sent": sent,
    }
    return render(request, "tips/follow_up_thread.html", context, status=status)


def _code_page(request, form, *, status: int = 200, error: str | None = None, unsent: str = ""):
    context = {
        "form": form,
        "error": error,
        "unsent": unsent,
        "pow_challenge": pow.challenge_new("followup"),
        "pow_strings": pow.widget_strings(),
    }
    return render(request, "tips/follow_up.html", context, status=status)


def _code_refused(request, form, *, status: int, error: str):
    """The code page again, with the reason; a message the person wrote stays in its box, unsent."""
    return _code_page(request, _code_form(), status=status, error=error, unsent=form.data.get("body", ""))


@tip_page
@require_http_methods(["GET", "POST"])
def follow_up(request):
    """The code, then the thread. The 100-bit code, the wrong-code limit and the proof-of-work guard these forms,
    so the anti-bot wait does not apply: a person may rightly type a code or a short reply at once."""
    if request.method == "GET":
        return _code_page(request, _code_form())
    if is_cross_site(request):
        return _refused(request)
    replying = "body" in request.POST
    form = ReporterMessageForm(request.POST) if replying else FollowUpCodeForm(request.POST)
    solved = pow.challenge_solved(request.POST.get(pow.FIELD, ""), "followup")
    if followup_blocked(request, solved=solved):
        if not replying:
            return _hotline_page(request, status=429, reason="limited-receipt")
        return _code_refused(request, form, status=429, error=str(FOLLOWUP_LIMITED))
    code = request.POST.get("code", "")
    tip = selectors.tip_by_receipt_hash(services.receipt_hash(code)) if code else None
    if tip is None:
        followup_failed(request)
        return _code_refused(request, form, status=400, error=str(CODE_UNKNOWN))
    token_error = _token_error(form, "followup", min_fill=0)
    if not replying:
        if token_error:
            return _code_page(request, _code_form(), status=400, error=token_error)
        return _thread_page(request, tip, code=code)
    if token_error or not form.is_valid():
        if token_error:
            form.add_error("body", token_error)
        return _thread_page(request, tip, code=code, form=_renew_token(form, "followup"), status=400)
    services.tip_message_add(tip=tip, actor=None, kind="reporter", body=form.cleaned_data["body"])
    return _thread_page(request, tip, code=code, sent=True)


@tip_page
@require_GET
def hotlines(request):
    directory = selectors.hotline_directory(province=request.GET.get("province", ""), need=request.GET.get("need", ""))
    return render(request, "tips/hotlines.html", directory)
