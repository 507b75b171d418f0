"""The results service's settings: the common ones (``shared.settings.CommonSettings``) and its own."""

from pydantic import Field

from shared.settings import CommonSettings


class ResultsSettings(CommonSettings):
    http_port: int = Field(8004, description="HTTP port of the results service.")
    board_cache_s: float = Field(
        4.0, ge=0, le=5, description="How long results serves a board or an edition's state from memory "
        "before checking its version in the background (0: never cached). Readers are told boards may be 5 s "
        "old; a board this process rebuilt or finalised is never served older than that change.")
    boards_interval_s: float = Field(
        0.5, description="How often results rebuilds the leaderboards and tables of editions that changed.")
    board_cache_entries: int = Field(
        10_000, ge=1, description="Boards and edition states results holds in memory at most (readers name "
        "them, unknown ones included); beyond them the least recently read is dropped and read again when "
        "asked for.")
    rendered_pages_kept: int = Field(
        512, ge=1, description="Rendered answers (a page of a board in one format) results keeps for the "
        "readers that ask for them next; beyond them the least recently read is rendered again when asked for.")
    live_listeners_max: int = Field(
        1_000, ge=1, description="Live pages results streams board changes to at once; one more is answered "
        "503 with Retry-After, and its page reloads the boards every few seconds instead.")
    live_queued_max: int = Field(
        100, ge=1, description="Board changes one live page may fall behind by; past them the oldest are "
        "dropped for that page, which shows such a board's new version at its next change or reload.")
