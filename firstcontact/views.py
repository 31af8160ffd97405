from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.forms import add_service_errors
from taskforce.language import localized, safety_page

from . import access, selectors, services
from .forms import CONSENT_TEXT, AnswersForm, ReferralForm
from .rendering import language_name


def _hotlines_for(outcome) -> list:
    """Every hotline serving the person's province for every kind the answers point to, from the tips app's
    routing data (the same selector the tip routing uses)."""
    from tips.selectors import hotlines_for_province  # noqa: PLC0415 -- another app's selector, read at call time

    return hotlines_for_province(province=outcome.province, kinds=outcome.kinds, city=outcome.city)


def _csrf_failure(request):
    """Signed-in providers get Django's usual cross-site check. A signed-out visitor is given no cookie at all
    (nothing is stored for them, so a forged request could change nothing)."""
    if not request.user.is_authenticated:
        return None
    if request.META.get("HTTP_ORIGIN") == "null" and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
        # Under the portal's no-referrer policy browsers send "Origin: null" even on same-origin posts; the
        # browser's own Sec-Fetch-Site says where the post came from, and the token check still applies.
        request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})


def csrf_for_signed_in(view):
    """Cross-site protection for signed-in users only (see `_csrf_failure`); signed-out visitors get no cookie."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            failure = _csrf_failure(request)
            if failure is not None:
                return failure
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def _result_context(outcome) -> dict:
    return {"outcome": outcome, "guidance": outcome.guidance(), "hotlines": _hotlines_for(outcome)}


@never_cache
@csrf_for_signed_in
@require_http_methods(["GET", "POST"])
def assess(request):
    """The preliminary screen (GET), then the full assessment and the guidance (POST, answers in the form)."""
    if request.method == "POST":
        return _assess_post(request)
    version = selectors.version_current()
    if version is None:
        return render(request, "firstcontact/unavailable.html", status=503)
    form = AnswersForm(version=version, full=False)
    return render(request, "firstcontact/preliminary.html", {"form": form})


def _assess_post(request):
    step = request.POST.get("step")
    try:
        version = selectors.version_get(int(request.POST.get("version", "")))
    except ValueError:
        version = None
    if version is None or step not in ("preliminary", "full"):
        return render(request, "firstcontact/restart.html", status=400)
    full = step == "full"
    form = AnswersForm(request.POST, version=version, full=full)
    template = "firstcontact/full.html" if full else "firstcontact/preliminary.html"
    if not form.is_valid():
        if any(form[name].is_hidden for name in form.errors if name in form.fields):
            return render(request, "firstcontact/restart.html", status=400)
        return render(request, template, {"form": form}, status=400)
    data = form.cleaned_data
    outcome = selectors.assessment_evaluate(
        version=version, answers=form.answers(), province=data["province"], city=data["city"], full_done=full
    )
    if not full:
        full_form = AnswersForm(version=version, full=True, initial={**request.POST.dict(), "step": "full"})
        return render(request, "firstcontact/full.html", {"form": full_form, "outcome": outcome})
    if request.user.is_authenticated:
        assessment = services.assessment_save(provider=request.user, outcome=outcome)
        return redirect(assessment)
    return render(request, "firstcontact/result.html", _result_context(outcome))


@never_cache
@login_required
@require_GET
def assessment_detail(request, pk: int):
    assessment = access.assessment_for_user(request.user, pk)
    outcome = selectors.outcome_of(assessment)
    form = ReferralForm(initial={"kind": outcome.kind})
    return render(
        request,
        "firstcontact/result.html",
        {
            **_result_context(outcome),
            "assessment": assessment,
            "referral_form": form,
        },
    )


@never_cache
@csrf_for_signed_in
@login_required
@require_POST
def referral_make(request, pk: int):
    assessment = access.assessment_for_user(request.user, pk)
    outcome = selectors.outcome_of(assessment)
    form = ReferralForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.referral_make(
                assessment=assessment,
                what_happened=data["what_happened"],
                kind=data["kind"],
                consent=data["consent"],
                consent_text=str(CONSENT_TEXT),
                contact_preference=data["contact_preference"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 409
        else:
            return render(request, "firstcontact/referral_done.html", {"assessment": assessment, "result": result})
    return render(
        request,
        "firstcontact/result.html",
        {
            **_result_context(outcome),
            "assessment": assessment,
            "referral_form": form,
        },
        status=status,
    )


@never_cache
@login_required
@require_GET
def my_assessments(request):
    page = Paginator(selectors.assessments_of_provider(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "firstcontact/my_assessments.html", {"page": page})


# ----- know your rights ------------------------------------------------------------------------------------------


def _hotline_directory(request) -> dict:
    from tips.selectors import hotline_directory  # noqa: PLC0415 -- another app's selector, loaded when used so that apps load in any order

    return hotline_directory(province=request.GET.get("province", ""), need=request.GET.get("need", ""))


@safety_page
@require_GET
def rights_index(request):
    pages = selectors.rights_pages()
    return render(request, "firstcontact/rights_index.html", {"pages": pages, **_hotline_directory(request)})


def _rights_page(request, slug: str, language: str | None):
    """The page's texts in `language` (the page's language when None), each falling back, marked, to the source
    language; the links to every language the page is written in."""
    page = selectors.rights_page_get(slug=slug)
    if page is None or (language is not None and language not in page.languages()):
        raise Http404
    shown = language or get_language() or settings.LANGUAGE_CODE
    versions = [
        {"code": code, "name": language_name(code), "current": language is not None and code == language}
        for code in page.languages()
    ]
    texts = {name: localized(getattr(page, name), shown) for name in ("title", "summary", "body")}
    return render(
        request,
        "firstcontact/rights_page.html",
        {"page": page, "versions": versions, **texts, **_hotline_directory(request)},
    )


@safety_page
@require_GET
def rights_page_default(request, slug: str):
    return _rights_page(request, slug, None)


@safety_page
@require_GET
def rights_page(request, slug: str, language: str):
    return _rights_page(request, slug, language)
