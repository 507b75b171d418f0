"""Emailing a voter's one-time code (``voter.code.requested``).

Contract: a code is emailed at least once and, once recorded as sent, not again (a redelivery after the
record sends nothing; one between the send and the record sends the same code again, under the same
Message-ID). A code read after it expired is not sent (a replay of the topic sends nothing). An address
the mail server refuses is dropped: the voter sees no code and asks again with another. The address never
leaves this step: what is logged, retried or dead-lettered names the event, not the address (a mail
server's answer often quotes it).
"""

import logging
from datetime import datetime

from shared.edition import name_of
from shared.events.scoring import VoterCodeRequestedEvent
from shared.transient import TransientFailure

from ..domain.code_email import code_message
from .ports import Channel, CodesSent, EditionOf, PermanentFailure

log = logging.getLogger("awards.notification.voter_codes")


async def send_code(event: VoterCodeRequestedEvent, now: datetime, email: Channel, codes: CodesSent,
                    edition_of: EditionOf) -> bool:
    """True when the code was emailed now."""
    request = event.data
    if now >= request.expires_at or await codes.sent(event.id):
        return False
    category = name_of(edition_of(request.edition_id), "categories", request.category, request.language)
    try:
        await email(request.email, code_message(request, category or request.category), f"voter-code|{event.id}")
    except PermanentFailure:
        log.warning("voter code %s not sent: the mail server refused the address", event.id)
        return False
    except TransientFailure:
        raise TransientFailure(f"the mail server put off the code email of event {event.id}") from None
    await codes.record(event.id)
    return True
