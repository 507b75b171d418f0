"""The project's common package: the event contract, topic registry, settings and the plumbing every
service shares (Kafka and MongoDB connections, idempotent consumption, dead letters, logs, ops routes)."""
