"""Staff notifications beyond single nominations, through the real pipeline: a category's new top three,
its full jury and a jury audit flag; dead letters; closing windows; the daily digest; and a kill -9 in
the middle of sending an email, which must not produce a second copy."""

import asyncio
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pymongo import AsyncMongoClient

from infra.mail_sink import MailSink
from tests.e2e.conftest import OPERATOR_KEY, Pipeline
from tests.e2e.events import cloud_event, consumed, publish, read_all, submitted
from tests.e2e.processes import ServiceProcess
from tests.waiting import eventually

SETTINGS = {"delivery_stale_claim_s": 3.0}
CRITERIA = ["interaction", "participation", "transparency", "content-quality"]
JUDGES = ["j-jo-01", "j-iq-01", "j-ae-01"]
OFFICE = "office@awards.test"
# The first edition's names of the category the alerts are about: email names it, never its code.
DIGITAL_AR, DIGITAL_EN = "المحتوى الرقمي للجهات الحكومية", "Digital content of government entities"


class StallingMailSink(MailSink):
    """A real SMTP server that can hold one recipient's message before answering DATA, as a slow server
    does, and keeps it only if the client is still connected when it answers."""

    def __init__(self) -> None:
        super().__init__()
        self.stall_for: str | None = None
        self.entered = asyncio.Event()  # set from the server's thread: read with is_set() only
        self.release = False
        self.attempts: Counter[str] = Counter()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message_id = next((line.split(b":", 1)[1].strip().decode() for line in envelope.content.splitlines()
                           if line.lower().startswith(b"message-id:")), "")
        self.attempts[message_id] += 1
        if self.stall_for and self.stall_for in envelope.rcpt_tos:
            self.stall_for = None
            self.entered.set()
            while not self.release:
                await asyncio.sleep(0.05)
            if server.transport is None or server.transport.is_closing():
                return "421 client gone before the answer: not delivered"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture(scope="module")
def mail_sink() -> Any:
    sink = StallingMailSink().start()
    yield sink
    sink.stop()


def to(pipeline: Pipeline, recipient: str) -> list[EmailMessage]:
    return [m for m in pipeline.mail.messages if str(m["To"]) == recipient]


async def subscribe(pipeline: Pipeline, **subscription: Any) -> None:
    async with httpx.AsyncClient(base_url=pipeline.services["notification"].url) as http:
        saved = await http.put(f"/subscriptions/{subscription['id']}", json=subscription,
                               headers={"X-Operator-Key": OPERATOR_KEY})
        assert saved.status_code == 200, saved.text


async def ticks(pipeline: Pipeline, periodic: str) -> float:
    """Steps the notification service's ``periodic`` work completed, from its metrics."""
    async with httpx.AsyncClient(base_url=pipeline.services["notification"].url) as http:
        exposed = (await http.get("/metrics")).text
    return next(sample.value for family in text_string_to_metric_families(exposed) for sample in family.samples
                if sample.name == "awards_periodic_ticks" and sample.labels.get("name") == periodic)


async def ticked(pipeline: Pipeline, periodic: str, since: float, times: int) -> None:
    """Waits until ``periodic`` completed ``times`` more steps than ``since``: with times=2, a whole step
    began after the moment ``since`` was read."""
    async def enough() -> bool:
        return await ticks(pipeline, periodic) >= since + times
    await eventually(enough, what=f"{times} more completed steps of {periodic}")


async def accepted_ids(pipeline: Pipeline, mongo: AsyncMongoClient, references: list[str]) -> dict[str, str]:
    view = mongo[pipeline.settings.database_name("results")]["nominations_view"]

    async def all_accepted() -> dict[str, str] | None:
        found = {d["reference"]: d["_id"] async for d in view.find({"reference": {"$in": references},
                                                                    "status": "accepted"})}
        return found if len(found) == len(references) else None
    return await eventually(all_accepted, what="the nominations accepted")


async def test_a_category_milestone_and_an_audit_flag_reach_staff(pipeline: Pipeline,
                                                                    mongo_client: AsyncMongoClient) -> None:
    settings, run = pipeline.settings, uuid.uuid4().hex[:6]
    analyst = f"analyst-{run}@awards.test"
    await subscribe(pipeline, id=f"analyst-{run}", name="Digital analyst", email=analyst, language="en",
                    categories=["digital-content"], kinds=["category.podium.changed", "category.fully_scored",
                                                           "jury.audit.flagged"])
    names = {"lead": f"Lead {run}", "second": f"Second {run}"}
    references = {key: f"MS-{key}-{run}" for key in names}
    await publish(settings.kafka_bootstrap_servers, settings.topic("nominations.submitted"), [
        (ref.encode(), submitted(ref, nominee={"kind": "entity", "name_ar": f"هيئة {key} {run}",
                                               "name_en": names[key], "organisation_type": "authority"},
                                 accounts=[{"platform": "x", "url": f"https://x.com/{ref}"}]))
        for key, ref in references.items()])
    ids = await accepted_ids(pipeline, mongo_client, list(references.values()))
    lead, second = ids[references["lead"]], ids[references["second"]]
    # Two judges love the lead, one does not: a dispute (spread 7 on 0–10); everyone agrees on the second.
    marks = {lead: {"j-jo-01": 9.0, "j-iq-01": 9.0, "j-ae-01": 2.0}, second: dict.fromkeys(JUDGES, 6.0)}
    await publish(settings.kafka_bootstrap_servers, settings.topic("judging.scores"), [
        (nid.encode(), cloud_event("judging.score.submitted", {
            "nomination_id": nid, "judge_id": judge, "version": 1, "scores": dict.fromkeys(CRITERIA, mark)},
            time="2024-01-10T10:00:00Z")) for nid, judged in marks.items() for judge, mark in judged.items()])

    def subjects(recipient: str) -> list[str]:
        return [str(m["Subject"]) for m in to(pipeline, recipient)]

    async def told() -> list[str] | None:
        mine = subjects(analyst)
        wanted = [f"New top three in {DIGITAL_EN}: {names['lead']} leads",
                  f"Judging complete in {DIGITAL_EN} (2024-first)",
                  f"Jury audit: judges disagree on {lead} ({DIGITAL_EN})"]
        return mine if all(w in mine for w in wanted) else None
    await eventually(told, timeout_s=90, what="the podium, full-jury and audit emails")
    office = subjects(OFFICE)
    assert f"اكتمل التحكيم في فئة {DIGITAL_AR} (2024-first)" in office
    assert f"تدقيق التحكيم: خلاف بين المحكِّمين على {lead} ({DIGITAL_AR})" in office
    last_podium = [m for m in to(pipeline, analyst) if str(m["Subject"]).startswith("New top three")][-1]
    plain = last_podium.get_body(preferencelist=("plain",))
    assert plain is not None
    text = plain.get_content()
    assert text.index(names["lead"]) < text.index(names["second"])
    counts = Counter(subjects(analyst))
    assert counts[f"Judging complete in {DIGITAL_EN} (2024-first)"] == 1
    assert counts[f"Jury audit: judges disagree on {lead} ({DIGITAL_EN})"] == 1
    assert not any(s.startswith("Jury audit") and second in s for s in counts)


async def test_dead_letters_alert_operators_once_per_topic_and_hour(pipeline: Pipeline) -> None:
    settings = pipeline.settings
    topic = settings.topic("nominations.submitted")
    await publish(settings.kafka_bootstrap_servers, topic, [(b"bad", b"{not json") for _ in range(3)])

    async def dead_letters() -> list[Any] | None:
        found = await read_all(settings.kafka_bootstrap_servers, topic + ".dlq")
        return found if len(found) >= 3 else None
    letters = await eventually(dead_letters, what="three dead letters")
    hours = {datetime.fromisoformat(dict(r.headers)["x-dlq-time"].decode()).timestamp() // 3600 for r in letters}
    subject = f"رسائل غير قابلة للمعالجة تصل إلى {topic}.dlq"

    async def alerted() -> list[EmailMessage] | None:
        return [m for m in to(pipeline, OFFICE) if str(m["Subject"]) == subject] or None
    await eventually(alerted, what="the operators' dead-letter alert")

    async def all_read() -> bool:
        return await consumed(settings.kafka_bootstrap_servers, settings.consumer_group("notification"),
                              topic + ".dlq")
    await eventually(all_read, what="the notification service to have read every dead letter")
    assert len(await alerted() or []) == len(hours)


async def test_a_daily_digest_groups_a_days_events_in_one_message(pipeline: Pipeline) -> None:
    settings, run = pipeline.settings, uuid.uuid4().hex[:6]
    now = datetime.now(UTC)
    zone = "UTC" if now.hour < 23 else "Asia/Tokyo"  # a zone where the digest hour 23 is still to come today
    reader = f"digest-{run}@awards.test"
    digest: dict[str, Any] = {"id": f"digest-{run}", "name": "Morocco desk", "email": reader, "language": "en",
              "timezone": zone, "countries": ["MA"], "kinds": ["nomination.accepted"],
              "digest_kinds": ["nomination.accepted"], "digest_hour": 23}
    await subscribe(pipeline, **digest)
    yesterday = (now - timedelta(hours=24)).isoformat()  # inside the open edition's intake window
    names = [f"Rabat agency {run}", f"Casablanca office {run}"]
    await publish(settings.kafka_bootstrap_servers, settings.topic("nominations.submitted"), [
        (f"DG-{i}-{run}".encode(), submitted(f"DG-{i}-{run}", time=yesterday, edition_id="e2e-open",
                                            country="MA", nominee={"kind": "entity", "name_ar": f"وكالة {i} {run}",
                                                                   "name_en": name, "organisation_type": "agency"},
                                            accounts=[{"platform": "x", "url": f"https://x.com/dg{i}{run}"}]))
        for i, name in enumerate(names)])
    async with httpx.AsyncClient(base_url=pipeline.services["notification"].url,
                                 headers={"X-Operator-Key": OPERATOR_KEY}) as http:
        async def both_waiting() -> list[Any] | None:
            waiting = (await http.get("/digests", params={"subscription": digest["id"]})).json()
            return waiting if len(waiting) == 2 else None
        await eventually(both_waiting, what="both acceptances kept for the digest")
    assert to(pipeline, reader) == [], "digested kinds are not sent one by one"
    await subscribe(pipeline, **{**digest, "digest_hour": 0})  # the reader moves the digest earlier: now due

    async def delivered() -> list[EmailMessage] | None:
        return to(pipeline, reader) or None
    [message] = await eventually(delivered, what="the daily digest")
    day = (now - timedelta(hours=24)).astimezone(ZoneInfo(zone)).date().isoformat()
    assert str(message["Subject"]) == f"Daily digest for {day}: 2 notifications"
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None
    text = plain.get_content()
    assert all(name in text for name in names)
    await ticked(pipeline, "staff-clock", since=await ticks(pipeline, "staff-clock"), times=2)
    assert len(to(pipeline, reader)) == 1, "a clock tick that began after the digest went out sent no second"


async def test_killed_mid_send_the_email_arrives_once_after_restart(pipeline: Pipeline,
                                                                     mongo_client: AsyncMongoClient) -> None:
    settings, run = pipeline.settings, uuid.uuid4().hex[:6]
    sink: StallingMailSink = pipeline.mail  # type: ignore[assignment]  # this module's mail_sink fixture
    reader = f"stall-{run}@awards.test"
    await subscribe(pipeline, id=f"stall-{run}", name="Iraq desk", email=reader, language="ar", countries=["IQ"])
    sink.stall_for = reader
    reference = f"KILL-{run}"
    await publish(settings.kafka_bootstrap_servers, settings.topic("nominations.submitted"), [
        (reference.encode(), submitted(reference, country="IQ", nominee={
            "kind": "entity", "name_ar": f"أمانة بغداد {run}", "organisation_type": "municipality"},
            accounts=[{"platform": "x", "url": f"https://x.com/bg{run}"}]))])

    async def mid_send() -> bool:
        return sink.entered.is_set()
    await eventually(mid_send, what="the email to be in the middle of being sent")
    old = pipeline.services["notification"]
    old.kill()  # SIGKILL while the SMTP server holds the message
    sink.release = True
    restarted = ServiceProcess("notification", settings, old.log_dir).start()
    pipeline.services["notification"] = restarted
    await asyncio.to_thread(restarted.wait_ready)

    async def arrived() -> list[EmailMessage] | None:
        return to(pipeline, reader) or None
    [message] = await eventually(arrived, what="the email sent again after the restart")
    assert sink.attempts[str(message["Message-ID"])] == 2, "sent twice under one Message-ID, kept once"
    deliveries = mongo_client[settings.database_name("notification")]["deliveries"]
    [entry] = [d async for d in deliveries.find({"target": reader})]
    assert entry["state"] == "done"
    async def redelivered_and_handled() -> bool:  # the restarted service got the partitions and committed
        return await consumed(settings.kafka_bootstrap_servers, settings.consumer_group("notification"),
                              settings.topic("nominations.screened"))
    await eventually(redelivered_and_handled, timeout_s=90, what="the restarted service to handle the screening")
    await ticked(pipeline, "staff-clock", since=0, times=1)  # the restarted service's clock, reminders and all
    assert len(to(pipeline, reader)) == 1
    reminders = Counter(str(m["Subject"]) for m in to(pipeline, OFFICE) if "e2e-open" in str(m["Subject"]))
    assert sorted(reminders.values()) == [1, 1] and len(reminders) == 2, reminders
