"""Publishes one sample nomination to Kafka as another system would (plain aiokafka, literal
CloudEvents JSON), then prints where to see the outcome.

    uv run python -m infra.sample_nomination [reference]
"""

import asyncio
import json
import sys
import uuid

from aiokafka import AIOKafkaProducer

from services.notification.settings import NotificationSettings
from shared.kafka_security import client_options


async def publish(reference: str) -> None:
    settings = NotificationSettings()
    event = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "https://portal.example.gov.eg",
        "type": "org.socialgov.awards.nomination.submitted.v1",
        # Inside the first edition's intake window: decisions use the event's own time.
        "time": "2023-11-15T10:00:00Z",
        "datacontenttype": "application/json",
        "data": {
            "reference": reference,
            "edition_id": "2024-first",
            "category": "digital-content",
            "country": "EG",
            "sector": "health",
            "nominee": {"kind": "entity", "name_ar": "وزارة الصحة والسكان",
                        "name_en": "Ministry of Health and Population", "organisation_type": "ministry"},
            "accounts": [{"platform": "facebook", "url": "https://www.facebook.com/mohp.gov.eg"}],
        },
    }
    producer = AIOKafkaProducer(**client_options(settings), acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(settings.topic("nominations.submitted"),
                                     json.dumps(event, ensure_ascii=False).encode(), key=reference.encode())
    finally:
        await producer.stop()
    print(f"published nomination {reference}; see {settings.public_base_url}/nominations?limit=10")


if __name__ == "__main__":
    asyncio.run(publish(sys.argv[1] if len(sys.argv) > 1 else f"SAMPLE-{uuid.uuid4().hex[:6]}"))
