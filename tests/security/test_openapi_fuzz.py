"""Schemathesis generates requests from the published OpenAPI description.

Against a real server, with authorization off and on, no generated request
may get a 5xx, an undocumented status, or a response that breaks the
description's schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import _module_server
from tests.support.users import basic

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Examples per operation and mode; the run stays within about a minute.
EXAMPLES = 20


@pytest.fixture(scope="module", params=["open", "secured"])
def fuzz_server(request, tmp_path_factory, make_database):
    # Throttling would answer the many generated logins with 429, which the
    # description documents but which would hide other answers.
    yield from _module_server(
        tmp_path_factory,
        make_database,
        authorize=request.param == "secured",
        LOGIN_FAILURES_PER_PAIR="1000",
        LOGIN_FAILURES_PER_USER="10000",
        LOGIN_FAILURES_PER_ADDRESS="100000",
    )


def test_generated_requests_match_description(fuzz_server):
    schema = schemathesis.openapi.from_url(f"{fuzz_server.url}/api/openapi.json")
    headers = basic("admin", "admin") if fuzz_server.authorizes_clients else {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        _fuzz(operation, fuzz_server.url, headers)


def _fuzz(operation, base_url: str, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case):
        case.call_and_validate(
            base_url=base_url, headers=headers, checks=CHECKS, timeout=30
        )

    check()
