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


def query_without_page(request) -> str:
    """The list's other parameters (its filters), for the links to the next and previous pages."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
