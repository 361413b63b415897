"""The JSON API against its OpenAPI document, for the core's and add-ons' tests: each
operation gets schemathesis' generated requests (valid and not) and every check on each
answer (no server error, a documented status, the declared content type and schema,
invalid input refused). Use with the ``api_schema`` fixture."""
from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

EXAMPLES = 40


def check_every_operation(schema: Any, examples: int = EXAMPLES, **call: Any) -> list[str]:
    """Each operation of ``schema`` tried with ``examples`` generated requests (the same
    at every run); ``call`` goes to ``case.call_and_validate`` (``headers``,
    ``excluded_checks``…). Returns the operations tried, as ``METHOD /path``."""
    tried = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(**call)

        check()
        tried.append(f"{operation.method.upper()} {operation.path}")
    return tried
