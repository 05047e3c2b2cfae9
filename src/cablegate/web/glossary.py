"""What the codes on a cable mean: tables the cable page and the help pages explain them from.

Facts as data, loaded once per process (routing indicators from cablemap's ``route2name.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cablegate.data import rows
from cablegate.parse.layout import marking_level

# Executive Order 12958 §1.4 (as amended by E.O. 13292 in 2003, carried over into E.O. 13526):
# the categories of information that may be classified. A cable's "Classified By" line cites them.
REASONS: dict[str, str] = {
    "a": "military plans, weapons systems, or operations",
    "b": "foreign government information",
    "c": "intelligence activities (including covert action), intelligence sources or methods, "
    "or cryptology",
    "d": "foreign relations or foreign activities of the United States, including confidential "
    "sources",
    "e": "scientific, technological, or economic matters relating to the national security, "
    "including defense against transnational terrorism",
    "f": "United States Government programs for safeguarding nuclear materials or facilities",
    "g": "vulnerabilities or capabilities of systems, installations, infrastructures, projects, "
    "plans, or protection services relating to the national security, including defense "
    "against transnational terrorism",
    "h": "weapons of mass destruction",
}

# Precedence prosigns of the routing header, in words (ACP 121).
PRECEDENCE: dict[str, str] = {
    "Z": "Flash",
    "Y": "Emergency command precedence",
    "O": "Immediate",
    "P": "Priority",
    "R": "Routine",
    "M": "Deferred",
}

# The security line (``ZNY SSSSS ZZH``): the five repeated letters give the classification.
SECURITY: dict[str, str] = {
    "SSSSS": "SECRET",
    "CCCCC": "CONFIDENTIAL",
    "UUUUU": "UNCLASSIFIED",
    "EEEEE": "UNCLASSIFIED (encrypted for transmission)",
    "TTTTT": "TOP SECRET",
}

# Portion markings: the prefix of each paragraph, e.g. ``(S/NF)``.
MARKINGS: dict[str, str] = {
    "U": "Unclassified",
    "SBU": "Sensitive but unclassified",
    "FOUO": "For official use only",
    "C": "Confidential",
    "S": "Secret",
    "TS": "Top secret",
    "NF": "no foreign nationals (NOFORN)",
    "REL": "releasable to the named partners",
}

# Distribution markers in the body.
DISTRIBUTION: dict[str, str] = {
    "SIPDIS": "posted to SIPRNet, the Defense Department's secret network (the source of the leak)",
    "NOFORN": "not releasable to foreign nationals",
    "NODIS": "no distribution beyond the addressees without the sender's approval",
    "EXDIS": "exclusive distribution to named officials",
    "LIMDIS": "limited distribution",
    "STADIS": "State Department distribution only",
    "ROGER": "handled through a special channel",
    "CHEROKEE": "for the Secretary's personal attention",
    "TERREP": "terrorism report",
}


@dataclass(frozen=True, slots=True)
class Reason:
    """One cited §1.4 reason with its text (``known`` is False for codes outside a-h)."""

    code: str
    letter: str
    text: str
    known: bool

    def to_dict(self) -> dict[str, str | bool]:
        return {"code": self.code, "letter": self.letter, "text": self.text, "known": self.known}


def explain_reason(code: str, letter: str) -> Reason:
    """``1.4(c)`` with its parsed letter ``c`` -> the text of §1.4(c); a code without a known
    letter is kept as given."""
    text = REASONS.get(letter, "")
    return Reason(code, letter, text or "not one of the reasons a to h", bool(text))


@cache
def route_names() -> dict[str, str]:
    """Routing indicator -> station name (``RUEHC`` -> ``DEPT OF STATE WASHINGTON DC``)."""
    return {
        row[0].strip(): row[1].strip()
        for row in rows("cablemap/route2name.csv", header=False)
        if len(row) >= 2
    }


def route_name(route: str | None) -> str | None:
    if not route:
        return None
    return route_names().get(route.strip().upper())


def marking_class(marking: str | None) -> str:
    """CSS class for a portion marking: the level before any ``/`` caveat (``S/NF`` -> ``s``)."""
    if not marking:
        return ""
    level = marking_level(marking)
    return {"U": "u", "SBU": "u", "FOUO": "u", "C": "c", "S": "s", "TS": "s"}.get(level, "x")


def explain_marking(marking: str | None) -> str:
    """``S/NF`` -> ``Secret; no foreign nationals (NOFORN)``."""
    if not marking:
        return ""
    out = []
    for part in marking.strip().upper().split("/"):
        head, _, rest = part.strip().partition(" ")
        out.append((MARKINGS.get(head, head) + (" " + rest if rest else "")).strip())
    return "; ".join(p for p in out if p)
