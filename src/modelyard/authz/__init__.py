"""What you may do: roles, the permission matrix and the workspace guard."""
