"""Batch predictions: a job scores a file or a dataset version in chunks through a deployment."""
