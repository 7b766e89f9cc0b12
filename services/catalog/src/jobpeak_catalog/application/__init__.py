"""Use cases: each takes an open unit of work, changes state through it and never commits.

Whoever opened the unit of work (an HTTP route, the command line) commits it, so a use case
that raises leaves nothing written. ``ports.py`` says what a unit of work offers; ``events.py``
builds the outgoing contract events; ``views.py`` holds the read models the queries return.
"""
