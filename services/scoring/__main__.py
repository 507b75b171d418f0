from shared.runtime import run

from .entrypoints.app import NAME, build
from .settings import ScoringSettings

run(NAME, build, ScoringSettings)
