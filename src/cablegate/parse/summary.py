"""The author's summary and comment sections."""

from __future__ import annotations


def read_summary(body: str) -> str | None:
    raise NotImplementedError


def read_comment(body: str) -> str | None:
    raise NotImplementedError
