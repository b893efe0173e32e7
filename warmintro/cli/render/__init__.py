"""Output for people: rich tables and panels, one module a command group."""
