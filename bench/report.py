"""The benchmark's report: one table per measured server run, the exports, the status change, and the issue's
targets with met / not met. Plain text that is also Markdown (bench/run.py prints it and writes report.md)."""

from __future__ import annotations

import datetime as dt
import math

# The targets (issue 16), as same-run ratios of requests per second: page -> (reference, peer, at least).
RATIO_TARGETS = [
    ("Training report", "Registry entry", "portal", 0.3),
    ("Tips inbox", "Registry entry", "portal", 0.5),
    ("Registry list", "Registry list", "ListView", 0.9),
    ("Registry search", "Registry search", "ListView", 0.9),
]
# Issue 23: requests whose p95 may be at most this many times their peer's in the same run: page -> (peer, at most).
P95_TARGETS = [("Tip form POST", "pre-issue-23", 1.3)]
# Issue 19's pages, downloads and matcher: no peer of their own, so each is given as a ratio of the registry entry
# page's requests per second in the same run (its reference), without a target.
REFERENCED = ("Public statistics page", "Open data catalogue", "Open data dictionary", "Registry match API POST")
# Pages whose size must not grow with the data (bytes of the in-process answer at every scale, within 10 %).
BOUNDED_SIZE = ("Action item page", "Action items API")
SIZE_TOLERANCE = 1.10


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "NOT MET")


def _ms(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def _rps(figures: dict | None) -> str:
    return "-" if not figures else f"{figures['rps']:,.1f}"


def _ratio(portal: dict | None, peer: dict | None) -> float | None:
    if not portal or not peer or not peer["rps"]:
        return None
    return portal["rps"] / peer["rps"]


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _errors(figures: dict | None) -> str:
    if not figures:
        return ""
    errors = figures.get("errors") or {}
    text = ", ".join(f"{n} {kind}" for kind, n in errors.items()) or "0"
    served = _bad_statuses(figures)
    if served:
        text += " (server: " + ", ".join(f"{n} x {code}" for code, n in served.items()) + ")"
    if figures.get("worker_restarts"):
        text += f", {figures['worker_restarts']} worker(s) killed"
    return text


def _bad_statuses(figures: dict | None) -> dict:
    """Answers in the server's access log during the measurement other than those the page should give: 2xx for a
    page (a 302 there is the sign-in page, measured instead of the page), 2xx or 3xx for a form's POST."""
    ok = tuple((figures or {}).get("ok_statuses") or ("2", "3"))
    return {c: n for c, n in ((figures or {}).get("statuses") or {}).items() if not c.startswith(ok)}


def _failed(figures: dict | None) -> bool:
    return bool(figures and (figures.get("errors") or _bad_statuses(figures)))


def _queries(results: dict, name: str) -> str:
    cells = []
    for counts in results.get("queries", {}).values():
        entry = counts.get(name)
        if entry is None:
            cells.append("-")
        else:
            cells.append(str(entry["queries"]) + ("" if entry["status"] < 400 else f" ({entry['status']})"))
    return " / ".join(cells)


def _peer(page: dict, kind: str) -> tuple[str, dict | None]:
    for key, figures in page.items():
        if key in ("name", "portal"):
            continue
        if (kind == "one query") == (key == "one query"):
            return key, figures
    return "", None


def page_table(results: dict, run: dict) -> list[str]:
    scales = " / ".join(results.get("queries", {}))
    lines = [
        f"| Page | Portal req/s | p50 / p95 / p99 ms | One-query peer req/s | Ratio | Idiomatic peer req/s | Ratio | "
        f"CPU ms/req portal (one-query, idiomatic) | Queries {scales} | Errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in run.get("pages", []):
        portal = page["portal"]
        _one_name, one = _peer(page, "one query")
        idiom_name, idiom = _peer(page, "idiomatic")
        cpu = _ms(portal["cpu_ms_per_request"])
        peer_cpu = [_ms(p["cpu_ms_per_request"]) for p in (one, idiom) if p]
        if peer_cpu:
            cpu += f" ({', '.join(peer_cpu)})"
        errors = (
            "; ".join(
                f"{label}: {_errors(f)}"
                for label, f in (("portal", portal), ("peers", one), ("", idiom))
                if f and f["errors"]
            )
            or "0"
        )
        lines.append(
            f"| {page['name']} | {_rps(portal)} | {_ms(portal['p50'])} / {_ms(portal['p95'])} / {_ms(portal['p99'])} | "
            f"{_rps(one)} | {_x(_ratio(portal, one))} | {_rps(idiom)}{f' ({idiom_name})' if idiom else ''} | "
            f"{_x(_ratio(portal, idiom))} | {cpu} | {_queries(results, page['name'])} | {errors} |"
        )
    change = run.get("status_change")
    if change:
        lines.append(
            f"| Status change POST ({change['posts']} POSTs, one at a time) | | {_ms(change['p50'])} (max "
            f"{_ms(change['max'])}) | | | | | | {_queries(results, 'Status change POST')} | "
            f"answers {', '.join(change['statuses'])} |"
        )
    return lines


def export_lines(results: dict, run: dict) -> list[str]:
    exports = run.get("exports") or {}
    if not exports:
        return []
    lines = [
        "",
        "| Export (concurrent downloads) | Status | MB | Rows (expected) | Complete | Seconds | CPU ms | "
        f"Worker peak RSS MiB | Queries {' / '.join(results.get('queries', {}))} |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for name, figures in exports.items():
        downloads = figures["downloads"]
        statuses = ", ".join(str(d["status"]) + (f" {d['error']}" if d["error"] else "") for d in downloads)
        rows = ", ".join("-" if d["rows"] is None else f"{d['rows']:,}" for d in downloads)
        expected = downloads[0]["expected_rows"]
        complete = sum(1 for d in downloads if d["complete"])
        lines.append(
            f"| {name} | {statuses} | {max(d['bytes'] for d in downloads) / 1e6:,.1f} | {rows}"
            f"{f' ({expected:,})' if expected is not None else ''} | {complete} of {len(downloads)} | "
            f"{max(d['seconds'] for d in downloads):,.1f} | {figures['cpu_ms']:,.0f} | {figures['peak_rss_mib']:,.0f} | "
            f"{_queries(results, name)} |"
        )
    build = run.get("snapshot_build")
    if build:
        files = ", ".join(
            f"{f['format'].upper()} {f['rows']:,} rows, {f['bytes'] / 1e6:,.1f} MB" for f in build["files"]
        )
        where = "the background task's way"
        if build.get("worker_peak_rss_mib") is not None:
            where = f"by a Celery worker (solo pool; peak RSS {build['worker_peak_rss_mib']:,.0f} MiB)"
        lines += ["", f"Registry download files built {where} in {build['seconds']} s: {files}."]
    return lines


def referenced_lines(results: dict, run: dict) -> list[str]:
    """Issue 19's requests against the registry entry page of the same run, and what the matcher answered."""
    pages = {page["name"]: page for page in run.get("pages", [])}
    reference = pages.get("Registry entry")
    lines = []
    for name in REFERENCED:
        page = pages.get(name)
        if page:
            ratio = _ratio(page["portal"], reference["portal"] if reference else None)
            lines.append(f"- {name}: {_rps(page['portal'])} req/s, {_x(ratio)} the registry entry page.")
    for label, counts in results.get("queries", {}).items():
        match = counts.get("Registry match API POST")
        if match and match.get("candidates") is not None and run["label"] == label:
            lines.append(
                f"- Registry match API at {label}: {match['candidates']} candidates, best score {match['best']}, "
                f"{match['queries']} queries."
            )
    return ["", *lines] if lines else []


def _p95_ratio(portal: dict | None, peer: dict | None) -> float | None:
    if not portal or not peer or not peer["p95"] or math.isnan(peer["p95"]) or math.isnan(portal["p95"]):
        return None
    return portal["p95"] / peer["p95"]


def p95_lines(results: dict, run: dict) -> list[str]:
    """Issue 23: the tip form's POST and the same view storing its tip as before issue 23, side by side."""
    pages = {page["name"]: page for page in run.get("pages", [])}
    lines = []
    for name, peer_name, _most in P95_TARGETS:
        page = pages.get(name)
        if not page or not page.get(peer_name):
            continue
        for label, figures, counted in (
            (name, page["portal"], name),
            (peer_name, page[peer_name], f"{name} ({peer_name})"),
        ):
            lines.append(
                f"- {label}: {_rps(figures)} req/s, p50 / p95 / p99 {_ms(figures['p50'])} / {_ms(figures['p95'])} / "
                f"{_ms(figures['p99'])} ms, CPU {_ms(figures['cpu_ms_per_request'])} ms/req, "
                f"{figures['served']:,} served, unexpected answers: {_errors(figures)}; queries "
                f"{_queries(results, counted)}."
            )
        ratio = _p95_ratio(page["portal"], page[peer_name])
        lines.append(f"- {name}: p95 {_x(ratio)} the {peer_name} one's, same run.")
    return ["", *lines] if lines else []


def statistics_cold_lines(results: dict) -> list[str]:
    cold = results.get("statistics_cold") or {}
    if not cold:
        return []
    lines = ["", "Public statistics page in-process, its counts not yet kept (the first view of a day) and then kept:"]
    for label, figures in cold.items():
        first, kept = figures["cold"], figures["cached"]
        lines.append(
            f"- {label}: {first['seconds']:.2f} s and {first['queries']} queries cold, {kept['seconds']:.2f} s and "
            f"{kept['queries']} queries once kept (status {first['status']}, {kept['status']})."
        )
    return lines


def report_chart_cold_lines(results: dict) -> list[str]:
    cold = results.get("report_chart_cold") or {}
    if not cold:
        return []
    lines = [
        "",
        "Training report chart (issue 20) in-process: the first page with its counts not yet kept (the first view "
        "of a day), then kept; and the grouped counts alone:",
    ]
    for label, figures in cold.items():
        first, kept, count = figures["cold"], figures["cached"], figures["count"]
        lines.append(
            f"- {label}: {first['seconds']:.3f} s and {first['queries']} queries cold, {kept['seconds']:.3f} s and "
            f"{kept['queries']} queries once kept (status {first['status']}, {kept['status']}); the count of "
            f"{count['rows']:,} rows: {count['seconds']:.3f} s in {count['queries']} queries."
        )
    return lines


def targets(results: dict) -> list[tuple[str, str, bool | None]]:
    rows: list[tuple[str, str, bool | None]] = []
    for run in results.get("runs", []):  # every measured server run: each scale measured, and the registry rows
        pages = {page["name"]: page for page in run.get("pages", [])}
        for name, reference, peer, goal in RATIO_TARGETS:
            page, ref = pages.get(name), pages.get(reference)
            if not page or not ref:
                continue
            against = ref["portal"] if peer == "portal" else ref.get(peer)
            ratio = _ratio(page["portal"], against)
            what = "the registry entry page" if peer == "portal" else f"Django's {peer} over the same rows"
            # A ratio of pages that did not answer as they should (a sign-in redirect, errors) is no ratio at all.
            ok = None if ratio is None else ratio >= goal and not _failed(page["portal"]) and not _failed(against)
            rows.append((f"{name} >= {goal} x {what} (req/s, {run['label']})", _x(ratio), ok))
        for name, peer, most in P95_TARGETS:
            page = pages.get(name)
            if not page or not page.get(peer):
                continue
            ratio = _p95_ratio(page["portal"], page[peer])
            ok = None if ratio is None else ratio <= most and not _failed(page["portal"]) and not _failed(page[peer])
            rows.append((f"{name} p95 <= {most} x the {peer} one (same run, {run['label']})", _x(ratio), ok))
    queries = results.get("queries", {})
    if len(queries) > 1:
        first, *_rest = queries.values()
        for name in first:
            refused = [
                f"{label}: {q[name]['status']}"
                for label, q in queries.items()
                if q.get(name, {}).get("status", 0) >= 400
            ]
            if refused:
                rows.append((f"{name}: answered in-process without error", ", ".join(refused), False))
            counts = [q[name]["queries"] for q in queries.values() if name in q and q[name]["status"] < 400]
            if len(set(counts)) > 1:
                rows.append(
                    (f"{name}: queries per request independent of the data", " / ".join(map(str, counts)), False)
                )
        steady = [
            n for n in first if len({q[n]["queries"] for q in queries.values() if n in q and q[n]["status"] < 400}) <= 1
        ]
        rows.append(
            (
                f"Queries per request the same at {' / '.join(queries)}",
                f"{len(steady)} of {len(first)} requests",
                len(steady) == len(first),
            )
        )
        for name in BOUNDED_SIZE:
            sizes = [q[name]["bytes"] for q in queries.values() if name in q]
            if len(sizes) > 1:
                rows.append(
                    (
                        f"{name}: size bounded ({' / '.join(queries)})",
                        " / ".join(f"{s / 1000:,.1f} KB" for s in sizes),
                        max(sizes) <= min(sizes) * SIZE_TOLERANCE,
                    )
                )
    for run in results.get("runs", []):
        for name, figures in (run.get("exports") or {}).items():
            downloads = figures["downloads"]
            whole = all(d["complete"] for d in downloads)
            rows.append(
                (
                    f"{name} under {len(downloads)} concurrent downloads: never a truncated file sent as a success "
                    f"({run['label']})",
                    f"{sum(d['complete'] for d in downloads)} of {len(downloads)} complete",
                    whole,
                )
            )
        change = run.get("status_change")
        if change:
            rows.append(
                (
                    f"Status change POST answers without error ({run['label']})",
                    f"{change['ok']} of {change['posts']} redirected, p50 {_ms(change['p50'])} ms, "
                    f"{change['notifications_per_post']:,.0f} notifications per POST",
                    change["ok"] == change["posts"],
                )
            )
        failed = [p["name"] for p in run.get("pages", []) if any(_failed(f) for k, f in p.items() if k != "name")]
        rows.append(
            (
                f"No unexpected answer (a page other than 2xx, a POST other than 2xx/3xx) or socket error under load ({run['label']})",
                ", ".join(failed) or "none",
                not failed,
            )
        )
    return rows


def render(results: dict) -> str:
    m = results.get("machine", {})
    args = results.get("args", {})
    when = dt.datetime.fromtimestamp(results.get("started", 0), tz=dt.UTC).strftime("%d %B %Y %H:%M UTC")
    lines = [
        f"Run of {when}. Machine: {m.get('cpus')} CPUs ({m.get('cpu')}), {m.get('memory_gib')} GiB RAM, Python "
        f"{m.get('python')}, Linux {m.get('kernel')}, load average at start "
        f"{', '.join(f'{v:.1f}' for v in m.get('load_average', []))}. wrk, {args.get('concurrency')} connections, "
        f"{args.get('duration')} s per page and peer in {args.get('rounds')} slice(s); gunicorn -c "
        "deploy/gunicorn.conf.py (sync workers, 30 s timeout).",
    ]
    for label, counts in (results.get("data") or {}).items():
        lines.append(
            f"- Data at {label}: {counts.get('registry', 0):,} registry entries, {counts.get('tips', 0):,} tips "
            f"({counts.get('handler_tips', 0):,} in the handler's inbox), {counts.get('learners', 0):,} learners x 10 "
            f"courses, {counts.get('plan_updates', 0):,} updates of the benchmarked item, {counts.get('members', 0):,} members of its lead organization."
        )
    if "registry_load_s" in results:
        lines.append(f"- Registry grown to {args.get('registry_rows'):,} rows in {results['registry_load_s']:.0f} s.")
    for run in results.get("runs", []):
        ctx = run.get("context", {})
        lines += [
            "",
            f"At {run['label']} ({run.get('workers')} gunicorn workers; {ctx.get('public_entries', 0):,} public "
            f"entries, deep page {ctx.get('deep_page')}; {run.get('errors_logged', 0)} tracebacks or worker timeouts "
            "in the server log):",
            "",
        ]
        lines += page_table(results, run)
        lines += referenced_lines(results, run)
        lines += p95_lines(results, run)
        lines += export_lines(results, run)
    lines += statistics_cold_lines(results)
    lines += report_chart_cold_lines(results)
    lines += ["", "| Target (issues 16, 23) | Measured | |", "|---|---|---|"]
    for name, measured, ok in targets(results):
        lines.append(f"| {name} | {measured} | {_met(ok)} |")
    if "total_minutes" in results:
        lines += ["", f"Run time: {results['total_minutes']:.1f} minutes."]
    return "\n".join(lines)
