"""Email over SMTP (aiosmtplib).

Built with the classic MIME classes and an explicitly encoded Subject: the modern ``EmailMessage``
folding drops the space between two RFC 2047 encoded words (Python's header folder), so a long Arabic
subject reached the inbox with two words glued together."""

from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate
from typing import Any

import aiosmtplib

from shared.transient import TransientFailure

from ..service_layer.delivery_entries import message_id
from ..service_layer.ports import PermanentFailure
from ..settings import NotificationSettings
from .smtp_sessions import SmtpSessions


def email_of(sender: str, to: str, message: dict[str, Any], key: str) -> MIMEMultipart:
    email = MIMEMultipart("alternative")
    email["From"] = sender
    email["To"] = to
    email["Subject"] = Header(message["subject"], "utf-8")  # type: ignore[assignment]  # typeshed: str only; compat32 takes a Header
    email["Message-ID"] = message_id(key)  # the same for a resend: clients drop the repeat
    email["Date"] = formatdate(localtime=False)
    email.attach(MIMEText(message["text"], "plain", "utf-8"))
    email.attach(MIMEText(message["html"], "html", "utf-8"))
    return email


class SmtpMailer:
    """Sends on sessions kept open between messages, as many as notifications are sent at once."""

    def __init__(self, settings: NotificationSettings) -> None:
        self.settings = settings
        self.sessions = SmtpSessions(self._connect, keep=settings.delivery_concurrency)

    async def _connect(self) -> aiosmtplib.SMTP:
        password = self.settings.smtp_password
        session = aiosmtplib.SMTP(hostname=self.settings.smtp_host, port=self.settings.smtp_port,
                                  start_tls=self.settings.smtp_starttls, username=self.settings.smtp_username,
                                  password=password.get_secret_value() if password else None, timeout=15)
        await session.connect()
        return session

    async def close(self) -> None:
        await self.sessions.close()

    async def __call__(self, to: str, message: dict[str, Any], key: str) -> None:
        try:
            await self.sessions.send(email_of(self.settings.mail_from, to, message, key))
        except aiosmtplib.SMTPRecipientsRefused as error:
            raise PermanentFailure(f"recipient refused: {error.recipients}") from error
        except aiosmtplib.SMTPResponseException as error:
            if 400 <= error.code < 500:
                raise TransientFailure(f"SMTP {error.code}: {error.message}") from error
            raise PermanentFailure(f"SMTP {error.code}: {error.message}") from error
        except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPServerDisconnected,
                aiosmtplib.SMTPTimeoutError) as error:
            raise TransientFailure(f"SMTP unavailable: {error}") from error
