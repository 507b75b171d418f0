"""How every Kafka client of the project authenticates and encrypts, from the settings: plaintext by
default (the local stack and compose), TLS and SASL (PLAIN, SCRAM-SHA-256/512) when configured. One
place, so a service's broker, its side clients (editions, lag, rebuild) and the operators' tools agree."""

import ssl
from typing import Any

from aiokafka.helpers import create_ssl_context
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from shared.settings import CommonSettings

SASL = {"PLAIN": SASLPlaintext, "SCRAM-SHA-256": SASLScram256, "SCRAM-SHA-512": SASLScram512}


def _ssl_context(settings: CommonSettings) -> ssl.SSLContext | None:
    if "SSL" not in settings.kafka_security_protocol:
        return None
    context: ssl.SSLContext = create_ssl_context(cafile=settings.kafka_ssl_cafile)
    return context


def client_options(settings: CommonSettings) -> dict[str, Any]:
    """Keyword arguments for aiokafka's producer, consumer and admin client."""
    options: dict[str, Any] = {"bootstrap_servers": settings.bootstrap_servers,
                               "security_protocol": settings.kafka_security_protocol}
    if context := _ssl_context(settings):
        options["ssl_context"] = context
    if settings.kafka_security_protocol.startswith("SASL"):
        password = settings.kafka_sasl_password
        options |= {"sasl_mechanism": settings.kafka_sasl_mechanism,
                    "sasl_plain_username": settings.kafka_sasl_username,
                    "sasl_plain_password": password.get_secret_value() if password else None}
    return options


def broker_security(settings: CommonSettings) -> BaseSecurity | None:
    """The same, for FastStream's KafkaBroker."""
    protocol, context = settings.kafka_security_protocol, _ssl_context(settings)
    if protocol == "PLAINTEXT":
        return None
    if protocol == "SSL":
        return BaseSecurity(ssl_context=context, use_ssl=True)
    password = settings.kafka_sasl_password
    return SASL[settings.kafka_sasl_mechanism](settings.kafka_sasl_username or "",
                                                password.get_secret_value() if password else "",
                                                ssl_context=context, use_ssl=protocol == "SASL_SSL")
