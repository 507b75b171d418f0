"""How often one client address may vote: at most ``per_minute`` requests in any sliding minute, in
this process."""

import time
from collections import defaultdict


class RateLimit:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.seen: dict[str, list[float]] = defaultdict(list)

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        recent = [t for t in self.seen[client] if now - t < 60]
        self.seen[client] = recent
        if len(recent) >= self.per_minute:
            return False
        recent.append(now)
        return True
