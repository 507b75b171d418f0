"""The benchmark ladder: how far below the raw ceilings does the pipeline run?

    L1  raw Kafka         aiokafka producer → topic → aiokafka consumer, no logic
    L2  raw hops          consumer → json parse → producer, three hops, commit per batch, no database
    L3  raw database      PyMongo bulk_write of version-guarded upserts, batches of 500
    L4  the system        the four services as processes, nominations until the read model holds them
    sustainable           the highest open-loop rate a stream keeps up with (bisection, latency not growing)
    latency               open-loop fixed rate at fractions of the sustainable rate, publish → read model

``python -m bench`` (``make bench``) starts a local stack of its own, runs the ladder and prints a
table; results (JSON and an SVG chart) go to ``.cache/bench/``.
"""
