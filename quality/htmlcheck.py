"""The Nu HTML Checker (the `vnu-jar` npm package, run with Java) over a folder of saved pages, in one run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

VNU_VERSION = "26.9.27"
VNU_JAR = Path(os.environ.get("VNU_JAR", Path(settings.BASE_DIR) / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
INSTALL_HINT = f"npm install --prefix .venv/vnu --no-audit --no-fund vnu-jar@{VNU_VERSION}"


def missing_reason() -> str | None:
    if not shutil.which("java"):
        return "java is not installed (Debian: apt-get install openjdk-17-jre-headless)"
    if not VNU_JAR.exists():
        return f"the Nu HTML Checker is not installed at {VNU_JAR} ({INSTALL_HINT})"
    return None


def check_folder(folder: Path) -> dict[str, list[str]]:
    """File name -> error messages ('line N: message'), errors only."""
    files = sorted(str(p) for p in folder.glob("*.html"))
    if not files:
        return {}
    java = shutil.which("java") or "java"
    result = subprocess.run(  # noqa: S603 - our own jar over files we wrote
        [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors: dict[str, list[str]] = {}
    for message in report.get("messages", []):
        name = Path(message.get("url", "").removeprefix("file:")).name
        line = message.get("lastLine", "?")
        errors.setdefault(name, []).append(f"line {line}: {message.get('message')} [{message.get('extract', '')!r}]")
    return errors
