"""iotbench/data."""
