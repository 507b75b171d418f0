"""Email over SMTP (aiosmtplib)."""

from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from shared.failures import TransientFailure
from shared.settings import Settings

from ..service_layer.delivery import PermanentFailure, message_id


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def __call__(self, to: str, message: dict, key: str) -> None:
        email = EmailMessage()
        email["From"] = self.settings.mail_from
        email["To"] = to
        email["Subject"] = message["subject"]
        email["Message-ID"] = message_id(key)  # the same for a resend: clients drop the repeat
        email["Date"] = formatdate(localtime=False)
        email.set_content(message["text"], charset="utf-8")
        email.add_alternative(message["html"], subtype="html", charset="utf-8")
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
        except aiosmtplib.SMTPRecipientsRefused as error:
            raise PermanentFailure(f"recipient refused: {error.recipients}") from error
        except aiosmtplib.SMTPResponseException as error:
            if 400 <= error.code < 500:
                raise TransientFailure(f"SMTP {error.code}: {error.message}") from error
            raise PermanentFailure(f"SMTP {error.code}: {error.message}") from error
        except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPServerDisconnected,
                aiosmtplib.SMTPTimeoutError) as error:
            raise TransientFailure(f"SMTP unavailable: {error}") from error
