"""Readers that yield raw records from the release files: CSV, HTML pages, media, releases."""
