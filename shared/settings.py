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


class CommonSettings(BaseSettings):
    """What every service reads: where Kafka and MongoDB are, names, HTTP, the keys that have a role in
    every service, and the handling of failing events. Each service's settings class adds its own."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", description="Kafka bootstrap servers, comma separated."
    )
    mongodb_uri: str = Field(
        "mongodb://127.0.0.1:27017", description="MongoDB (or FerretDB) connection URI. A replica set: every "
        "member and `replicaSet=<name>`; the writes that decide things are acknowledged by a majority with journal "
        "whatever the URI says, the others take its `w` (see docs/operations.md)."
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
    forwarded_allow_ips: str = Field(
        "127.0.0.1", description="Addresses of the proxies trusted to tell the caller's address in "
        "X-Forwarded-For (comma separated, `*` for any): rate limits count per caller, not per proxy.")
    http_port: int | None = Field(
        None, description="HTTP port; each service's settings name its own default.")
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
    session_secret: SecretStr | None = Field(
        None, description="Signs the staff console's session cookies (any long random string, the same for "
        "every instance); while unset, the console refuses to sign anyone in.")
    console_session_s: float = Field(
        8 * 3600.0, gt=0, description="How long staff and operators stay signed in to the console.")
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

