"""Webhooks: a JSON POST signed with HMAC-SHA256 over "<timestamp>.<body>", so a receiver can verify
the sender and refuse replays (old timestamps); the Idempotency-Key lets it drop a repeat."""

import hashlib
import hmac
import json
import time
from typing import Any

import httpx

from shared.transient import TransientFailure

from ..service_layer.delivery_entries import idempotency_key
from ..service_layer.ports import PermanentFailure


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class WebhookSender:
    def __init__(self, secret: str, timeout_s: float = 10.0) -> None:
        self.secret, self.timeout_s = secret, timeout_s

    async def __call__(self, url: str, message: dict[str, Any], key: str) -> None:
        if not self.secret:
            raise PermanentFailure("AWARDS_WEBHOOK_SECRET is not set: webhooks are never sent unsigned")
        payload = {"delivery_key": key, "subject": message["subject"], "text": message["text"],
                   "facts": message.get("facts", {})}
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()
        timestamp = str(int(time.time()))
        headers = {"content-type": "application/json", "x-awards-timestamp": timestamp,
                   "x-awards-signature": signature(self.secret, timestamp, body),
                   "idempotency-key": idempotency_key(key)}
        try:
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                response = await client.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise TransientFailure(f"webhook unreachable: {type(error).__name__}") from error
        if response.status_code >= 500 or response.status_code in (408, 429):
            raise TransientFailure(f"webhook answered {response.status_code}")
        if response.status_code >= 400:
            raise PermanentFailure(f"webhook refused: {response.status_code} {response.text[:200]}")
