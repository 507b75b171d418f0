"""The pipeline's end-to-end tests once more, on Kafka and a MongoDB-protocol server that
testcontainers starts from the images built on this machine (infra/local_images.py): the same
assertions prove the services on the launcher's processes and on containers."""

from collections.abc import Iterator

import pytest

from tests.containers import containers, why_not_containers
from tests.docker_required import require_docker
from tests.e2e.test_pipeline import (  # noqa: F401 (collected here too)
    test_a_rejected_nomination_carries_every_reason,
    test_an_accepted_nomination_reaches_the_results_and_the_awards_office,
    test_malformed_bytes_are_dead_lettered_byte_for_byte_and_the_partition_flows_on,
)
from tests.infrastructure import Infrastructure, uncaptured


@pytest.fixture(scope="module")
def infrastructure(request: pytest.FixtureRequest) -> Iterator[Infrastructure]:
    require_docker(why_not_containers(), "the pipeline on testcontainers")
    with containers() as found:
        with uncaptured(request):
            print(f"\nreal infrastructure for {request.module.__name__}: {found.how}", flush=True)
        yield found
