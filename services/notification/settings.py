"""The notification service's settings: the common ones and its own (prefix ``AWARDS_``)."""

from pydantic import Field, SecretStr

from shared.settings import CommonSettings


class NotificationSettings(CommonSettings):
    http_port: int = Field(8003, description="HTTP port of the notification service.")
    smtp_host: str = Field("127.0.0.1", description="SMTP server for staff email.")
    smtp_port: int = Field(1025, description="SMTP port.")
    smtp_starttls: bool = Field(False, description="Upgrade the SMTP connection with STARTTLS.")
    smtp_username: str | None = Field(None, description="SMTP user name, if the server needs one.")
    smtp_password: SecretStr | None = Field(None, description="SMTP password.")
    mail_from: str = Field(
        "awards@socialgov.example", description="Sender address of staff notifications."
    )
    staff_emails: list[str] = Field(
        default_factory=lambda: ["office@socialgov.example"],
        description="Awards-office addresses that receive every notification, in Arabic (JSON list); more "
        "subscriptions through the notification service's /subscriptions API.",
    )
    webhook_secret: SecretStr = Field(
        SecretStr(""), description="HMAC key that signs every webhook (X-Awards-Signature); webhooks are not "
        "sent without one.")
    delivery_max_attempts: int = Field(8, description="Attempts of one notification delivery before it "
                                       "is recorded as failed.")
    delivery_retry_base_s: float = Field(2.0, description="First wait before retrying a delivery; doubles "
                                         "each time, with jitter.")
    delivery_concurrency: int = Field(
        8, ge=1, description="Notifications of one batch of events sent at once (each waits on the mail server "
        "or webhook receiver and the ledger; sent one after the other, their waits would add up).")
    delivery_stale_claim_s: float = Field(
        60.0, description="A delivery claimed this long ago and never finished (the service died mid-send) is "
        "sent again, with the same Message-ID / Idempotency-Key; the ledger is swept for such claims every "
        "quarter of this.")
    delivery_retries_remembered: int = Field(
        10_000, ge=1, description="Due times of delivery retries one process keeps, to read the ledger when "
        "one falls due; past them the later ones are forgotten and found by the next sweep of the ledger, at "
        "most a quarter of delivery_stale_claim_s late.")
    reminders_remembered: int = Field(
        4096, ge=1, description="Reminders one process keeps having told, to skip the ledger on the next "
        "ticks; past them the oldest are forgotten, and telling one again costs a ledger claim, never a "
        "second email.")
    reminder_leads_h: list[int] = Field(
        default_factory=lambda: [72, 24], description="Hours before the judging and voting windows close "
        "when staff are reminded; JSON list.")
    public_base_url: str = Field(
        "http://127.0.0.1:8004", description="Base URL of the results service, used in links."
    )
