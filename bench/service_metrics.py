"""Samples of named metric families from every running service's /metrics."""

from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from .pipeline import RunningPipeline


async def samples(pipeline: RunningPipeline, family: str) -> list[tuple[str, Any]]:
    """(service, sample) for every sample of ``family`` (its ``_count``, ``_sum``, ``_total``, …)."""
    found = []
    async with httpx.AsyncClient(timeout=30) as http:
        for name, service in pipeline.services.items():
            text = (await http.get(f"{service.url}/metrics")).text
            found += [(name, sample) for metrics in text_string_to_metric_families(text)
                      if metrics.name == family for sample in metrics.samples]
    return found
