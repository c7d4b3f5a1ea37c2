"""Training internals of `gpiot train` (data, methods, loop)."""
