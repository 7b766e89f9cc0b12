"""jobpeak_matching."""
