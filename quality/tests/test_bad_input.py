"""The bad input sweep over every form on every page each persona reaches and every API endpoint (see
quality/sweep.py): never a server error, nothing half-saved, stored text shown escaped."""

import pytest

from quality.sweep import run_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def findings(demo):
    return run_sweep()


def test_the_sweep_found_forms_and_endpoints(findings):
    actions = {form.action.split("/")[2] for form in findings.forms if form.action.count("/") > 2}
    assert len(findings.forms) >= 10, f"only {len(findings.forms)} forms found: {[str(f) for f in findings.forms]}"
    assert {"tips", "accounts"} <= actions, f"forms found only under {sorted(actions)}"
    assert findings.submissions > 100 and findings.api_requests > 50


def test_bad_input_never_causes_a_server_error(findings):
    assert not findings.server_errors, f"FINDING: {len(findings.server_errors)} server errors:\n" + "\n".join(
        findings.server_errors
    )


def test_a_refused_submission_saves_nothing(findings):
    assert not findings.half_saved, "FINDING: half-saved submissions:\n" + "\n".join(findings.half_saved)


def test_stored_text_is_shown_escaped(findings):
    assert not findings.unescaped, "FINDING: unescaped text:\n" + "\n".join(findings.unescaped)


@pytest.fixture(scope="module")
def bad_addresses(demo):
    from quality.sweep import sweep_bad_addresses  # noqa: PLC0415 -- used by this test only

    return sweep_bad_addresses()


def test_bad_bytes_in_any_address_are_refused_never_a_server_error(bad_addresses):
    """NUL bytes in the path or query of every URL pattern answer 400 (JSON on the API); invalid or overlong UTF-8
    and very long values answer anything but a server error."""
    problems, sent = bad_addresses
    assert sent > 500, f"only {sent} requests: is the URL configuration loaded?"
    assert not problems, f"FINDING: {len(problems)} bad addresses answered wrongly:\n" + "\n".join(problems)
