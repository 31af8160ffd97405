"""A small HTTP load generator: threads, one http.client connection per request, on loopback.

Run as its own process by bench/run.py (`python -m bench.load SPEC.json`): it reads a scenario, drives the
server for the given duration at a fixed concurrency (closed loop: each thread sends its next request as soon as
the previous one is answered) and prints one JSON line with the count, errors, requests per second and latency
percentiles. It imports nothing from Django, so its own cost stays the same for the portal and the baseline.
"""

from __future__ import annotations

import http.client
import json
import re
import sys
import threading
import time
from urllib.parse import urlencode

TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')


def _request(host: str, port: int, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def run(spec: dict) -> dict:
    host, port = spec["host"], spec["port"]
    headers = {"Host": f"{host}:{port}", "X-Forwarded-Proto": "https", "Connection": "close", **spec.get("headers", {})}
    method = spec.get("method", "GET")
    paths = spec["paths"]
    form = dict(spec.get("form") or {})
    if spec.get("token_from"):  # the tip form's signed token, old enough to pass the minimum fill time
        _status, page = _request(host, port, "GET", spec["token_from"], None, headers)
        form["form_token"] = TOKEN_RE.search(page.decode()).group(1)
        time.sleep(spec.get("token_wait", 0))
    tokens = spec.get("form_tokens") or []  # single-use tokens: one per request
    if tokens:
        time.sleep(spec.get("token_wait", 0))
    next_token = iter(tokens).__next__
    body = urlencode(form).encode() if method == "POST" else None
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    expect = set(spec.get("expect", [200]))
    concurrency, duration, warmup = spec["concurrency"], spec["duration"], spec.get("warmup", 1.0)
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + duration

    def worker(n: int):
        i = n
        while True:
            path = paths[i % len(paths)]
            i += concurrency
            t0 = time.perf_counter()
            if t0 >= stop_at:
                return
            payload = body
            if tokens:
                with lock:
                    token = next_token()
                payload = urlencode({**form, "form_token": token}).encode()
            try:
                status, _body = _request(host, port, method, path, payload, headers)
            except OSError:
                status = 0
            t1 = time.perf_counter()
            if t0 < measure_from:
                continue
            latencies[n].append(t1 - t0)
            if status not in expect:
                errors[n] += 1
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - measure_from
    values = sorted(v for per in latencies for v in per)
    return {
        "name": spec.get("name", ""),
        "count": len(values),
        "errors": sum(errors),
        "statuses": statuses,
        "seconds": elapsed,
        "rps": len(values) / elapsed if elapsed else 0.0,
        "p50": percentile(values, 0.50) * 1000,
        "p95": percentile(values, 0.95) * 1000,
        "p99": percentile(values, 0.99) * 1000,
        "latencies_ms": [round(v * 1000, 3) for v in values],
    }


if __name__ == "__main__":
    with open(sys.argv[1]) as handle:
        print(json.dumps(run(json.load(handle))))
