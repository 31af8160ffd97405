"""The report says a target is not met when the page measured answered a redirect (a session that ended) instead
of the page: the benchmark once reported 94 req/s, "met", for an inbox that answered every request with the
sign-in page."""

from bench.report import render


def _figures(rps: float, statuses: dict, ok_statuses=("2",)) -> dict:
    return {
        "count": int(rps * 5),
        "seconds": 5.0,
        "rps": rps,
        "p50": 10.0,
        "p95": 20.0,
        "p99": 30.0,
        "max": 40.0,
        "errors": {},
        "cpu_ms_per_request": 10.0,
        "statuses": statuses,
        "ok_statuses": list(ok_statuses),
        "worker_restarts": 0,
    }


def _results(inbox_statuses: dict) -> dict:
    entry = {"name": "Registry entry", "portal": _figures(20.0, {"200": 100})}
    inbox = {"name": "Tips inbox", "portal": _figures(94.0, inbox_statuses)}
    return {
        "args": {},
        "machine": {},
        "started": 0,
        "data": {},
        "queries": {},
        "runs": [{"label": "100x", "context": {}, "pages": [entry, inbox], "exports": []}],
    }


def _target_line(report: str) -> str:
    return next(line for line in report.splitlines() if line.startswith("| Tips inbox >= 0.5"))


def test_a_page_answered_by_redirects_is_not_a_met_target():
    report = render(_results({"302": 470}))
    assert "NOT MET" in _target_line(report)
    unexpected = next(line for line in report.splitlines() if line.startswith("| No unexpected answer"))
    assert "Tips inbox" in unexpected
    assert "NOT MET" in unexpected


def test_a_page_answered_200_is_judged_by_its_ratio():
    assert "| met |" in _target_line(render(_results({"200": 470})))


def _tip_results(portal_p95: float, legacy_p95: float, portal_statuses=None) -> dict:
    portal = {**_figures(30.0, portal_statuses or {"200": 150}, ("2", "3")), "p95": portal_p95, "served": 150}
    legacy = {**_figures(40.0, {"200": 200}, ("2", "3")), "p95": legacy_p95, "served": 200}
    results = _results({"200": 470})
    results["runs"][0]["pages"].append({"name": "Tip form POST", "portal": portal, "pre-issue-23": legacy})
    return results


def _tip_target_line(report: str) -> str:
    return next(line for line in report.splitlines() if line.startswith("| Tip form POST p95 <= 1.3"))


def test_the_tip_form_p95_is_judged_against_the_pre_issue_23_submission_of_the_same_run():
    assert "| 1.20x | met |" in _tip_target_line(render(_tip_results(240.0, 200.0)))
    assert "| 1.50x | NOT MET |" in _tip_target_line(render(_tip_results(300.0, 200.0)))


def test_tips_refused_for_want_of_a_reader_are_no_met_target():
    report = render(_tip_results(100.0, 200.0, portal_statuses={"503": 150}))
    assert "NOT MET" in _tip_target_line(report)
    assert "503" in next(line for line in report.splitlines() if line.startswith("- Tip form POST: 30.0 req/s"))
