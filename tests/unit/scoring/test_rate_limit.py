"""The vote endpoint's rate limit (``entrypoints.rate_limit``): per address, and bounded in memory
whatever the number of addresses."""

from services.scoring.entrypoints.rate_limit import RateLimit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_address_gets_its_votes_per_sliding_minute() -> None:
    clock = Clock()
    limit = RateLimit(per_minute=3, max_clients=10, clock=clock)
    assert [limit.allow("10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("10.0.0.2"), "another address has its own"
    clock.now += 59.9
    assert not limit.allow("10.0.0.1")
    clock.now += 0.1
    assert limit.allow("10.0.0.1"), "the first requests left the minute"


def test_two_hundred_thousand_addresses_keep_at_most_the_bound() -> None:
    clock = Clock()
    limit = RateLimit(per_minute=2, max_clients=100_000, clock=clock)
    limit.allow("busy")
    limit.allow("busy")
    for i in range(200_000):
        assert limit.allow(f"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}")
        if i % 50_000 == 0:
            assert not limit.allow("busy"), "the busiest address stays limited"
        assert len(limit.seen) <= 100_000
    assert len(limit.seen) == 100_000
    assert "10.0.0.0" not in limit.seen, "the least recently seen were forgotten"
    assert all(len(times) <= 2 for times in limit.seen.values())


def test_addresses_whose_minute_is_over_are_forgotten() -> None:
    clock = Clock()
    limit = RateLimit(per_minute=5, max_clients=100_000, clock=clock)
    for i in range(1000):
        limit.allow(f"192.168.{i >> 8}.{i & 255}")
    clock.now += 61
    assert limit.allow("172.16.0.1")
    assert list(limit.seen) == ["172.16.0.1"]
