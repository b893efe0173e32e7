"""Ranking introductions: the one warmth model, the compact graph, and the searches that use it."""
