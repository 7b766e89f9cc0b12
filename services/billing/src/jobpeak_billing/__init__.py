"""jobpeak_billing."""
