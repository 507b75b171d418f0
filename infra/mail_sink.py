"""An in-process SMTP server for the tests and the bench (``make run`` and compose use Mailpit).

Messages are kept in memory when asked (tests read them there) and, when a folder is given, written
there as ``.eml`` files. Otherwise they are only counted: the bench's mailbox, which must not spend the
cores it measures on parsing and saving mail nobody reads (0.23 of a core at 50 nominations a second).

    python -m infra.mail_sink --port 1025 --folder .cache/mail
    python -m infra.mail_sink --port 1025            # accept and count
"""

import argparse
import asyncio
import email
import email.policy
import re
import socket
import time
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class MailSink:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, folder: Path | None = None, keep: bool = True,
                 idle_timeout_s: float = 300) -> None:
        self.messages: list[EmailMessage] = []
        self.received = 0
        self.peers: set[tuple[str, int]] = set()  # the client connections kept messages arrived on
        self.folder, self.keep = folder, keep
        self.controller = Controller(self, hostname=host, port=port or _free_port(host),
                                     timeout=idle_timeout_s)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received += 1
        if self.keep:
            self.peers.add(session.peer)  # type: ignore[arg-type]  # aiosmtpd annotates str; it holds (host, port)
        if not self.keep and self.folder is None:
            return "250 Message accepted for delivery"
        raw = envelope.original_content or b""  # set before handle_DATA is called
        message = email.message_from_bytes(raw, policy=email.policy.default)
        if self.folder is not None:
            # Named by Message-ID: a repeated delivery of one notification overwrites its own file.
            name = re.sub(r"[^A-Za-z0-9@._-]", "", str(message["Message-ID"] or "")) or str(time.time_ns())
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{name}.eml").write_bytes(raw)
            html = message.get_body(preferencelist=("html",))
            if html is not None:  # rendered as staff see it, to open in a browser
                (self.folder / f"{name}.html").write_text(html.get_content(), encoding="utf-8")
        if self.keep:
            self.messages.append(message)  # read by tests from another thread: append is atomic
        return "250 Message accepted for delivery"

    @property
    def port(self) -> int:
        return self.controller.port

    def start(self) -> "MailSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


async def serve(port: int, folder: Path | None) -> None:
    sink = MailSink(port=port, folder=folder, keep=False).start()
    print(f"mail sink on 127.0.0.1:{sink.port}, " + (f"messages saved in {folder}" if folder else "messages counted"),
          flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        sink.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--folder", type=Path, help="where to save each message (none: only count them)")
    arguments = parser.parse_args()
    asyncio.run(serve(arguments.port, arguments.folder))
