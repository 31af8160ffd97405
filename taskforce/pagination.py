"""Pages of a long list, shared by every list that can grow past one screen (registry, publications, the tips
inbox, the training report). Shown with templates/_pagination.html."""

from django.core.paginator import Page, Paginator

# The staff work lists (registry workflow, failed notifications) show this many rows a page.
STAFF_PAGE_SIZE = 200


def page_of(request, items, *, per_page: int) -> Page:
    """Any page value is safe: not a number gives page 1, past the end gives the last page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The list's other parameters (its filters), for the links to the next and previous pages."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
