"""Schemathesis against /api/schema/ on a live server, anonymously and with a staff token: no server error, no
response that breaks the schema (body and content type), with a bounded number of examples per operation.

QUALITY_API_EXAMPLES (default 15) sets the examples per operation, generation mode and identity; the run is
derandomized so that CI is repeatable (set QUALITY_API_RANDOM=1 to explore new examples)."""

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from quality.samples import API_TOKEN_PERSONA, PERSONAS, all_paths, user
from quality.urlmap import routes

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("QUALITY_API_EXAMPLES", "15"))
RANDOM = os.environ.get("QUALITY_API_RANDOM", "") == "1"
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(scope="module")
def api(demo, live_url):
    from taskforce.accounts.services import api_token_issue  # noqa: PLC0415 -- used by this test only

    schema = schemathesis.openapi.from_url(f"{live_url}/api/schema/")
    token = api_token_issue(user=user(PERSONAS[API_TOKEN_PERSONA]))  # a staff account allowed a token
    yield schema, live_url, {"anonymous": {}, "staff token": {"Authorization": f"Token {token}"}}
    demo.reset()  # what the fuzzing wrote through the API is not left for the other checks


def sample_path_parameters(operation_path: str) -> dict:
    """Real values for the operation's path parameters, from the demo samples of the matching URL pattern."""
    names = re.findall(r"\{(\w+)\}", operation_path)
    if not names:
        return {}
    pattern = re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(operation_path)) + "$")
    for route in routes():
        if route.is_api and route.params:
            for path in all_paths(route):
                found = pattern.match(path)
                if found:
                    return found.groupdict()
    return {}


def _messages(exc: BaseException) -> list[str]:
    """The failures inside schemathesis' exception group, one per line of text that matters."""
    if isinstance(exc, BaseExceptionGroup):
        return [line for sub in exc.exceptions for line in _messages(sub)]
    return [str(exc).strip()]


def fuzz(operation, base_url: str, headers: dict, **strategy_kwargs) -> list[str]:
    failures = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategy = operation.as_strategy(generation_mode=mode, **strategy_kwargs)

        @given(case=strategy)
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=not RANDOM,
            database=None,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: it can take minutes
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=30)

        try:
            run()
        except Unsatisfiable:
            continue  # nothing in this operation can be made invalid (no parameters, or any string is valid)
        except (Exception, BaseExceptionGroup) as exc:  # schemathesis' FailureGroup is a BaseExceptionGroup
            details = "\n".join(_messages(exc))[:1500]
            failures.append(f"{operation.label} ({mode.value}, {strategy_kwargs or 'generated values'}):\n{details}")
    return failures


@pytest.mark.parametrize("identity", ["anonymous", "staff token"])
def test_api_has_no_server_error_and_keeps_its_schema(api, identity):
    schema, base_url, identities = api
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5, f"the schema lists only {len(operations)} operations"
    failures = []
    for operation in operations:
        failures += fuzz(operation, base_url, identities[identity])
        real = sample_path_parameters(operation.path)
        if real:
            failures += fuzz(operation, base_url, identities[identity], path_parameters=real)
    assert not failures, f"FINDING: schemathesis ({identity}):\n" + "\n\n".join(failures)
