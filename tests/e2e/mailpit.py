"""Staff email as the e2e tests read it: from Mailpit, through its HTTP API, as in the compose stack.

Mailpit runs from the binary ``make run`` uses (infra/mailbox.py), on ports of its own per test module.
``messages`` is every message received so far, oldest first, parsed from the raw bytes Mailpit kept.
"""

import email
import email.policy
import json
import urllib.request
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from infra.mailbox import Mailbox
from tests.e2e.processes import free_port


class MailpitInbox:
    def __init__(self, folder: Path) -> None:
        self.mailbox = Mailbox(folder, smtp_port=free_port(), http_port=free_port())
        self.parsed: dict[str, EmailMessage] = {}

    @property
    def port(self) -> int:
        """The SMTP port the notification service sends to."""
        return self.mailbox.smtp_port

    def start(self) -> "MailpitInbox":
        self.mailbox.start()
        return self

    def stop(self) -> None:
        self.mailbox.stop()

    @property
    def messages(self) -> list[EmailMessage]:
        summaries = self._get("/api/v1/messages?limit=5000")["messages"]
        for summary in summaries:
            if summary["ID"] not in self.parsed:
                raw = self._raw(f"/api/v1/message/{summary['ID']}/raw")
                self.parsed[summary["ID"]] = email.message_from_bytes(raw, policy=email.policy.default)
        return [self.parsed[summary["ID"]] for summary in reversed(summaries)]  # the API lists newest first

    def _get(self, path: str) -> dict[str, Any]:
        return json.loads(self._raw(path))

    def _raw(self, path: str) -> bytes:
        with urllib.request.urlopen(self.mailbox.url + path, timeout=10) as answer:
            return answer.read()
