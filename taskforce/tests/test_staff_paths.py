"""One word for staff pages: every view of an app's staff_views module answers under `<area>/staff/` (or the
dashboard's `/staff/`), and no other view does, so a newcomer, a proxy rule or a log reader tells staff pages from
public ones by their path."""

from django.urls import URLPattern, URLResolver, get_resolver


def _views(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _views(entry, route)
        elif isinstance(entry, URLPattern):
            callback = getattr(entry.callback, "view_class", entry.callback)
            yield route, f"{callback.__module__}.{getattr(callback, '__name__', type(callback).__name__)}"


def _portal_views():
    return [(route, view) for route, view in _views(get_resolver()) if not route.startswith(("admin/", "api/"))]


def test_every_staff_view_answers_under_a_staff_path():
    wrong = [
        f"{view} at {route}" for route, view in _portal_views() if ".staff_views." in view and "staff/" not in route
    ]
    assert not wrong, f"staff views outside a staff/ path: {wrong}"


def test_no_public_view_hides_under_a_staff_path():
    wrong = [
        f"{view} at {route}" for route, view in _portal_views() if "staff/" in route and ".staff_views." not in view
    ]
    assert not wrong, f"other views under a staff/ path: {wrong}"


def test_links_to_the_old_staff_paths_still_lead_there(client):
    """Mail sent before the move links to /en/tips/inbox/<id>/: it must still reach the tip (after sign-in)."""
    for old, new in (
        ("/en/tips/inbox/", "/en/tips/staff/inbox/"),
        ("/en/tips/inbox/7/", "/en/tips/staff/inbox/7/"),
        ("/fr/training/manage/report/?course=2", "/fr/training/staff/report/?course=2"),
        ("/en/action-plan/manage/", "/en/action-plan/staff/"),
        ("/en/assess/counts/", "/en/assess/staff/counts/"),
    ):
        answer = client.get(old)
        assert answer.status_code == 301 and answer["Location"] == new, old
