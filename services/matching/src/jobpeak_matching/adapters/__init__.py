"""Matching's tables and the reads and writes the use cases need."""
