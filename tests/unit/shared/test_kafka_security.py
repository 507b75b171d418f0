from faststream.security import SASLScram512

from shared.kafka_security import broker_security, client_options
from shared.settings import CommonSettings


def test_plaintext_by_default() -> None:
    settings = CommonSettings(kafka_bootstrap_servers="k1:9092,k2:9092")
    assert client_options(settings) == {"bootstrap_servers": ["k1:9092", "k2:9092"], "security_protocol": "PLAINTEXT"}
    assert broker_security(settings) is None


def test_sasl_over_tls_reaches_every_client_alike() -> None:
    settings = CommonSettings(kafka_security_protocol="SASL_SSL", kafka_sasl_mechanism="SCRAM-SHA-512",
                        kafka_sasl_username="awards", kafka_sasl_password="s3cret")
    options = client_options(settings)
    assert options["security_protocol"] == "SASL_SSL" and options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "awards" and options["sasl_plain_password"] == "s3cret"
    assert options["ssl_context"] is not None
    security = broker_security(settings)
    assert isinstance(security, SASLScram512) and security.use_ssl and security.ssl_context is not None
