"""Datasets: upload, versions, profiling, samples, connectors."""
