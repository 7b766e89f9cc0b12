"""jobpeak_devstack."""
