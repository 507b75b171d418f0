from shared.runtime import run

from .entrypoints.app import NAME, build
from .settings import ResultsSettings

run(NAME, build, ResultsSettings)
