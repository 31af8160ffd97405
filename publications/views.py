"""Public pages of the registry and the publications, and the subscription links."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.links import absolute_url
from taskforce.pagination import page_of, query_without_page
from taskforce.uploads import download_response
from taskforce.vocabulary import labels

from . import access, conf, selectors, services, throttle
from .charts import registry_figures_charts
from .forms import PublicationFilterForm, RegistryFilterForm, SubscribeForm, registry_filters_blank
from .models import RegistryEntry


@require_GET
def registry_list(request):
    # Only a search or a filter builds and checks the form; the list and its pages show the blank filters.
    searched = any(name in request.GET for name in RegistryFilterForm.base_fields)
    form = RegistryFilterForm(request.GET) if searched else None
    context = {"filters": registry_filters_html(form), "subscribe_form": SubscribeForm()}
    if form and not form.is_valid():
        return render(request, "publications/registry_list.html", {**context, "page_obj": None}, status=400)
    filters = form.filters() if form else {}
    page = page_of(request, selectors.registry_list_rows(**filters), per_page=conf.registry_page_size())
    paginator = page.paginator
    context |= {
        "page_obj": page,
        # The whole registry in figures, on its first page while nothing is searched (they do not describe a search).
        "figures": None if searched or page.number > 1 else registry_figures_charts(selectors.registry_figures()),
        "rows": registry_rows_html(page.object_list),
        "query": query_without_page(request),
        # The matching entries as a file, when there are few enough to write while the person waits.
        "selection_downloadable": any(filters.values())
        and not paginator.truncated
        and 0 < paginator.count <= conf.live_export_max_rows(),
    }
    return render(request, "publications/registry_list.html", context)


def registry_filters_html(form: RegistryFilterForm | None) -> str:
    """The filters' boxes: those of `form` (a search, with its values and errors), or with nothing chosen, which
    are the same for every reader of a language and so rendered once per process (the list and all its pages)."""
    if form is None:
        return _filters_blank_html(get_language() or "", conf.search_max_length())
    return render_to_string(FILTERS_TEMPLATE, {"form": form, "filter_fields": form.shown_fields()})


FILTERS_TEMPLATE = "publications/_registry_filters.html"


@lru_cache(maxsize=16)
def _filters_blank_html(language: str, search_max_length: int) -> str:
    """The blank filters in `language` with the search limit (both the cache's key; both active when called)."""
    return render_to_string(FILTERS_TEMPLATE, {"form": None, "filter_fields": registry_filters_blank()})


# One row of the list's table. The rows are written here, once per page, instead of by a dozen template nodes per
# row: the template loop was a quarter of the page's cost (issue 16). Every value is escaped (registry_rows_html).
_ROW = (
    '<tr>\n<th scope="row"><a href="{url}">{name}</a>\n<span class="d-block small text-body-secondary">{public_id}</span>'
    "{fictional}</th>\n<td>{city}, {province}</td>\n<td>{industry}</td>\n<td>{legal_basis}</td>\n"
    "<td>{decision_date}</td>\n<td>{status}</td>\n</tr>\n"
)


def registry_rows_html(rows) -> str:
    """The table rows of a page of `selectors.registry_list_rows()`, with each entry's link and the labels in the
    reader's language worked out once for the page (not a `reverse()` and choice lookups per row). Every value is
    escaped with `html.escape`, as Django's own `escape` does, without its per-call cost (format_html took ten
    times as long for the same markup)."""
    head, tail = reverse("publications:registry_entry", args=[_MARKER]).split(_MARKER)
    shown = _list_labels()
    fictional = f'\n<span class="fictional-badge">{escape(gettext("FICTIONAL — demonstration only"))}</span>'
    return mark_safe(  # noqa: S308 -- every value below is escaped
        "".join(
            _ROW.format(
                url=escape(f"{head}{row['public_id']}{tail}"),
                name=escape(row["legal_name"]),
                public_id=escape(row["public_id"]),
                fictional=fictional if row["is_fictional"] else "",
                city=escape(row["city"]),
                province=escape(row["province"]),
                industry=escape(shown["industry"].get(row["industry"], row["industry"])),
                legal_basis=escape(shown["legal_basis"].get(row["legal_basis"], row["legal_basis"])),
                decision_date=row["decision_date"].isoformat(),
                status=escape(shown["status"].get(row["status"], row["status"])),
            )
            for row in rows
        )
    )


_MARKER = "HT-MARKER"


def _list_labels() -> dict:
    """The list's choice labels in the reader's language, translated once per process (taskforce.vocabulary)."""
    field = RegistryEntry._meta.get_field
    return {name: labels(("registry", name), field(name).choices) for name in ("industry", "legal_basis", "status")}


@require_GET
def registry_entry(request, public_id: str):
    entry = access.entry_for_public(public_id)
    if not entry.is_public:
        return render(request, "publications/registry_delisted.html", {"entry": entry})
    sources, changes = selectors.registry_entry_sources_and_changes(entry)
    context = {
        "entry": entry,
        "sources": sources,
        "changes": changes,
        "entry_url": absolute_url(entry.get_absolute_url()),
    }
    return render(request, "publications/registry_entry.html", context)


@require_GET
def source_file(request, source_id: int):
    """A registry source document, only ever as a download (never displayed by the browser)."""
    source = access.source_for_download(request.user, source_id)
    return download_response(source.file, filename=f"{source.entry.public_id}-source-{source.id}.pdf")


@csrf_exempt  # no cookie is needed to subscribe; double opt-in stops anyone subscribing someone else
@require_POST
def subscribe(request):
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "publications/subscribe.html", {"form": form}, status=400)
    email = services.subscription_email_normalize(form.cleaned_data["email"])
    over = throttle.subscribe_throttled(request, email)
    if over in ("client", "everyone"):  # about the sender or everyone: says nothing about the address
        response = render(request, "publications/subscribe_throttled.html", status=429)
        response["Retry-After"] = "3600"
        return response
    if not over:
        services.subscription_request(email=email, language=get_language() or settings.LANGUAGE_CODE)
    # The same page whether a mail left or not, so it never tells whether an address is subscribed.
    return render(request, "publications/subscribe_sent.html", {"email": form.cleaned_data["email"]})


# Confirm and unsubscribe links carry a signed token, which is the credential: no session, no cookie.
# GET only shows a button, so mail scanners that follow links change nothing; POST acts (RFC 8058 one-click).
def _subscription_link(request, token: str, *, action: str, act, confirmed: bool):
    subscription = services.subscription_from_token(token, purpose=action)
    if subscription is None:
        raise Http404
    if request.method == "POST":
        act(subscription=subscription)
        return render(request, "publications/subscription_done.html", {"confirmed": confirmed})
    return render(request, "publications/subscription_confirm.html", {"action": action})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token: str):
    return _subscription_link(request, token, action="confirm", act=services.subscription_confirm, confirmed=True)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    return _subscription_link(request, token, action="unsubscribe", act=services.subscription_cancel, confirmed=False)


@require_GET
def publication_list(request):
    form = PublicationFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "publications/publication_list.html", {"form": form, "page_obj": None}, status=400)
    filters = {k: v for k, v in (form.cleaned_data if request.GET else {}).items() if v}
    items = selectors.publications_public(**filters)
    context = {
        "form": form if request.GET else PublicationFilterForm(),
        "page_obj": page_of(request, items, per_page=conf.publications_page_size()),
        "query": query_without_page(request),
    }
    return render(request, "publications/publication_list.html", context)


@require_GET
def publication_detail(request, slug: str):
    publication = selectors.publication_by_slug(slug)
    if publication is None:
        raise Http404
    return render(request, "publications/publication_detail.html", {"publication": publication})
