"""The editions every instance knows (shared/editions.py), on the real broker: each of two books loads
what was published before it started and then follows the topic itself, so an edition published later
and its finalisation reach both, not only the instance the consumer group hands the partition to."""

from datetime import UTC, datetime
from pathlib import Path

from infra.edition import publish as publish_edition
from infra.topics import ensure_topics
from shared import topics
from shared.edition import load_edition
from shared.editions import EditionBook
from shared.events.envelope import new_event
from shared.events.lifecycle import WinnersAnnounced, WinnersAnnouncedEvent
from tests.conftest import isolated_settings
from tests.e2e.events import publish
from tests.infrastructure import Infrastructure
from tests.waiting import eventually

FIRST = load_edition(Path(__file__).resolve().parents[2] / "editions" / "2024-first.yaml")


async def test_every_book_learns_later_editions_and_finalisations_by_itself(infrastructure: Infrastructure) -> None:
    settings = isolated_settings(infrastructure)
    await ensure_topics(settings.bootstrap_servers, settings.topic_prefix)
    await publish_edition(FIRST, settings)
    books = [EditionBook(), EditionBook()]
    for book in books:
        await book.load(settings)
        book.follow(settings)
    try:
        assert [book.known() for book in books] == [[FIRST.id], [FIRST.id]]
        later = FIRST.model_copy(update={"id": "2025-second"})
        await publish_edition(later, settings)
        finalised_at = datetime(2025, 1, 1, tzinfo=UTC)
        announced = new_event(WinnersAnnouncedEvent, WinnersAnnounced(edition_id=FIRST.id, finalised_at=finalised_at,
                                                                      winners=[]),
                              id="winners-first", source="urn:test", time=finalised_at, subject=FIRST.id)
        await publish(settings.kafka_bootstrap_servers, settings.topic(topics.EDITIONS.name),
                      [(FIRST.id.encode(), announced.model_dump_json(exclude_none=True).encode())])

        async def both_know() -> bool:
            return all(book.known() == [FIRST.id, later.id] and book.finalised_at(FIRST.id) == finalised_at
                       for book in books)
        await eventually(both_know, timeout_s=30, what="both books to know the later edition and the finalisation")
    finally:
        for book in books:
            await book.stop()
