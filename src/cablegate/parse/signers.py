"""The signing surname(s) at the end of the body."""

from __future__ import annotations


def read_signers(body: str) -> tuple[list[str], list[str]]:
    """Return ``(signers, signers_raw)``."""
    raise NotImplementedError
