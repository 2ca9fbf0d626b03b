"""Workspaces, their members and invitations."""
