"""Use cases: each runs inside a unit of work it is given and never commits on its own."""
