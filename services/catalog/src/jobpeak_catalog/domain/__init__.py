"""The catalog's pure core: specialties, blueprints, the bank and the rules that bind them.

Nothing in this package performs I/O; it is unit-tested without a database or a broker.
"""
