"""A nomination's standing: three components blended with the category's component weights."""

from dataclasses import dataclass

from shared.edition import ComponentWeights


@dataclass(frozen=True)
class Components:
    """Each component on a 0–100 scale."""

    jury: float = 0.0
    metrics: float = 0.0
    public: float = 0.0


def blend(components: Components, weights: ComponentWeights) -> float:
    total = (components.jury * weights.jury + components.metrics * weights.metrics
             + components.public * weights.public) / 100
    return round(total, 4)
