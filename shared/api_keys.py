"""API-key checks for the HTTP endpoints: 401 without a key, 403 with an unknown one. Keys are compared
in constant time; the matching key's name (a source system, a judge id, an operator) is returned."""

import hmac

from fastapi import HTTPException
from pydantic import SecretStr


def key_holder(presented: str | None, keys: dict[str, SecretStr], header: str, purpose: str) -> str:
    if not presented:
        raise HTTPException(401, detail=f"{purpose} needs a key in the {header} header",
                            headers={"WWW-Authenticate": "ApiKey"})
    for name, secret in keys.items():
        if hmac.compare_digest(presented.encode(), secret.get_secret_value().encode()):
            return name
    raise HTTPException(403, detail=f"this key may not be used for {purpose}")
