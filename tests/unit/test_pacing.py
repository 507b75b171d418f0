from shared.pacing import next_pause


def test_a_round_longer_than_the_interval_is_followed_by_as_long_a_pause() -> None:
    assert next_pause(0.5, 0.1) == 0.5
    assert next_pause(0.5, 2.0) == 2.0  # at most half of the time spent recomputing
