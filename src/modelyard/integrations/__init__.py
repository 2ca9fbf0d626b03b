"""Connections to the outside: cloud storage connectors (webhooks, Slack and email follow)."""
