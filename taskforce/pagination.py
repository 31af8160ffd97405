"""Pages of a long list, shared by every list that can grow past one screen (registry, publications, the tips
inbox, the training report, staff work lists). Shown with templates/_pagination.html.

A list never counts more than LIST_COUNT_LIMIT rows: at a million registry entries a full COUNT(*) costs more
than the page itself, and a page 50,000 deep costs seconds of OFFSET. `BoundedPaginator` counts at most
limit + 1 rows (`SELECT COUNT(*) FROM (... LIMIT n)`), so its cost does not grow with the table; when there are
more, the page says "more than N" and offers the pages within the limit, and the person narrows the search (or
downloads the dataset) to go further.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Field, Func
from django.utils.functional import cached_property

# The staff work lists (registry workflow, failed notifications) show this many rows a page.
STAFF_PAGE_SIZE = 200


class BoundedPaginator(Paginator):
    """A Paginator whose count stops at `limit`; `truncated` tells that more rows exist beyond it."""

    def __init__(self, object_list, per_page, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def _bounded_count(self) -> int:
        # Any limit + 1 rows count the same, so the count drops the order: a list ranked by an expression (the
        # registry search) need not rank every match just to count them.
        items = self.object_list
        head = (items.order_by() if hasattr(items, "order_by") else items)[: self.limit + 1]
        counter = getattr(head, "count", None)
        if callable(counter) and not isinstance(head, list | tuple):
            return counter()
        return len(head)

    @cached_property
    def truncated(self) -> bool:
        return self._bounded_count > self.limit

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.limit)


def page_of(request, items, *, per_page: int, limit: int | None = None) -> Page:
    """Any page value is safe: not a number gives page 1, past the end gives the last page within the limit."""
    limit = limit if limit is not None else settings.LIST_COUNT_LIMIT
    return BoundedPaginator(items, per_page, limit=limit).get_page(request.GET.get("page"))


class RowValue(Func):
    """A row value, `(a, b, c)`, which PostgreSQL and SQLite compare column by column from the left: a keyset
    page's condition (`GreaterThan(RowValue(*order), RowValue(*edge))`), served by an index on those columns."""

    template = "(%(expressions)s)"
    output_field = Field()


# A big staff list pages by keyset instead (its cost does not grow with how deep the page is): its links say the
# row a page starts after (next) or ends before (previous), written by the list's own cursor class.
KEYSET_PARAMETERS = ("after", "before")


def query_without_page(request) -> str:
    """The list's other parameters (its filters), for the links to the next and previous pages (numbered or keyset)."""
    params = request.GET.copy()
    for name in ("page", *KEYSET_PARAMETERS):
        params.pop(name, None)
    return params.urlencode()


def keyset_edge(request, parse) -> dict:
    """The page of a keyset list asked for: `{"after": row}` (next), `{"before": row}` (previous) or `{}` (the first).
    `parse` reads a row as the list writes it in its links. ValueError for a link the list never makes (both edges,
    an empty or malformed one): the view answers 400 with a way back to the first page."""
    given = {name: request.GET[name] for name in KEYSET_PARAMETERS if name in request.GET}
    if len(given) > 1:
        raise ValueError("a page is after one row or before one, not both")
    return {name: parse(value) for name, value in given.items()}
