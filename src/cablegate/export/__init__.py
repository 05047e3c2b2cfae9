"""Formats other programs read: Atom feeds, OpenSearch descriptions, citations."""
