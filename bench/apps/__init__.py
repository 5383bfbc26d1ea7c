"""Servers the benchmark measures the users server against."""
