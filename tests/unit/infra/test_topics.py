from infra.topics import replication_for


def test_a_single_broker_keeps_one_copy_and_kafkas_defaults() -> None:
    assert replication_for(1) == (1, {})


def test_three_brokers_or_more_keep_three_copies_two_of_them_in_sync_for_an_acknowledgement() -> None:
    assert replication_for(3) == (3, {"min.insync.replicas": "2"})
    assert replication_for(5) == (3, {"min.insync.replicas": "2"})


def test_two_brokers_keep_two_copies_and_still_write_with_one_down() -> None:
    assert replication_for(2) == (2, {})
