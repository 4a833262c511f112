"""Benchmarks of Seamline's engines against public instances (``python -m benchmarks``)."""
