"""Benchmarks run with ``python -m bench`` (each module also runs on its own)."""
