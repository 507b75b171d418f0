"""The crash and fault matrix: a steady, sequence-numbered load from an outside producer, one
fault per case, then a count of what was lost or counted twice.

``python -m chaos`` (``make chaos``) starts a Kafka and FerretDB of its own, runs every case a number
of times on fresh topics and databases, prints the matrix and writes ``.cache/chaos/result.json``; it
exits non-zero when a must-be-zero figure is not zero. ``tests/e2e/test_chaos_smoke.py`` runs a reduced
matrix in the test suite.
"""
