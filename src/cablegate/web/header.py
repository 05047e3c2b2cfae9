"""The routing header explained for readers: each line with what it says, recipients named.

This formats, it does not read: the lines, their kinds and codes come from the parsed
``Cable`` (``header_lines``); the notes only put names to the codes (precedence letters,
routing indicators, security levels).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cablegate.model import Cable, Recipient
from cablegate.model import HeaderLine as ParsedLine
from cablegate.parse.text import normalise_text
from cablegate.web.glossary import PRECEDENCE, SECURITY, route_name


@dataclass(frozen=True, slots=True)
class Addressee:
    """One TO/INFO line: routing indicator, its station name, precedence in words."""

    kind: str
    name: str
    route: str | None
    route_name: str | None
    precedence: str | None
    mcn: str | None
    excluded: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "route": self.route,
            "route_name": self.route_name,
            "precedence": self.precedence,
            "mcn": self.mcn,
            "excluded": list(self.excluded),
        }


@dataclass(frozen=True, slots=True)
class HeaderLine:
    """One row of the line-by-line table."""

    raw: str
    note: str
    addressee: bool = False  # TO/INFO/XMT lines: decoded in the lists, not in the line table


@dataclass(frozen=True, slots=True)
class HeaderView:
    raw: str
    lines: tuple[HeaderLine, ...]
    precedence: str | None
    dtg: str | None
    dtg_iso: str | None
    sender: str | None
    station: str | None
    station_name: str | None
    to: tuple[Addressee, ...]
    info: tuple[Addressee, ...]
    excluded: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.raw.strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "precedence": self.precedence,
            "dtg": self.dtg,
            "dtg_iso": self.dtg_iso,
            "sender": self.sender,
            "station": self.station,
            "station_name": self.station_name,
            "to": [a.to_dict() for a in self.to],
            "info": [a.to_dict() for a in self.info],
            "excluded": list(self.excluded),
        }


_WORD_PREC = {"FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE", "NIACT IMMEDIATE"}


def _precedence_word(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().upper()
    if len(v) == 1 and v in PRECEDENCE:
        return PRECEDENCE[v]
    return v.title() if v in _WORD_PREC else value


def _addressee(kind: str, r: Recipient) -> Addressee:
    return Addressee(
        kind,
        r.name,
        r.route,
        route_name(r.route),
        _precedence_word(r.precedence),
        r.mcn,
        r.excluded,
    )


def _note(line: ParsedLine) -> str:
    """A plain-language note for one header line, from its parsed parts."""
    kind = line.kind
    if kind == "vzczc":
        return f"Start of message; channel serial {line.serial}"
    if kind == "routing":
        name = route_name(line.route)
        where = f" ({name})" if name else ""
        return f"Precedence {PRECEDENCE[line.precedence or '']}; routed via {line.route}{where}"
    if kind == "de":
        name = route_name(line.route)
        parts = [f"From station {line.route}" + (f" ({name})" if name else "")]
        parts.append(f"station serial {line.serial}")
        if line.section:
            parts.append(f"section {line.section}")
        hhmm = line.time or ""
        parts.append(f"day {line.day} of the year at {hhmm[:2]}:{hhmm[2:]} UTC")
        return ", ".join(parts)
    if kind == "security":
        level = SECURITY.get(line.security or "")
        return f"Security line: {level}" if level else "Security line"
    if kind == "dtg":
        iso = line.dtg_iso
        return f"{PRECEDENCE[line.precedence or '']}; date-time group" + (
            f" = {iso}" if iso else ""
        )
    if kind == "fm":
        return "From (sender)"
    if kind == "bt":
        return "Break: start or end of the text"
    return ""


_ADDRESSEE_KINDS = frozenset({"to", "info", "xmt", "addressee"})


def decode_header(cable: Cable) -> HeaderView:
    """The header of ``cable``: raw lines with notes plus the parsed recipients, named."""
    raw = cable.header or ""
    text = normalise_text(raw)
    lines = tuple(
        HeaderLine(text[h.span.start : h.span.end], _note(h), h.kind in _ADDRESSEE_KINDS)
        for h in cable.header_lines or ()
    )
    station = next((h.route for h in cable.header_lines or () if h.kind == "de"), None)
    excluded = tuple(
        dict.fromkeys(x for r in cable.recipients + cable.info_recipients for x in r.excluded)
    )
    return HeaderView(
        raw=raw,
        lines=lines,
        precedence=_precedence_word(cable.precedence),
        dtg=cable.dtg,
        dtg_iso=cable.dtg_iso,
        sender=cable.sender,
        station=station,
        station_name=route_name(station),
        to=tuple(_addressee("to", r) for r in cable.recipients),
        info=tuple(_addressee("info", r) for r in cable.info_recipients),
        excluded=excluded,
    )
