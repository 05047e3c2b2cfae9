"""Numbered paragraphs with portion markings; numbering repaired from its sequence."""

from __future__ import annotations

from cablegate.model import Paragraph


def read_paragraphs(body: str) -> list[Paragraph]:
    raise NotImplementedError
