"""Staff notifications through the real pipeline: one email per matching subscriber in their language,
a signed webhook that a receiver verifies, and a receiver that is down at first and served later."""

import hashlib
import hmac
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from tests.e2e.conftest import OPERATOR_KEY, WEBHOOK_SECRET, Pipeline
from tests.e2e.events import publish, submitted
from tests.waiting import eventually


class WebhookReceiver:
    """A real HTTP receiver on loopback that verifies signatures, and can be 'down' (503)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.refused = 0
        self.down = True
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                if receiver.down:
                    receiver.refused += 1
                    self.send_response(503)
                    self.end_headers()
                    return
                timestamp = self.headers["x-awards-timestamp"]
                expected = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), timestamp.encode() + b"." + body,
                                                hashlib.sha256).hexdigest()
                verified = hmac.compare_digest(expected, self.headers["x-awards-signature"])
                receiver.received.append({"body": json.loads(body), "verified": verified,
                                          "key": self.headers["idempotency-key"]})
                self.send_response(200 if verified else 401)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/awards"


async def test_subscribers_get_their_language_and_a_down_webhook_is_served_later(pipeline: Pipeline) -> None:
    receiver = WebhookReceiver()
    run = uuid.uuid4().hex[:6]
    coordinator = {"id": f"jo-{run}", "name": "Jordan coordinator", "email": f"jo-{run}@awards.test",
                   "webhook_url": receiver.url, "language": "en", "timezone": "Asia/Amman", "countries": ["JO"]}
    async with httpx.AsyncClient(base_url=pipeline.services["notification"].url) as http:
        assert (await http.put(f"/subscriptions/{coordinator['id']}", json=coordinator)).status_code == 401
        saved = await http.put(f"/subscriptions/{coordinator['id']}", json=coordinator,
                               headers={"X-Operator-Key": OPERATOR_KEY})
        assert saved.status_code == 200, saved.text
        bad = await http.put("/subscriptions/x", json={**coordinator, "id": "x", "webhook_url": "http://evil.example"},
                             headers={"X-Operator-Key": OPERATOR_KEY})
        assert bad.status_code == 422

    reference = f"JO-NOTIFY-{run}"
    await publish(pipeline.settings.kafka_bootstrap_servers, pipeline.settings.topic("nominations.submitted"),
                  [(reference.encode(), submitted(reference, country="JO", nominee={
                      "kind": "entity", "name_ar": f"أمانة عمّان الكبرى {run}", "name_en": f"Greater Amman {run}",
                      "organisation_type": "municipality"},
                      accounts=[{"platform": "x", "url": f"https://x.com/amman{run}"}]))])

    async def both_emails() -> list[Any] | None:
        mine = [m for m in pipeline.mail.messages if run in str(m["Subject"])
                and str(m["Subject"]).startswith(("قُبل ترشيح", "Nomination accepted"))]
        return mine if len(mine) >= 2 else None
    emails = await eventually(both_emails, what="the office's and the coordinator's emails")
    by_recipient = {str(m["To"]): m for m in emails}
    assert str(by_recipient[f"jo-{run}@awards.test"]["Subject"]) == f"Nomination accepted: Greater Amman {run}"
    assert str(by_recipient["office@awards.test"]["Subject"]) == f"قُبل ترشيح أمانة عمّان الكبرى {run}"
    assert len(emails) == 2, "one email per subscriber"

    async def turned_away() -> bool:
        return receiver.refused >= 1
    await eventually(turned_away, what="a delivery attempt while the receiver is down")
    assert receiver.received == []
    receiver.down = False

    async def webhook() -> list[Any] | None:
        return receiver.received or None
    received = await eventually(webhook, timeout_s=90, what="the webhook once the receiver is back")
    assert received[0]["verified"] is True
    assert received[0]["body"]["subject"] == f"Nomination accepted: Greater Amman {run}"
    receiver.server.shutdown()
