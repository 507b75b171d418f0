"""Email over SMTP (aiosmtplib)."""

from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from shared.failures import TransientFailure
from shared.settings import Settings

from ..domain.messages import StaffMessage


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, to: str, message: StaffMessage, message_id: str) -> None:
        email = EmailMessage()
        email["From"] = self.settings.mail_from
        email["To"] = to
        email["Subject"] = message.subject
        email["Message-ID"] = message_id
        email["Date"] = formatdate(localtime=False)
        email["Content-Language"] = "ar, en"
        email.set_content(message.body, charset="utf-8")
        password = self.settings.smtp_password
        try:
            await aiosmtplib.send(
                email,
                hostname=self.settings.smtp_host,
                port=self.settings.smtp_port,
                start_tls=self.settings.smtp_starttls,
                username=self.settings.smtp_username,
                password=password.get_secret_value() if password else None,
                timeout=15,
            )
        except aiosmtplib.SMTPResponseException as error:
            if 400 <= error.code < 500:
                raise TransientFailure(f"SMTP {error.code}: {error.message}") from error
            raise
        except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPServerDisconnected,
                aiosmtplib.SMTPTimeoutError) as error:
            raise TransientFailure(f"SMTP unavailable: {error}") from error
