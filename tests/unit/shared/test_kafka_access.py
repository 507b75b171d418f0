import ssl
from typing import Any

import pytest
from aiokafka import errors as kafka_errors

from shared.kafka_access import KafkaAccessRefused, check_kafka_access, refusal
from shared.settings import CommonSettings

SECURED = {"kafka_bootstrap_servers": "k1:9093,k2:9093", "kafka_security_protocol": "SASL_SSL",
           "kafka_sasl_mechanism": "SCRAM-SHA-512", "kafka_sasl_username": "scoring",
           "kafka_sasl_password": "not-this-one"}


def settings(**overrides: Any) -> CommonSettings:
    return CommonSettings.model_validate(SECURED | overrides)


def untrusted() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    error.verify_message = "self-signed certificate in certificate chain"
    return error


@pytest.mark.parametrize("error", [
    kafka_errors.SaslAuthenticationFailed("invalid credentials"),
    kafka_errors.UnsupportedSaslMechanismError("no SCRAM-SHA-512 here"),
    kafka_errors.IllegalSaslStateError(),
])
def test_a_refused_login_is_fatal_and_names_the_user_and_the_settings(error: BaseException) -> None:
    fatal = refusal(error, settings(), "k1:9093")
    assert fatal is not None
    assert "k1:9093" in str(fatal) and "'scoring'" in str(fatal) and "SCRAM-SHA-512" in str(fatal)
    assert "AWARDS_KAFKA_SASL_PASSWORD" in str(fatal)
    assert "not-this-one" not in str(fatal)


def test_an_untrusted_certificate_is_fatal_and_names_the_ca_trusted() -> None:
    fatal = refusal(untrusted(), settings(kafka_ssl_cafile="/etc/awards/ca.pem"), "k1:9093")
    assert fatal is not None
    assert "/etc/awards/ca.pem" in str(fatal) and "self-signed certificate" in str(fatal)
    assert "AWARDS_KAFKA_SSL_CAFILE" in str(fatal)
    assert "the system's CAs" in str(refusal(untrusted(), settings(), "k1:9093"))


@pytest.mark.parametrize("error", [
    ConnectionRefusedError(111, "Connection refused"), TimeoutError(), OSError(113, "No route to host"),
    kafka_errors.KafkaConnectionError("Connection at k1:9093 closed"), kafka_errors.NodeNotReadyError(),
    ssl.SSLEOFError(8, "EOF occurred in violation of protocol"),
])
def test_a_broker_not_answering_yet_is_waited_for(error: BaseException) -> None:
    assert refusal(error, settings(), "k1:9093") is None


class Broker:
    """Answers each connection with the next outcome: an error to raise, or None to let it in."""

    def __init__(self, *outcomes: BaseException | None) -> None:
        self.outcomes, self.tried = list(outcomes), list[str]()

    async def connect(self, host: str, port: int, options: dict[str, Any]) -> None:
        self.tried.append(f"{host}:{port}")
        assert options["sasl_plain_username"] == "scoring"  # the service's own client options
        if (outcome := self.outcomes.pop(0)) is not None:
            raise outcome


async def test_waits_while_kafka_refuses_connections_then_starts() -> None:
    refused = ConnectionRefusedError(111, "Connection refused")
    broker = Broker(refused, refused, refused, None)
    await check_kafka_access(settings(), broker.connect, first_backoff_s=0.001, max_backoff_s=0.002)
    assert broker.tried == ["k1:9093", "k2:9093", "k1:9093", "k2:9093"]  # a round of both, then k1 let it in


async def test_stops_at_the_first_refused_login_without_retrying() -> None:
    broker = Broker(ConnectionRefusedError(111, "Connection refused"),
                    kafka_errors.SaslAuthenticationFailed("invalid credentials"), None)
    with pytest.raises(KafkaAccessRefused, match="refused to authenticate user 'scoring'"):
        await check_kafka_access(settings(), broker.connect, first_backoff_s=0.001)
    assert broker.tried == ["k1:9093", "k2:9093"]


async def test_stops_at_an_untrusted_certificate_without_retrying() -> None:
    broker = Broker(untrusted(), None)
    with pytest.raises(KafkaAccessRefused, match="not trusted"):
        await check_kafka_access(settings(), broker.connect, first_backoff_s=0.001)
    assert broker.tried == ["k1:9093"]


async def test_a_ca_file_that_cannot_be_read_is_fatal(tmp_path: Any) -> None:
    not_pem = tmp_path / "ca.pem"
    not_pem.write_text("not a certificate")
    for cafile in (tmp_path / "missing.pem", not_pem):
        with pytest.raises(KafkaAccessRefused, match=f"AWARDS_KAFKA_SSL_CAFILE={cafile}"):
            await check_kafka_access(settings(kafka_ssl_cafile=str(cafile)), Broker(None).connect)
