#!/usr/bin/env bash
# Code and dependency scanners: bandit (medium and high severity) over our code and pip-audit over
# requirements.txt. Every finding must be answered in .ci/security-exceptions.toml with a reason.
# Run alone: bash .ci/security.sh   (pip-audit needs to reach PyPI and its vulnerability data)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0

# Tests are left out (they run only in CI; asserts and parsing our own output are their job).
"$BIN/bandit" -r . -q --severity-level medium --format json --output "$out/bandit.json" \
  --exclude ./.venv,./staticfiles,./media,'*/tests/*','./*/tests/*' || true
"$BIN/python" -m quality.security bandit "$out/bandit.json" || status=1

"$BIN/pip-audit" --requirement requirements.txt --format json --output "$out/pip-audit.json" \
  --progress-spinner off || true
"$BIN/python" -m quality.security pip-audit "$out/pip-audit.json" || status=1

exit "$status"
