"""jobpeak_testing."""
