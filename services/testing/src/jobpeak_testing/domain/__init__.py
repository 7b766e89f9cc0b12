"""The testing service's pure core: assembly, responses, grading, retakes and the attempt.

Nothing here performs I/O or reads the clock; callers pass the time, the seed and the data.
"""
