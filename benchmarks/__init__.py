"""The benchmark suite: every hot path side by side with its bare baseline (``make bench``)."""
