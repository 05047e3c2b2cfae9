"""One WikiLeaks cable page of any site generation -> a parsed Cable."""

from __future__ import annotations

from cablegate.model import Cable


def parse_page(html: str) -> Cable:
    raise NotImplementedError
