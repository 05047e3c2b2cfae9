"""The routing header decoded for readers: each raw line with what it says, recipients named.

This explains, it does not extract: the fields themselves come from the parsed ``Cable``; the
line notes only name codes (precedence letters, routing indicators, the date-time group).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cablegate.model import Cable, Recipient
from cablegate.web.glossary import MONTHS, PRECEDENCE, SECURITY, route_name


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


_DTG = re.compile(r"\b(\d{2})(\d{2})(\d{2})Z\s+([A-Z]{3})\s+(\d{2}(?:\d{2})?)\b")
_DE = re.compile(r"^DE\s+([A-Z0-9]{4,8})\s+#(\d+)(?:/(\d+))?\s+(\d{3})(\d{4})")
_PREC_LINE = re.compile(r"^([ZYOPRM])\s+\d{6}Z\b")
_PP = re.compile(r"^([ZYOPRM])\1\s+([A-Z0-9]+)")
_ADDR = re.compile(r"^(?:(TO|INFO|XMT)\s+)?([A-Z0-9]{4,8})/(.+)$")
_WORD_PREC = {"FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE", "NIACT IMMEDIATE"}


def dtg_to_iso(dtg: str | None) -> str | None:
    """``202245Z FEB 07`` -> ``2007-02-20T22:45Z``; None when it does not read."""
    m = _DTG.search(dtg or "")
    if not m:
        return None
    day, hour, minute, mon, year = m.groups()
    if mon not in MONTHS:
        return None
    y = int(year)
    if y < 100:
        y += 1900 if y >= 50 else 2000
    return f"{y:04d}-{MONTHS.index(mon) + 1:02d}-{day}T{hour}:{minute}Z"


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


def _note(line: str, state: dict[str, str]) -> str:
    """A plain-language note for one raw header line (``state`` tracks TO/INFO blocks)."""
    s = line.strip()
    if not s:
        return ""
    if s.startswith("VZCZC"):
        return f"Start of message; channel serial {s[5:]}"
    if m := _PP.match(s):
        name = route_name(m.group(2))
        where = f" ({name})" if name else ""
        return f"Precedence {PRECEDENCE[m.group(1)]}; routed via {m.group(2)}{where}"
    if m := _DE.match(s):
        station, serial, section, day, hhmm = m.groups()
        name = route_name(station)
        parts = [f"From station {station}" + (f" ({name})" if name else "")]
        parts.append(f"station serial {serial}")
        if section:
            parts.append(f"section {section}")
        parts.append(f"day {day} of the year at {hhmm[:2]}:{hhmm[2:]} UTC")
        return ", ".join(parts)
    if s.startswith("ZN"):
        level = next((v for k, v in SECURITY.items() if k in s), None)
        return f"Security line: {level}" if level else "Security line"
    if m := _PREC_LINE.match(s):
        iso = dtg_to_iso(s)
        return f"{PRECEDENCE[m.group(1)]}; date-time group" + (f" = {iso}" if iso else "")
    if s.startswith("FM "):
        return "From (sender)"
    if s.startswith(("TO ", "INFO ", "XMT ")):
        state["block"] = s.split()[0]
    if m := _ADDR.match(s):
        kind = m.group(1) or state.get("block", "")
        name = route_name(m.group(2))
        label = {"TO": "To", "INFO": "Info", "XMT": "Excluded"}.get(kind, "Addressee")
        return f"{label}: {m.group(2)}" + (f" = {name}" if name else "")
    if s.startswith("XMT"):
        state["block"] = "XMT"
        return "Excluded from distribution"
    if s.startswith("BT"):
        return "Break: start or end of the text"
    return ""


def _line(line: str, state: dict[str, str]) -> HeaderLine:
    note = _note(line, state)
    s = line.strip()
    return HeaderLine(line, note, bool(_ADDR.match(s)) or s.startswith(("TO ", "INFO ", "XMT")))


def decode_header(cable: Cable) -> HeaderView:
    """The header of ``cable``: raw lines with notes plus the parsed recipients, named."""
    raw = cable.header or ""
    state: dict[str, str] = {}
    lines = tuple(_line(line, state) for line in raw.splitlines())
    station = None
    for line in lines:
        if m := _DE.match(line.raw.strip()):
            station = m.group(1)
            break
    excluded = tuple(
        dict.fromkeys(x for r in cable.recipients + cable.info_recipients for x in r.excluded)
    )
    return HeaderView(
        raw=raw,
        lines=lines,
        precedence=_precedence_word(cable.precedence),
        dtg=cable.dtg,
        dtg_iso=dtg_to_iso(cable.dtg),
        sender=cable.sender,
        station=station,
        station_name=route_name(station),
        to=tuple(_addressee("to", r) for r in cable.recipients),
        info=tuple(_addressee("info", r) for r in cable.info_recipients),
        excluded=excluded,
    )
