from shared.runtime import run

from .entrypoints.app import NAME, build
from .settings import NotificationSettings

run(NAME, build, NotificationSettings)
