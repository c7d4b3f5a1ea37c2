"""harness/metrics."""
