"""schemathesis against the API's own OpenAPI document: no server error, every response as documented.

Bounded (a few examples per operation) so it stays well under a minute; run as the
office of the shared ledger, whose ids the strategies cannot guess (they get 404s, which
are documented), plus the ledger's real ids through explicit examples below.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.checks import not_a_server_error

from zhenggai.web.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def office_key(ledger, people):
    """The office's token; the WSGI app is called directly, so, as Django's test client does, the
    request signals must not close the test's database connection (PostgreSQL, CONN_MAX_AGE=0)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from zhenggai.api import tokens

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield tokens.create(people.office, "schemathesis")[1]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms(case, office_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {office_key}"},
                           checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                   response_schema_conformance])


def test_real_ids_conform(office_key, ledger, client):
    """The same checks with the ledger's real unit and measure ids (the generated ones are random)."""
    from zhenggai.api.api import measure_key

    u, m = ledger.unit.public_id, measure_key(ledger.measures[4])
    for path in (f"/units/{u}", f"/units/{u}/findings", f"/units/{u}/measures", f"/units/{u}/figures",
                 f"/units/{u}/warnings", f"/measures/{m}"):
        op = schema["/api/v1" + path.replace(u, "{unit_id}").replace(f"/measures/{m}", "/measures/{measure_id}")]["GET"]
        case = op.Case(path_parameters={"unit_id": u} if "{unit_id}" in op.path else {"measure_id": str(m)})
        case.call_and_validate(headers={"Authorization": f"Bearer {office_key}"},
                               checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
