import pytest
from aiokafka import errors as kafka_errors
from pydantic import BaseModel, ValidationError
from pymongo import errors as mongo_errors

from shared.failures import is_transient, is_unreadable
from shared.reading import UnreadableEvent
from shared.transient import TransientFailure


class Probe(BaseModel):
    n: int


def validation_error() -> ValidationError:
    try:
        Probe.model_validate({"n": "x"})
    except ValidationError as error:
        return error
    raise AssertionError("unreachable")


@pytest.mark.parametrize("error", [
    mongo_errors.AutoReconnect("primary gone"),
    mongo_errors.ServerSelectionTimeoutError("no server"),
    kafka_errors.KafkaConnectionError("broker down"),
    kafka_errors.NotLeaderForPartitionError(),
    ConnectionRefusedError(),
    TimeoutError(),
    TransientFailure("SMTP 451"),
])
def test_outages_are_transient(error: BaseException) -> None:
    assert is_transient(error) and not is_unreadable(error)


@pytest.mark.parametrize("error", [
    ValueError("bug"), KeyError("x"), FileNotFoundError("edition.yaml"),
    mongo_errors.DuplicateKeyError("dup"), kafka_errors.RecordTooLargeError(),
])
def test_bugs_and_refusals_are_not_transient(error: BaseException) -> None:
    assert not is_transient(error)


def test_only_the_readers_refusal_is_unreadable_not_a_validation_error_in_our_own_code() -> None:
    assert is_unreadable(UnreadableEvent("not JSON"))
    assert not is_unreadable(validation_error())
    assert not is_transient(validation_error())
