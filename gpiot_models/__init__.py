"""gpiot_models."""
