"""The rhythm of the periodic rounds that summarise a whole category or edition (scoring's standings,
results' boards).

Contract: ``next_pause(interval_s, last_work_s)`` is how long a loop waits before its next round: the
configured interval, or as long as its last round took when that was longer. A round's work grows with
the data (a board holds every nomination of an edition, a category's standings are relative), so
without this a large edition would keep the process recomputing back to back and starve the consumers
whose events the rounds summarise; with it, a loop takes at most half the process's time.

Scoring's loop was once left unpaced because its rounds read whole categories from the database and
took long even when little had changed (one bench run: publish-to-read-model p99 at 50 % load 6 s
instead of about 1 s); its rounds now read only what was written since the last one.
"""


def next_pause(interval_s: float, last_work_s: float) -> float:
    return max(interval_s, last_work_s)
