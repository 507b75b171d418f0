"""Who may call what: every endpoint of every service's OpenAPI document, called with no key and with
each role's key, on the running services. A role is allowed when the answer is neither 401 nor 403; no
answer may be a 5xx."""

from typing import Any

import httpx

from shared.api_keys import digest
from tests.e2e.conftest import INTAKE_KEY, OPERATOR_KEY, Pipeline

STAFF_KEY = "e2e-staff-key"
HASHED_OPERATOR_KEY = "an-operator-key-kept-only-as-a-digest"
SETTINGS = {"staff_api_keys": {"office-reader": STAFF_KEY},
            "operator_api_keys": {"e2e-operator": OPERATOR_KEY, "night-shift": digest(HASHED_OPERATOR_KEY)}}
ROLES = {
    "public": {},
    "source": {"X-API-Key": INTAKE_KEY},
    "judge": {"X-Judge-Key": "key-j-jo-01"},
    "staff": {"X-Staff-Key": STAFF_KEY},
    "operator": {"X-Operator-Key": OPERATOR_KEY},
    "operator by digest": {"X-Operator-Key": HASHED_OPERATOR_KEY},
}
OPERATORS = {"operator", "operator by digest"}
STAFF = {"staff"} | OPERATORS
EVERYONE = set(ROLES)
# Not listed: public (results, live page, votes, screening status, standings, operations endpoints).
RESTRICTED = {
    ("nomination", "POST", "/nominations"): {"source"},
    ("scoring", "POST", "/scores"): {"judge"},
    ("scoring", "POST", "/recusals"): {"judge"},
    ("scoring", "GET", "/judges/me/assignments"): {"judge"},
    ("scoring", "POST", "/judges"): OPERATORS,
    ("scoring", "GET", "/judges"): OPERATORS,
    ("scoring", "GET", "/progress"): STAFF,
    ("scoring", "GET", "/audit"): STAFF,
    ("notification", "PUT", "/subscriptions/{subscription_id}"): OPERATORS,
    ("notification", "DELETE", "/subscriptions/{subscription_id}"): OPERATORS,
    ("notification", "GET", "/subscriptions"): STAFF,
    ("notification", "GET", "/digests"): STAFF,
    ("results", "POST", "/editions/{edition_id}/finalise"): OPERATORS,
    ("results", "POST", "/rebuild"): OPERATORS,
    ("results", "GET", "/rebuild"): STAFF,
}
# Endpoints that never end (server-sent events) are checked for access by their first line only.
STREAMS = {"/editions/{edition_id}/stream"}


def operations(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """Every operation; a rebuild (admitted, it really starts one and moves reads to a new generation) last,
    so the other endpoints are called on a service that is not in the middle of switching."""
    found = [(method.upper(), path) for path, item in spec["paths"].items() for method in item
             if method in {"get", "post", "put", "delete", "patch"}]
    return sorted(found, key=lambda op: op == ("POST", "/rebuild"))


async def call(http: httpx.AsyncClient, method: str, path: str, headers: dict[str, str]) -> int:
    url = path.replace("{edition_id}", "e2e-open").replace("{category}", "digital-content")
    url = url.replace("{subscription_id}", "nobody").replace("{nomination_id}", "unknown")
    body: dict[str, Any] | None = {} if method in {"POST", "PUT", "PATCH"} else None
    if path in STREAMS:
        async with http.stream(method, url, headers=headers) as response:
            return response.status_code
    return (await http.request(method, url, headers=headers, json=body)).status_code


async def test_every_endpoint_admits_exactly_its_roles(pipeline: Pipeline) -> None:
    observed: dict[tuple[str, str, str], set[str]] = {}
    failures: list[str] = []
    for name, service in pipeline.services.items():
        async with httpx.AsyncClient(base_url=service.url, timeout=30) as http:
            spec = (await http.get("/openapi.json")).json()
            for method, path in operations(spec):
                allowed = set()
                for role, headers in ROLES.items():
                    status = await call(http, method, path, headers)
                    if status >= 500:
                        failures.append(f"{name} {method} {path} as {role}: {status}")
                    if status not in (401, 403):
                        allowed.add(role)
                observed[(name, method, path)] = allowed
    assert not failures, failures
    wrong = {op: (roles, RESTRICTED.get(op, EVERYONE)) for op, roles in observed.items()
             if roles != RESTRICTED.get(op, EVERYONE)}
    assert not wrong, f"endpoint: (admitted, expected) {wrong}"
    assert set(RESTRICTED) <= set(observed), "an endpoint of the table is gone from the OpenAPI documents"


async def test_a_key_of_another_role_is_refused_with_403(pipeline: Pipeline) -> None:
    async with httpx.AsyncClient(base_url=pipeline.services["results"].url) as http:
        refused = await http.post("/editions/e2e-open/finalise", json={}, headers={"X-Operator-Key": STAFF_KEY})
        assert refused.status_code == 403 and STAFF_KEY not in refused.text
        missing = await http.post("/editions/e2e-open/finalise", json={})
        assert missing.status_code == 401 and "X-Operator-Key" in missing.json()["detail"]
    async with httpx.AsyncClient(base_url=pipeline.services["scoring"].url) as http:
        as_source = await http.post("/scores", json={}, headers={"X-Judge-Key": INTAKE_KEY})
        assert as_source.status_code == 403


async def test_no_secret_reaches_a_log(pipeline: Pipeline) -> None:
    """After every endpoint was called with every key (the tests above), no key, HMAC secret or password
    is in any service's log."""
    settings = pipeline.settings
    secrets = {INTAKE_KEY, STAFF_KEY, OPERATOR_KEY, HASHED_OPERATOR_KEY, "key-j-jo-01",
               settings.vote_secret.get_secret_value(), settings.webhook_secret.get_secret_value()}
    for name, service in pipeline.services.items():
        log = service.log.read_text(encoding="utf-8", errors="replace")
        assert log, f"{name} logged nothing: the check would prove nothing"
        leaked = [secret for secret in secrets if secret and secret in log]
        assert not leaked, f"{name}'s log holds {len(leaked)} secret(s)"


async def test_every_service_refuses_an_oversized_body_before_reading_it(pipeline: Pipeline) -> None:
    too_big = b'{"pad": "' + b"x" * (pipeline.settings.max_request_bytes + 1) + b'"}'
    for name, method, path in (("nomination", "POST", "/nominations"), ("scoring", "POST", "/votes"),
                               ("notification", "PUT", "/subscriptions/big"),
                               ("results", "POST", "/editions/e2e-open/finalise")):
        async with httpx.AsyncClient(base_url=pipeline.services[name].url) as http:
            response = await http.request(method, path, content=too_big,
                                          headers={"content-type": "application/json"})
            assert response.status_code == 413, f"{name} {path}: {response.status_code}"


async def test_staff_read_webhook_addresses_without_their_tokens(pipeline: Pipeline) -> None:
    hook = "https://hooks.example.org/services/T0KEN-in-the-path?sig=also-secret"
    subscription = {"id": "hooked", "name": "Ops channel", "webhook_url": hook, "kinds": ["winners.announced"]}
    async with httpx.AsyncClient(base_url=pipeline.services["notification"].url) as http:
        saved = await http.put("/subscriptions/hooked", json=subscription, headers={"X-Operator-Key": OPERATOR_KEY})
        assert saved.status_code == 200, saved.text
        try:
            as_staff = await http.get("/subscriptions", headers={"X-Staff-Key": STAFF_KEY})
            as_operator = await http.get("/subscriptions", headers={"X-Operator-Key": OPERATOR_KEY})
        finally:
            await http.delete("/subscriptions/hooked", headers={"X-Operator-Key": OPERATOR_KEY})
    seen_by_staff = next(s for s in as_staff.json() if s["id"] == "hooked")
    assert seen_by_staff["webhook_url"] == "https://hooks.example.org/…"
    assert "T0KEN" not in as_staff.text and "also-secret" not in as_staff.text
    assert next(s for s in as_operator.json() if s["id"] == "hooked")["webhook_url"] == hook
