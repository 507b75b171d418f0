"""Whether this service may talk to Kafka at all: checked once, before the service starts.

A refused or timed-out connection is Kafka not being there *yet* (starting, restarting, a network
blip): the check waits for it, with backoff. A broker that refuses the credentials (SASL) or presents
a certificate the configured CA did not sign cannot be waited out: it takes an operator to fix a
setting, so the service stops at once with an error saying which setting, and exits with
``EX_CONFIG`` (78) so a supervisor can tell it from a crash. The Kafka client reports all three the same
way ("Unable to bootstrap"), the reason only in a log line: this check tells them apart.
"""

import asyncio
import logging
import ssl
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import errors as kafka_errors
from aiokafka.conn import create_conn

from shared.kafka_security import client_options
from shared.settings import CommonSettings

log = logging.getLogger("awards.kafka_access")

EX_CONFIG = 78  # sysexits.h: a configuration error
REFUSED_CREDENTIALS = (kafka_errors.SaslAuthenticationFailed, kafka_errors.UnsupportedSaslMechanismError,
                       kafka_errors.IllegalSaslStateError, kafka_errors.AuthenticationFailedError,
                       kafka_errors.AuthenticationMethodNotSupported)


class KafkaAccessRefused(RuntimeError):
    """Kafka answered but will not let this service in; retrying cannot help."""


def refusal(error: BaseException, settings: CommonSettings, server: str) -> KafkaAccessRefused | None:
    """The fatal error ``error`` amounts to, with what to fix; ``None`` when it is worth waiting out."""
    if isinstance(error, REFUSED_CREDENTIALS):
        return KafkaAccessRefused(
            f"Kafka at {server} refused to authenticate user {settings.kafka_sasl_username!r} with "
            f"{settings.kafka_sasl_mechanism} ({error}): check AWARDS_KAFKA_SASL_USERNAME, "
            f"AWARDS_KAFKA_SASL_PASSWORD and AWARDS_KAFKA_SASL_MECHANISM")
    if isinstance(error, ssl.SSLCertVerificationError):
        reason = getattr(error, "verify_message", None) or error  # set by the ssl module's handshake
        trusted = f"the CA in {settings.kafka_ssl_cafile}" if settings.kafka_ssl_cafile else "the system's CAs"
        return KafkaAccessRefused(
            f"the TLS certificate of Kafka at {server} is not trusted by {trusted} ({reason}): "
            f"set AWARDS_KAFKA_SSL_CAFILE to the CA that signed the broker's certificate")
    return None


Connect = Callable[[str, int, dict[str, Any]], Awaitable[None]]


async def _connect(host: str, port: int, options: dict[str, Any]) -> None:
    """One connection as the Kafka clients make it: TCP, TLS handshake, API versions, SASL; then closed."""
    options = {k: v for k, v in options.items() if k != "bootstrap_servers"}
    connection = await create_conn(host, port, request_timeout_ms=10_000, **options)
    connection.close()


async def check_kafka_access(settings: CommonSettings, connect: Connect = _connect,
                             first_backoff_s: float = 0.5, max_backoff_s: float = 5.0) -> None:
    """Returns once one bootstrap server lets this service in; waits while none answers; raises
    ``KafkaAccessRefused`` as soon as one refuses its credentials or certificate."""
    try:
        options = client_options(settings)
    except (OSError, ssl.SSLError) as error:  # the CA file: missing, unreadable or not PEM
        raise KafkaAccessRefused(f"AWARDS_KAFKA_SSL_CAFILE={settings.kafka_ssl_cafile} cannot be read as "
                                 f"a CA certificate ({error})") from error
    backoff = first_backoff_s
    while True:
        failures: list[str] = []
        for server in settings.bootstrap_servers:
            host, _, port = server.rpartition(":")
            try:
                await connect(host, int(port), options)
                return
            except (OSError, TimeoutError, kafka_errors.KafkaError) as error:
                if (fatal := refusal(error, settings, server)) is not None:
                    raise fatal from error
                failures.append(f"{server}: {str(error) or type(error).__name__}")
        log.warning("Kafka not reachable yet (%s); trying again in %.1f s", "; ".join(failures), backoff)
        await asyncio.sleep(backoff)
        backoff = min(backoff * 2, max_backoff_s)
