"""jobpeak_runtime."""
