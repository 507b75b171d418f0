"""Settings read once from the environment (prefix ``AWARDS_``).

``CommonSettings`` holds what every service reads; each service's own class adds its fields to it. These
classes are the single source of truth: the configuration table (docs/configuration.md) and the compose
file's environment are generated from / checked against them.
"""

from functools import cached_property
from typing import Literal, Self, cast

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "AWARDS_"
DEFAULT_VOTE_SECRET = "change-me"


class CommonSettings(BaseSettings):
    """What every service reads: where Kafka and MongoDB are, names, HTTP, the keys that have a role in
    every service, and the handling of failing events. Each service's settings class adds its own."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", description="Kafka bootstrap servers, comma separated."
    )
    mongodb_uri: str = Field(
        "mongodb://127.0.0.1:27017", description="MongoDB (or FerretDB) connection URI."
    )
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="How Kafka clients connect: TLS and/or SASL authentication.")
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        "PLAIN", description="SASL mechanism, with SASL_PLAINTEXT or SASL_SSL.")
    kafka_sasl_username: str | None = Field(None, description="SASL user name.")
    kafka_sasl_password: SecretStr | None = Field(None, description="SASL password.")
    kafka_ssl_cafile: str | None = Field(None, description="CA bundle that signed the brokers' certificates "
                                         "(SSL, SASL_SSL); the system's CAs when unset.")
    topic_prefix: str = Field("awards.", description="Prefix of every topic name.")
    database_prefix: str = Field(
        "awards_", description="Prefix of each service's own MongoDB database name."
    )
    consumer_group_suffix: str = Field(
        "", description="Appended to every consumer group: a new suffix with an empty database rebuilds a "
        "service's state by replaying every topic from the beginning.")
    http_host: str = Field("127.0.0.1", description="Interface the HTTP server binds.")
    http_port: int | None = Field(
        None, description="HTTP port; default per service: nomination 8001, scoring 8002, "
        "notification 8003, results 8004."
    )
    log_level: str = Field("INFO", description="Log level of the JSON logs.")
    max_request_bytes: int = Field(65_536, description="Largest HTTP request body accepted (413 above).")
    publish_timeout_s: float = Field(
        10.0, description="How long an HTTP request that publishes an event waits for Kafka's acknowledgement "
        "before answering 503.")
    operator_api_keys: dict[str, SecretStr] = Field(
        default_factory=dict, description="Operators' keys, JSON object of name → secret (X-Operator-Key): "
        "registering judges, subscriptions, finalising, rebuilding; also accepted where a staff key is.")
    staff_api_keys: dict[str, SecretStr] = Field(
        default_factory=dict, description="Staff keys, JSON object of name → secret (X-Staff-Key): read-only "
        "views for the awards office (judging progress, jury audit, subscriptions, digests, rebuild progress).")
    retry_initial_backoff_s: float = Field(
        0.2, description="First wait before retrying a failed event; doubles up to the maximum."
    )
    retry_max_backoff_s: float = Field(10.0, description="Longest wait between two retries.")
    batch_max_records: int = Field(
        500, description="Most events a batch handler takes at once (one database write and one offset "
        "commit for all of them); it never waits to fill a batch."
    )
    handler_max_attempts: int = Field(
        5, description="Attempts for an event whose handler keeps failing (not a transient outage) "
        "before it is dead-lettered."
    )

    @classmethod
    def documented_defaults(cls) -> Self:
        """The defaults alone, whatever the environment holds: what generated documents show."""
        return cast(Self, cls.model_construct())  # pydantic's mypy plugin types it as the defining class

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"

    def database_name(self, service: str) -> str:
        return f"{self.database_prefix}{service}"

    def consumer_group(self, service: str) -> str:
        return f"{self.topic_prefix}{service}{self.consumer_group_suffix}"

    @cached_property
    def bootstrap_servers(self) -> list[str]:
        return [s.strip() for s in self.kafka_bootstrap_servers.split(",") if s.strip()]


class Settings(CommonSettings):
    intake_api_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="HTTP intake keys, JSON object of key name → secret (sent as X-API-Key). The name "
        "becomes the submission's source, e.g. {\"mohp-portal\": \"…\"}. Any key of any role may be given as "
        "sha256:<hex digest> instead (python -m shared.api_keys KEY).",
    )
    intake_publish_timeout_s: float = Field(
        10.0, description="How long the HTTP intake waits for Kafka to acknowledge before answering 503."
    )
    judge_api_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="Judges' keys, JSON object of judge id → secret (sent as X-Judge-Key); the key binds "
        "the judge id of every score sent with it.",
    )
    vote_secret: SecretStr = Field(
        SecretStr(DEFAULT_VOTE_SECRET), description="HMAC key that turns a voter's verified contact into the "
        "stored voter id; contacts are never stored in clear. Scoring refuses to start with the default.",
    )
    votes_per_minute: int = Field(30, description="Public votes accepted per minute from one client address.")
    board_cache_s: float = Field(
        4.0, ge=0, le=5, description="How long results serves a board or an edition's state from memory "
        "before checking its version in the background (0: never cached). Readers are told boards may be 5 s "
        "old; a board this process rebuilt or finalised is never served older than that change.")
    boards_interval_s: float = Field(
        0.5, description="How often results rebuilds the leaderboards and tables of editions that changed.")
    standings_interval_s: float = Field(
        0.1, description="Shortest time between two rounds in which scoring recomputes the standings of "
        "categories with new evidence (a round that took longer is followed by as long a pause; after an "
        "idle spell the first evidence starts a round at once)."
    )
    standings_published_per_s: float = Field(
        1000.0, gt=0, description="Standings per second scoring publishes at most, on average: a round that "
        "published n standings is followed by a pause of at least n / this. A vote moves every standing of "
        "its category (shares, the category's count), so unbounded vote traffic could flood the readers. "
        "The backlog a burst of votes leaves is what the chaos matrix's kill -9 of scoring shows "
        "(python -m chaos --only 'kill -9 scoring'). A lower bound delays the standings after a burst.")
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
    reminder_leads_h: list[int] = Field(
        default_factory=lambda: [72, 24], description="Hours before the judging and voting windows close "
        "when staff are reminded; JSON list.")
    public_base_url: str = Field(
        "http://127.0.0.1:8004", description="Base URL of the results service, used in links."
    )
