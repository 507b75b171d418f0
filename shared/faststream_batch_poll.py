"""The batch poll of our batch subscribers, which replaces FastStream's ``BatchSubscriber.get_msg``.

Why a replacement: FastStream 0.7.8 offers no public way to change how a batch subscriber polls. Its
options (``batch_timeout_ms``, ``max_records``) only feed the poll below, the consumer class is fixed
(``aiokafka.AIOKafkaConsumer``, built by the broker), and middlewares, rebalance listeners and routers
all act after a poll has returned. Two behaviours differ from FastStream's poll:

- no sleep after an empty poll (FastStream sleeps as long as the poll lasted): an event arriving during
  that sleep waits for it, at every hop (up to ``BATCH_IDLE_POLL_MS`` each);
- a poll that found records waiting asks once more, for ``BATCH_GATHER_MS`` (longer only while the group
  is rebalancing: aiokafka waits for the new assignment first). aiokafka fetches a partition again only
  once the records it holds of it are taken (and the broker's other partitions only after 0.1 s), so of
  what reached the broker while the last batch was handled it holds only what the first answer carried;
  the rest would wait a whole batch more. At 50/s (``bench.stages``, four runs without it, four with it)
  the first hop screened a submission 33-51 ms after it was published instead of 56-69 (p50). A poll that
  had to wait for its records asks nothing more: nothing is behind them, and the hops that keep up do not
  pay the extra ask (always asking cost them 2-5 ms each).

``install()`` puts the replacement on FastStream's class (every batch subscriber of the process) once it
has checked that the installed FastStream is the one this was written against (``WRITTEN_AGAINST``):
the replaced method and the consume loop that calls it, whose error handling the deferred errors below
rely on. Any other FastStream refuses to start, naming what to re-check.
"""

import hashlib
import inspect
import weakref
from importlib.metadata import version
from itertools import chain
from time import monotonic
from typing import Any

from aiokafka import AIOKafkaConsumer
from faststream.kafka.subscriber.usecase import BatchSubscriber, LogicSubscriber

# How long a poll waits for a first record; data arriving during the wait ends it at once (aiokafka's
# getmany), so this only sets how often an idle subscriber wakes up.
BATCH_IDLE_POLL_MS = 500
# How long a poll that found its records already waiting asks once more for those still at the broker.
BATCH_GATHER_MS = 3
# A poll that answers within this found records fetched while the last batch was handled: the subscriber
# is behind, and more may be waiting at the broker.
ANSWERED_AT_ONCE_S = 0.001

# FastStream's version, and a digest of the source of each method this module depends on.
WRITTEN_AGAINST = {
    "faststream": "0.7.8",
    "BatchSubscriber.get_msg": "0efea2c3c73db62b",
    "LogicSubscriber._run_consume_loop": "7fb3872a580bd68a",
}
RE_CHECK = ("re-check shared/faststream_batch_poll.py against FastStream's BatchSubscriber.get_msg (does it "
            "still sleep after an empty poll? is it still the method the consume loop calls?) and "
            "LogicSubscriber._run_consume_loop (does an error raised by get_msg still only log, pause and "
            "poll again?), then update WRITTEN_AGAINST")

REPLACED = BatchSubscriber.__dict__["get_msg"]

# An error of a poll's second ask, raised at the consumer's next poll instead. The first answer's records
# are already behind the consumer's position: raised at once, the error would make FastStream's loop log
# it, drop them and poll again, and the next batch's commit would pass them unhandled. aiokafka does the
# same with an error it finds beside records it can return; having raised it, it does not raise it again.
# Weak keys: an entry goes with its consumer.
_deferred: "weakref.WeakKeyDictionary[AIOKafkaConsumer, Exception]" = weakref.WeakKeyDictionary()


async def poll(subscriber: BatchSubscriber, consumer: AIOKafkaConsumer) -> tuple[Any, ...]:
    """The records a batch subscriber hands to its handler, in offset order per partition (see the module)."""
    if (error := _deferred.pop(consumer, None)) is not None:
        raise error
    began = monotonic()
    records = await consumer.getmany(timeout_ms=subscriber.batch_timeout_ms, max_records=subscriber.max_records)
    batch = list(chain.from_iterable(records.values()))
    room = None if subscriber.max_records is None else subscriber.max_records - len(batch)  # None: no limit
    if batch and room != 0 and monotonic() - began < ANSWERED_AT_ONCE_S:
        try:
            more = await consumer.getmany(timeout_ms=BATCH_GATHER_MS, max_records=room)
        except Exception as failure:  # noqa: BLE001 - raised at the next poll, see _deferred
            _deferred[consumer] = failure
        else:
            batch.extend(chain.from_iterable(more.values()))  # later offsets of each partition: order holds
    return tuple(batch)


def fingerprint() -> dict[str, str]:
    """What ``WRITTEN_AGAINST`` records, read from the installed FastStream."""
    def digest(method: Any) -> str:
        return hashlib.sha256(inspect.getsource(method).encode()).hexdigest()[:16]

    return {
        "faststream": version("faststream"),
        "BatchSubscriber.get_msg": digest(REPLACED),
        "LogicSubscriber._run_consume_loop": digest(LogicSubscriber._run_consume_loop),
    }


def install() -> None:
    """Makes every batch subscriber poll through ``poll``; raises when FastStream is not the one this
    module was written against."""
    if BatchSubscriber.__dict__["get_msg"] is poll:
        return
    if (found := fingerprint()) != WRITTEN_AGAINST:
        raise RuntimeError(f"FastStream differs from what the batch poll replaces ({found} instead of "
                           f"{WRITTEN_AGAINST}): {RE_CHECK}")
    BatchSubscriber.get_msg = poll  # type: ignore[method-assign,assignment]  # the replacement this module exists for
