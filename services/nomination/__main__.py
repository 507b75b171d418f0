from shared.runtime import run

from .entrypoints.app import NAME, build
from .settings import NominationSettings

run(NAME, build, NominationSettings)
