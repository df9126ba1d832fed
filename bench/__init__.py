"""Benchmarks (``make bench``) and the load/server helpers the reliability tests share."""
