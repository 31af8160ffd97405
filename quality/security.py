"""Code and dependency scanners, with a reviewed exceptions file.

    python -m quality.security bandit REPORT.json
    python -m quality.security pip-audit REPORT.json

Each reads the JSON report of its scanner and `.ci/security-exceptions.toml`, prints every finding that no
exception answers, and exits 1 when there is one. An exception names what it answers (a bandit test id and file,
optionally a piece of the flagged code; or a vulnerability id) and gives the reason it is accepted. An exception
that answers nothing any more is reported too, so the file stays true.
"""

from __future__ import annotations

import json
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

EXCEPTIONS = Path(__file__).resolve().parent.parent / ".ci" / "security-exceptions.toml"


def load_exceptions(path: Path = EXCEPTIONS) -> dict[str, list[dict]]:
    data = tomllib.loads(path.read_text()) if path.exists() else {}
    for kind in ("bandit", "pip-audit"):
        for entry in data.get(kind, []):
            if not str(entry.get("reason", "")).strip():
                raise SystemExit(f"{path}: every exception needs a reason: {entry}")
    return data


def _bandit_answered(finding: dict, entry: dict) -> bool:
    filename = finding["filename"].removeprefix("./")
    return (
        entry["test_id"] == finding["test_id"]
        and fnmatch(filename, entry["file"])
        and entry.get("code", "") in (finding.get("code") or "")
    )


def bandit(report: dict, exceptions: dict) -> tuple[list[str], list[dict]]:
    entries = exceptions.get("bandit", [])
    used: set[int] = set()
    open_findings = []
    for finding in report.get("results", []):
        matches = [i for i, entry in enumerate(entries) if _bandit_answered(finding, entry)]
        used.update(matches)
        if not matches:
            open_findings.append(
                f"{finding['filename']}:{finding['line_number']}: {finding['test_id']} "
                f"({finding['issue_severity']}/{finding['issue_confidence']}) {finding['issue_text']}"
            )
    stale = [entry for i, entry in enumerate(entries) if i not in used]
    return open_findings, stale


def pip_audit(report: dict, exceptions: dict) -> tuple[list[str], list[dict]]:
    entries = exceptions.get("pip-audit", [])
    used: set[int] = set()
    open_findings = []
    for dependency in report.get("dependencies", []):
        for vuln in dependency.get("vulns", []):
            ids = {vuln["id"], *vuln.get("aliases", [])}
            matches = [i for i, entry in enumerate(entries) if entry["id"] in ids]
            used.update(matches)
            if not matches:
                fixes = ", ".join(vuln.get("fix_versions", [])) or "none yet"
                open_findings.append(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    stale = [entry for i, entry in enumerate(entries) if i not in used]
    return open_findings, stale


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("bandit", "pip-audit"):
        print(__doc__, file=sys.stderr)
        return 2
    kind, report_path = argv
    report = json.loads(Path(report_path).read_text())
    check = bandit if kind == "bandit" else pip_audit
    open_findings, stale = check(report, load_exceptions())
    for line in open_findings:
        print(f"{kind}: {line}")
    for entry in stale:
        print(f"{kind}: exception in {EXCEPTIONS.name} answers nothing any more, remove it: {entry}")
    if open_findings or stale:
        print(f"{kind}: {len(open_findings)} unanswered finding(s), {len(stale)} stale exception(s)")
        return 1
    print(f"{kind}: no unanswered finding")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
