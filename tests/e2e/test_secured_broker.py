"""The pipeline on a Kafka that takes only SASL_SSL clients (SCRAM-SHA-512, infra/secured_kafka.py), each
service as its own user, and a service that cannot get in: refused credentials or an untrusted broker
certificate stop it at once (exit 78, the reason in its log), a broker not answering yet is waited for.

The secured broker listens on TEST_SECURED_KAFKA_PORT (19300 unless set) and the next port; FerretDB is
the test stack's."""

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.helpers import create_ssl_context
from pydantic import SecretStr
from pymongo import AsyncMongoClient

from infra.edition import publish as publish_edition
from infra.local_certificates import make_authority
from infra.secured_kafka import SecuredKafka
from infra.topics import ensure_topics
from shared.edition import load_edition
from shared.kafka_access import EX_CONFIG
from shared.kafka_security import client_options
from tests.conftest import isolated_settings
from tests.e2e.conftest import FIRST_EDITION, SERVICES
from tests.e2e.events import submitted
from tests.e2e.mailpit import MailpitInbox
from tests.e2e.processes import ServiceProcess, free_port
from tests.infrastructure import Infrastructure
from tests.tcp_proxy import FaultyLink
from tests.waiting import eventually
from tools.system import SystemSettings


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredKafka]:
    broker = SecuredKafka(port=int(os.environ.get("TEST_SECURED_KAFKA_PORT", 19300)),
                          run_dir=tmp_path_factory.mktemp("secured-kafka"))
    try:
        broker.up(topic_prefix=None)
        yield broker
    finally:
        broker.down()


@pytest.fixture(scope="module")
async def settings(secured: SecuredKafka, infrastructure: Infrastructure,
                   mail_sink: MailpitInbox) -> SystemSettings:
    """The admin's settings, on topics of this module's own."""
    admin = isolated_settings(infrastructure, **secured.settings("admin"), smtp_port=mail_sink.port,
                              staff_emails=["office@awards.test"])
    await ensure_topics(admin.bootstrap_servers, admin.topic_prefix, security=client_options(admin))
    await publish_edition(load_edition(FIRST_EDITION), admin)
    return admin


def as_user(settings: SystemSettings, user: str, password: str, **changes: Any) -> SystemSettings:
    return settings.model_copy(update={"kafka_sasl_username": user, "kafka_sasl_password": SecretStr(password),
                                       **changes})


@pytest.fixture(scope="module")
async def services(secured: SecuredKafka, settings: SystemSettings,
                   tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[dict[str, ServiceProcess]]:
    logs = tmp_path_factory.mktemp("secured-service-logs")
    running = {name: ServiceProcess(name, as_user(settings, name, secured.password(name)), logs).start()
               for name in SERVICES}
    try:
        for service in running.values():
            await asyncio.to_thread(service.wait_ready)
        yield running
    finally:
        for service in running.values():
            await asyncio.to_thread(service.terminate)


async def test_a_nomination_goes_through_the_pipeline_over_sasl_ssl(
    secured: SecuredKafka, settings: SystemSettings, services: dict[str, ServiceProcess],
    mongo_client: AsyncMongoClient, mail_sink: MailpitInbox,
) -> None:
    reference = f"MOHP-{uuid.uuid4().hex[:6]}"
    # as an outside system does it: plain aiokafka, its own user, the CA it was given
    producer = AIOKafkaProducer(bootstrap_servers=secured.bootstrap_servers, security_protocol="SASL_SSL",
                                ssl_context=create_ssl_context(cafile=str(secured.ca_file)),
                                sasl_mechanism="SCRAM-SHA-512", sasl_plain_username="producer",
                                sasl_plain_password=secured.password("producer"), acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(settings.topic("nominations.submitted"), submitted(reference),
                                     key=reference.encode())
    finally:
        await producer.stop()

    view = mongo_client[settings.database_name("results")]["nominations_view"]

    async def materialised() -> dict[str, Any] | None:  # screened by nomination, standing from scoring
        return await view.find_one({"reference": reference, "standing_version": {"$exists": True}})

    doc = await eventually(materialised, what="the nomination in the results read model")
    assert doc["status"] == "accepted"

    async def emailed() -> Any:  # and notification told the office
        return next((m for m in mail_sink.messages
                     if (plain := m.get_body(preferencelist=("plain",))) and doc["_id"] in plain.get_content()),
                    None)

    await eventually(emailed, what="the staff email")


async def exit_of(service: ServiceProcess, timeout_s: float = 60) -> tuple[int, float]:
    """The service's exit status and how long after its start it came."""
    started = time.monotonic()
    service.start()
    assert service.process is not None
    try:
        code = await asyncio.to_thread(service.process.wait, timeout_s)
    finally:
        service.terminate()
    return code, time.monotonic() - started


async def test_a_wrong_password_stops_the_service_at_once(
    settings: SystemSettings, tmp_path: Path
) -> None:
    service = ServiceProcess("scoring", as_user(settings, "scoring", "not-its-password"), tmp_path)
    code, took = await exit_of(service)
    print(f"\nwrong password: scoring exited {code} after {took:.1f}s")
    log = service.log.read_text()
    assert code == EX_CONFIG, log[-3000:]
    assert "scoring cannot start: Kafka at" in log and "refused to authenticate user 'scoring'" in log
    assert "SaslAuthenticationFailed" in log and "not-its-password" not in log
    assert "trying again" not in log, "a refusal is not waited out"


async def test_an_untrusted_broker_certificate_stops_the_service_at_once(
    secured: SecuredKafka, settings: SystemSettings, tmp_path: Path
) -> None:
    stranger = make_authority(tmp_path / "another-ca", name="A CA that did not sign the broker")
    service = ServiceProcess("results", as_user(settings, "results", secured.password("results"),
                                                kafka_ssl_cafile=str(stranger.certificate)), tmp_path)
    code, took = await exit_of(service)
    print(f"\nuntrusted certificate: results exited {code} after {took:.1f}s")
    log = service.log.read_text()
    assert code == EX_CONFIG, log[-3000:]
    assert "results cannot start: the TLS certificate of Kafka at" in log
    assert f"not trusted by the CA in {stranger.certificate}" in log
    assert "trying again" not in log, "a refusal is not waited out"


async def test_a_broker_not_answering_yet_is_waited_for(
    secured: SecuredKafka, settings: SystemSettings, tmp_path: Path
) -> None:
    """The service's only bootstrap address refuses connections at first, then leads to the broker."""
    port = free_port()
    service = ServiceProcess("notification", as_user(settings, "notification", secured.password("notification"),
                                                     kafka_bootstrap_servers=f"127.0.0.1:{port}"), tmp_path).start()
    link = FaultyLink("127.0.0.1", secured.port)
    try:
        async def waiting() -> bool:
            return "Kafka not reachable yet" in service.log.read_text()

        await eventually(waiting, what="the service saying it waits for Kafka")
        await asyncio.sleep(2)  # a few more attempts refused
        assert service.process is not None and service.process.poll() is None, service.log.read_text()[-3000:]
        await link.start(port)
        await asyncio.to_thread(service.wait_ready)
    finally:
        service.terminate()
        await link.stop()
