"""Drafting messages: the ask to a connector, the opt-in check, the introduction, direct requests."""
