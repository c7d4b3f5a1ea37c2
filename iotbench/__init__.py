"""iotbench."""
