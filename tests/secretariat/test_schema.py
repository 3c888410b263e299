"""The OpenAPI schema of the whole API generates without a warning (check --deploy fails on them)."""

import io

from django.core.management import call_command


def test_openapi_schema_generates_without_warnings(db):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert '"openapi"' in out.getvalue() or "openapi:" in out.getvalue()
