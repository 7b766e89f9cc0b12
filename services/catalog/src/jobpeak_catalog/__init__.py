"""jobpeak_catalog."""
