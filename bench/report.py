"""The benchmark's report: one table of figures, each beside its target. Plain text that is also Markdown."""

from __future__ import annotations

TARGET_RATIO = {"Registry list": 0.5, "Registry API list": 0.4}
REDIS_DOWN_P95_LIMIT = 1.5
FLAT_TOLERANCE = 1.10  # "flat": the peak at full size within 10% of the peak at a tenth of it


def _met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def targets(results: dict) -> list[tuple[str, str, bool]]:
    rows = []
    for page in results.get("pages", []):
        if page["name"] in TARGET_RATIO:
            ratio = page["portal"]["rps"] / page["baseline"]["rps"]
            goal = TARGET_RATIO[page["name"]]
            rows.append((f"{page['name']}: requests/s >= {goal} x baseline", f"{ratio:.2f} x", ratio >= goal))
    up = next((p["portal"] for p in results.get("pages", []) if p["name"] == "Tip form POST"), None)
    down = results.get("tip_down")
    if up and down:
        ratio = down["p95"] / up["p95"]
        rows.append(
            (
                f"Tip POST p95, Redis down <= {REDIS_DOWN_P95_LIMIT} x Redis up",
                f"{_ms(down['p95'])} / {_ms(up['p95'])} ms = {ratio:.2f} x",
                ratio <= REDIS_DOWN_P95_LIMIT,
            )
        )
        proposed = results.get("tip_down_proposed")
        if proposed:
            ratio = proposed["p95"] / up["p95"]
            rows.append(
                (
                    "... the same with the proposed broker setting (max_retries 0)",
                    f"{_ms(proposed['p95'])} / {_ms(up['p95'])} ms = {ratio:.2f} x",
                    ratio <= REDIS_DOWN_P95_LIMIT,
                )
            )
    q1, q10 = results.get("queries_1x", {}), results.get("queries_10x", {})
    if q1 and q10:
        same = all(q1[name] == q10.get(name) for name in q1)
        rows.append(("Queries per request identical at 1x and 10x", "identical" if same else "differ", same))
    small, large = results.get("export_small"), results.get("export_large")
    if small and large:
        flat = large["peak_mib"] <= small["peak_mib"] * FLAT_TOLERANCE
        rows.append(
            (
                "CSV export peak memory flat (10x data vs full)",
                f"{small['peak_mib']:.0f} MiB -> {large['peak_mib']:.0f} MiB",
                flat,
            )
        )
    return rows


def render(results: dict) -> str:
    lines = []
    m = results.get("machine", {})
    args = results.get("args", {})
    lines.append(
        f"Machine: {m.get('cpus')} CPUs ({m.get('cpu')}), {m.get('memory_gib')} GiB RAM, Python {m.get('python')}, "
        f"Linux {m.get('kernel')}. Scale {args.get('scale')}, {args.get('workers')} gunicorn sync workers, "
        f"{args.get('concurrency')} concurrent clients, {args.get('duration')} s per measurement."
    )
    data = results.get("data_full") or {}
    if data:
        lines.append(
            f"Data: {data.get('registry', 0):,} registry entries, {data.get('tips', 0):,} tips, "
            f"{data.get('learners', 0):,} learners x 10 courses, {data.get('plan_updates', 0):,} plan updates "
            "(plus the demo seed)."
        )
    lines.append("")
    q1, q10 = results.get("queries_1x", {}), results.get("queries_10x", {})
    lines.append(
        "| Page | Portal req/s | p50 / p95 / p99 ms | Baseline req/s | p50 / p95 / p99 ms | Ratio | "
        "Queries 1x / 10x | Errors |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for page in results.get("pages", []):
        p, b = page["portal"], page["baseline"]
        ratio = p["rps"] / b["rps"] if b["rps"] else float("nan")
        queries = f"{q1.get(page['name'], '-')} / {q10.get(page['name'], '-')}"
        lines.append(
            f"| {page['name']} | {p['rps']:,.1f} | {_ms(p['p50'])} / {_ms(p['p95'])} / {_ms(p['p99'])} | "
            f"{b['rps']:,.1f} | {_ms(b['p50'])} / {_ms(b['p95'])} / {_ms(b['p99'])} | {ratio:.2f} | {queries} | "
            f"{p['errors']} / {b['errors']} |"
        )
    down = results.get("tip_down")
    if down:
        lines.append(
            f"| Tip form POST, Redis stopped | {down['rps']:,.1f} | {_ms(down['p50'])} / {_ms(down['p95'])} / "
            f"{_ms(down['p99'])} | | | | | {down['errors']} |"
        )
    proposed = results.get("tip_down_proposed")
    if proposed:
        lines.append(
            f"| Tip form POST, Redis stopped, proposed broker setting | {proposed['rps']:,.1f} | {_ms(proposed['p50'])}"
            f" / {_ms(proposed['p95'])} / {_ms(proposed['p99'])} | | | | | {proposed['errors']} |"
        )
    lines.append("")
    tip = next((p["portal"] for p in results.get("pages", []) if p["name"] == "Tip form POST"), None)
    if tip:
        lines.append(
            f"- Tips accepted: {tip['count'] - tip['errors']:,} in {tip['seconds']:.0f} s = "
            f"{(tip['count'] - tip['errors']) / tip['seconds']:.1f} tips/s; every delivery made by the "
            f"Celery worker {results.get('drain_up_s', float('nan')):.1f} s after the last one was accepted "
            f"({results.get('open_after_burst', '?')} deliveries were still open then)."
        )
    if down:
        lines.append(
            f"- Redis stopped: {down['count'] - down['errors']:,} tips accepted "
            f"({down['errors']} refused); {results.get('open_while_down', '?')} deliveries waited; every "
            f"one made {results.get('drain_down_s', float('nan')):.1f} s after Redis came back "
            "(the sweeper re-queues them)."
        )
    if results.get("worker_restarts"):
        lines.append(
            f"- The Celery worker exited {results['worker_restarts']} time(s) when Redis went away and was "
            "restarted (as a service manager would); see the performance notes."
        )
    for key, label in (("export_small", "10x data"), ("export_large", "full data")):
        e = results.get(key)
        if e:
            lines.append(
                f"- CSV export at {label}: {e['rows']:,} rows, {e['bytes'] / 1e6:,.1f} MB in "
                f"{e['seconds']:.1f} s; worker peak RSS {e['peak_mib']:.0f} MiB (+{e['growth_mib']:.1f} "
                "MiB while streaming)."
            )
    lines.append("")
    lines.append("| Target | Measured | |")
    lines.append("|---|---|---|")
    for name, measured, ok in targets(results):
        lines.append(f"| {name} | {measured} | {_met(ok)} |")
    if "total_minutes" in results:
        lines.append("")
        lines.append(f"Run time: {results['total_minutes']:.1f} minutes.")
    return "\n".join(lines)
