from shared.runtime import run

from .entrypoints.app import NAME, build

run(NAME, build)
