"""Deployments, real-time predictions, the prediction log and late actuals."""
