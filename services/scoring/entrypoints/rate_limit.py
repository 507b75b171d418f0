"""How often one client address may vote: at most ``per_minute`` requests in any sliding minute, in
this process.

Bound: anyone can send requests from many addresses, so at most ``max_clients`` addresses are
remembered. Addresses are kept in the order they were last seen; one whose last request left the
minute is forgotten (it could not be refused any more), and when the bound is reached the least recently
seen is forgotten first, which lets it vote again at once: at the bound the limit is lifted for the
oldest addresses, never for the busiest. Each address keeps at most ``per_minute`` request times.
"""

import time
from collections import OrderedDict, deque
from collections.abc import Callable

WINDOW_S = 60.0


class RateLimit:
    def __init__(self, per_minute: int, max_clients: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute, self.max_clients, self.clock = per_minute, max_clients, clock
        self.seen: OrderedDict[str, deque[float]] = OrderedDict()  # least recently seen first

    def allow(self, client: str) -> bool:
        now = self.clock()
        self._forget(now)
        recent = self.seen.pop(client, None) or deque(maxlen=self.per_minute)
        while recent and now - recent[0] >= WINDOW_S:
            recent.popleft()
        allowed = len(recent) < self.per_minute
        if allowed:
            recent.append(now)
        if recent:
            self.seen[client] = recent
        return allowed

    def _forget(self, now: float) -> None:
        """Addresses whose last request left the window, and the least recently seen beyond the bound
        (one place kept for the address asking now)."""
        while self.seen:
            oldest, times = next(iter(self.seen.items()))
            if now - times[-1] < WINDOW_S and len(self.seen) < self.max_clients:
                return
            del self.seen[oldest]
