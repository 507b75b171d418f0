"""API keys for the HTTP endpoints: 401 without a key, 403 with a key that is not one of this role's.

Each role has its header (``X-API-Key`` source systems, ``X-Judge-Key`` judges, ``X-Staff-Key`` staff,
``X-Operator-Key`` operators) and is a FastAPI dependency declared as an API-key security scheme, so it is
checked before the body is read and the OpenAPI documents say which key each endpoint needs. The
holder's name (a source system, a judge id, a person) is what the endpoint gets.

A key may be configured as ``sha256:<hex digest>`` instead of the key itself, so the environment and the
files it comes from need not hold usable keys (``python -m shared.api_keys <key>`` prints the digest).
Comparisons are constant-time.
"""

import hashlib
import hmac
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import HTTPException, Security
from fastapi.security import APIKeyHeader
from pydantic import SecretStr

HASHED = "sha256:"


def digest(key: str) -> str:
    return HASHED + hashlib.sha256(key.encode()).hexdigest()


def _matches(presented: str, configured: str) -> bool:
    if configured.startswith(HASHED):
        return hmac.compare_digest(digest(presented).encode(), configured.encode())
    return hmac.compare_digest(presented.encode(), configured.encode())


def holder_named(presented: str, keys: dict[str, SecretStr]) -> str | None:
    """The name of the key's holder, or None when it is none of ``keys``."""
    return next((name for name, secret in keys.items() if _matches(presented, secret.get_secret_value())), None)


def key_holder(presented: str | None, keys: dict[str, SecretStr], header: str, purpose: str) -> str:
    if not presented:
        raise HTTPException(401, detail=f"{purpose} needs a key in the {header} header",
                            headers={"WWW-Authenticate": "ApiKey"})
    name = holder_named(presented, keys)
    if name is None:
        raise HTTPException(403, detail=f"this key may not be used for {purpose}")
    return name


def holder_of(keys: dict[str, SecretStr], header: str, purpose: str) -> Callable[..., Awaitable[str]]:
    """The dependency of one role: the name of the presented key's holder."""
    scheme = APIKeyHeader(name=header, auto_error=False, scheme_name=header)

    async def holder(presented: Annotated[str | None, Security(scheme)]) -> str:
        return key_holder(presented, keys, header, purpose)

    return holder


@dataclass(frozen=True)
class KeyHolder:
    role: str  # "staff" or "operator"
    name: str


def staff_or_operator(staff_keys: dict[str, SecretStr], operator_keys: dict[str, SecretStr],
                      purpose: str) -> Callable[..., Awaitable[KeyHolder]]:
    """Read-only staff endpoints: a staff key, or an operator's (operators may do what staff do; the
    endpoint learns which, to show operators what staff may not see)."""
    staff = APIKeyHeader(name="X-Staff-Key", auto_error=False, scheme_name="X-Staff-Key")
    operator = APIKeyHeader(name="X-Operator-Key", auto_error=False, scheme_name="X-Operator-Key")

    async def holder(staff_key: Annotated[str | None, Security(staff)],
                     operator_key: Annotated[str | None, Security(operator)]) -> KeyHolder:
        if operator_key and not staff_key:
            return KeyHolder("operator", key_holder(operator_key, operator_keys, "X-Operator-Key", purpose))
        return KeyHolder("staff", key_holder(staff_key, staff_keys, "X-Staff-Key", purpose))

    return holder


if __name__ == "__main__":
    for key in sys.argv[1:] or [sys.stdin.readline().strip()]:
        print(digest(key))
