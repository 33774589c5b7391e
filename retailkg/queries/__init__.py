"""Canned analyst queries (see ``catalog``)."""
