"""What every browser journey checks on every page: axe-core, other hosts, console errors."""

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


class PageRecorder:
    def __init__(self, context, base_url: str):
        self.base_host = urlsplit(base_url).netloc
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.allowed_navigations: set[str] = set()
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob", "about") or urlsplit(url).netloc == self.base_host:
            route.continue_()
            return
        if url in self.allowed_navigations:
            # A deliberate link away (the quick exit): answered here with a stand-in page, never fetched.
            route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Weather</title>")
            return
        self.foreign.append(url)
        route.abort()

    def attach(self, tab):
        tab.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        tab.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def assert_clean(self):
        assert not self.foreign, f"requests to other hosts: {self.foreign}"
        real_errors = [e for e in self.console_errors if "net::ERR_FAILED" not in e and "ERR_BLOCKED" not in e]
        assert not real_errors, f"console errors: {real_errors}"


def check_accessibility(tab) -> None:
    """Run axe-core on the current page: no serious or critical WCAG 2.1 AA violation."""
    results = _axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"axe violations on {tab.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in bad
    )


def visit(tab, path: str):
    """Go to a portal page, check it answered, and check its accessibility."""
    response = tab.goto(path)
    assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
    check_accessibility(tab)
    return response
