"""Who you are: passwords, sessions, API keys."""
