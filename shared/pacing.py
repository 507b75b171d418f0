"""The rhythm of the periodic recomputations (scoring's standings, results' boards).

Contract: ``next_pause(interval_s, last_work_s)`` is how long a loop waits before its next round: the
configured interval, or as long as its last round took when that was longer. Their work grows with the
data (a board holds every nomination of an edition), so without this a large edition would keep the
process recomputing back to back and starve the consumers whose events it summarises; with it, a loop
takes at most half the process's time and its results are at most two rounds old.
"""


def next_pause(interval_s: float, last_work_s: float) -> float:
    return max(interval_s, last_work_s)
