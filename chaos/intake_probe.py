"""The HTTP intake under the fault: a staff portal submits a nomination every half second. While Kafka
cannot acknowledge, the answer must be 503 (retry later), never a 5xx of another kind, and never a 202
for a nomination that then does not exist."""

import asyncio
from collections import Counter
from dataclasses import dataclass, field

import httpx

INTAKE_KEY_NAME, INTAKE_KEY = "chaos-portal", "chaos-intake-key"


@dataclass
class IntakeAnswers:
    statuses: Counter[int] = field(default_factory=Counter)
    accepted: list[str] = field(default_factory=list)  # nomination ids answered 202


async def probe_intake(url: str, edition_id: str, run: str, answers: IntakeAnswers) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30, headers={"X-API-Key": INTAKE_KEY}) as http:
        index = 0
        while True:
            index += 1
            body = {"reference": f"intake-{run}-{index}", "edition_id": edition_id, "category": "digital-content",
                    "country": "MA", "sector": "health",
                    "nominee": {"kind": "entity", "name_ar": f"وكالة المغرب الرقمية {run} {index}",
                                "organisation_type": "agency"},
                    "accounts": [{"platform": "x", "url": f"https://x.com/intake{run}{index}"}]}
            try:
                response = await http.post("/nominations", json=body)
                answers.statuses[response.status_code] += 1
                if response.status_code == 202:
                    answers.accepted.append(response.json()["nomination_id"])
            except httpx.HTTPError:
                answers.statuses[0] += 1  # no answer at all (the service itself is the one restarting)
            await asyncio.sleep(0.5)
