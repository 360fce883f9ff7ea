"""Benchmark scripts (not tests): they measure and write docs/benchmarks.md."""
