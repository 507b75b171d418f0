"""The failure a service raises when an outside dependency is away for a while (a broker, a database, a
mail server): the event is retried with backoff for as long as it lasts and its offset is not committed
(``shared.failures.is_transient`` recognises it with the drivers' own errors). It depends on nothing, so
a service layer can raise it without knowing which driver failed."""


class TransientFailure(Exception):
    """Raised by a service when an outside dependency is temporarily unavailable."""
