"""What a write must survive, said once for every adapter.

A write that decides something is acknowledged only once a majority of a replica set holds it in its
journal (``DECIDING``). A service goes on after the acknowledgement (commits the Kafka offset, publishes
the outcome, answers the caller), so a primary that failed over and took such a write back would let the
same question be decided again, differently: a second vote of one voter counted, a duplicate nominee
accepted, an email sent twice, a recused judge's marks counted. These are the nomination registry and its
nominee index, the ledgers (voters, staff deliveries), judges and recusals, the staff subscriptions
(written only by their API), and the finalised winners with the live generation's pointer.

Every other write (read models, standings, tallies, boards) takes the connection's write concern, from
``AWARDS_MONGODB_URI`` (MongoDB 5.0 and later default to ``majority`` on a replica set): losing the last
of them in a failover leaves a view behind, never a decision taken twice, and a rebuild by replay
restores it.

Reads use the driver's defaults: the primary, read concern ``local``, so a service reads its own writes.
On one server (the compose file's MongoDB, the embedded FerretDB) a majority of one is that server.
"""

from pymongo import WriteConcern
from pymongo.asynchronous.collection import AsyncCollection

from shared.mongo import Document

DECIDING = WriteConcern(w="majority", j=True)


def deciding(collection: AsyncCollection[Document]) -> AsyncCollection[Document]:
    """``collection`` whose writes are acknowledged with ``DECIDING``."""
    return collection.with_options(write_concern=DECIDING)
