"""Registered models and their versions: metrics, lineage, stages, sharing, comparison."""
