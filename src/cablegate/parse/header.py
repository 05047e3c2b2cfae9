"""The routing header: transmission id, precedence, DTG, sender, TO/INFO addressees, XMT."""

from __future__ import annotations

from dataclasses import dataclass, field

from cablegate.model import Recipient


@dataclass(frozen=True, slots=True)
class HeaderFields:
    transmission_id: str | None = None
    precedence: str | None = None
    dtg: str | None = None
    sender: str | None = None
    recipients: tuple[Recipient, ...] = ()
    info_recipients: tuple[Recipient, ...] = ()
    is_partial: bool = False
    problems: tuple[str, ...] = field(default=())


def read_header(header: str) -> HeaderFields:
    """Read the routing block (LF line breaks)."""
    raise NotImplementedError
