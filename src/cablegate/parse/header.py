"""The routing header: transmission id, precedence, DTG, sender, TO/INFO addressees, XMT.

The header is machine-made (ACP 127 telegram format), so its lines are read by position:
the precedence/DTG line comes before ``FM``, the action addressees follow ``TO`` and the
information addressees follow ``INFO``, one a line (see peer_cases/README.md for the rules).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from cablegate.model import Recipient
from cablegate.vocabulary import MONTH_CODES


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


@dataclass(frozen=True, slots=True)
class Precedences:
    """The precedence table of ``data/precedence.csv``: prosign letters and addressee words."""

    prosigns: dict[str, str]
    words: dict[str, str]


@cache
def _precedences() -> Precedences:
    text = files("cablegate").joinpath("data/precedence.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    prosigns: dict[str, str] = {}
    words: dict[str, str] = {}
    for row in rows:
        table = prosigns if row["kind"] == "prosign" else words
        table[row["spelling"]] = row["precedence"]
    return Precedences(prosigns, words)


_MONTHS = "|".join(MONTH_CODES)
# `P 202245Z FEB 07`, `O R 181205Z NOV 75 ZFF4`, `291359Z Nov 00`; anchored at the line start so
# that page-break lines (`PAGE 02 STATE 015113 182333Z`) and `DE` lines never match.
_DTG_RE = re.compile(
    rf"^[ \t]*(?:(?P<prec>[ZOPR0]{{1,2}})(?:[ \t]+(?P<info>[ZOPR]{{1,2}}))?[ \t]+)?"
    rf"(?P<ddhhmm>\d{{6}})Z[ \t]+(?P<mon>{_MONTHS})[ \t]+(?P<yy>\d{{4}}|\d{{2}})\b",
    re.IGNORECASE | re.MULTILINE,
)
# `OO RUEHWEB` / `PP RUEHBI RUEHCI`: the precedence line after VZCZC, used when the DTG line has none.
# Tried at offset 0, then searched from a newline: faster than a multi-line ``^`` at every offset.
_PROSIGN_LINE = r"(ZZ|OO|PP|RR|[ZOPR] [ZOPR])[ \t]+R[A-Z]{3}"
_PROSIGN_LINE_RE = (re.compile(_PROSIGN_LINE), re.compile(rf"\n{_PROSIGN_LINE}"))
_VZCZC_RE = re.compile(r"VZCZC[A-Z]*\d*")
# Led by its first letter as a literal in either case, so that the engine skips to it quickly.
_PARTIAL_RE = re.compile(r"[Pp](?i:artial\s+extract\s+of\s+the\s+original\s+cable)")
_FM_RE = re.compile(r"^FM[ \t]+(?P<rest>.*)$")
_TO_RE = re.compile(r"^TO(?:[ \t]+|$|(?=R[A-Z0-9]{3,7}/))(?P<rest>.*)$")
_INFO_RE = re.compile(r"^INFO(?:[ \t]+|$)(?P<rest>.*)$")
# `INFO  LOG-00   NP-00  ...`: the receiving office's internal distribution list, not addressees.
_DISTRIBUTION_RE = re.compile(r"^(?:[A-Z0-9]+-\d\d\s*)+$")
_BLOCK_END_RE = re.compile(r"FM |VZCZC|DE R|BT$|NNNN")
# page-break lines (`PAGE 02 STATE 015113 182333Z`), rules and lone prosigns inside a block
_SKIP_RE = re.compile(r"PAGE \d+\b|-{3,}|ZEN$")
_XMT_RE = re.compile(r"^XMT(?:[ \t]+|/)(?P<rest>.*)$")
# Routing indicators start with R (RUEHC, RHEHNSC, RUCNDT); ZEN marks "delivered by other means".
_ROUTE_RE = re.compile(r"^(?P<route>R[A-Z0-9]{3,7}|ZEN)/(?!/)(?P<name>.*)$")
_MCN_RE = re.compile(r"\d{4,}(?:-\d{4,})?")
_SPACES_RE = re.compile(r"\s+")


def read_header(header: str) -> HeaderFields:
    """Read the routing block (LF line breaks); a header without text yields empty fields."""
    if not header or not header.strip():
        return HeaderFields()
    lines = [line.rstrip() for line in header.split("\n")]
    is_partial = bool(_PARTIAL_RE.search(header, 0, 400))
    tid = _VZCZC_RE.search(header)

    fm_at = _first(lines, _FM_RE, 0)
    dtg_match = _dtg_match(lines, fm_at)
    sender = None
    if fm_at is not None:
        fm = _FM_RE.match(lines[fm_at])
        sender = _clean_name(fm.group("rest")) if fm else None
    to_at = _first(lines, _TO_RE, fm_at or 0)
    info_at = _first_info(lines, to_at if to_at is not None else (fm_at or 0))
    recipients: tuple[Recipient, ...] = ()
    info_recipients: tuple[Recipient, ...] = ()
    if to_at is not None:
        end = info_at if info_at is not None and info_at > to_at else len(lines)
        recipients = _read_block(lines, to_at, end, _TO_RE)
    if info_at is not None:
        info_recipients = _read_block(lines, info_at, len(lines), _INFO_RE)

    precedence = _precedence(header, dtg_match, recipients)
    dtg = None
    if dtg_match:
        dtg = f"{dtg_match['ddhhmm']}Z {dtg_match['mon'].upper()} {dtg_match['yy']}"
    problems: list[str] = []
    if dtg is None and not is_partial:
        problems.append("header: no DTG line")
    return HeaderFields(
        transmission_id=tid.group() if tid else None,
        precedence=precedence,
        dtg=dtg,
        sender=sender or None,
        recipients=recipients,
        info_recipients=info_recipients,
        is_partial=is_partial,
        problems=tuple(problems),
    )


def dtg_day_hour_minute(dtg: str | None) -> tuple[int, int, int] | None:
    """Day of month, hour and minute of a DTG such as ``202245Z FEB 07``."""
    if not dtg or len(dtg) < 7 or not dtg[:6].isdigit() or dtg[6] != "Z":
        return None
    return int(dtg[:2]), int(dtg[2:4]), int(dtg[4:6])


def _first(lines: list[str], pattern: re.Pattern[str], start: int) -> int | None:
    for i in range(start, len(lines)):
        if pattern.match(lines[i]):
            return i
    return None


def _first_info(lines: list[str], start: int) -> int | None:
    for i in range(start, len(lines)):
        m = _INFO_RE.match(lines[i])
        if m and not _DISTRIBUTION_RE.match(m.group("rest").strip()):
            return i
    return None


def _dtg_match(lines: list[str], fm_at: int | None) -> re.Match[str] | None:
    """The DTG line sits before ``FM``; a header without ``FM`` is searched whole."""
    stop = fm_at if fm_at is not None else len(lines)
    for line in lines[:stop]:
        m = _DTG_RE.match(line)
        if m and _valid_ddhhmm(m["ddhhmm"]):
            return m
    return None


def _valid_ddhhmm(ddhhmm: str) -> bool:
    return 1 <= int(ddhhmm[:2]) <= 31 and int(ddhhmm[2:4]) <= 24 and int(ddhhmm[4:]) <= 59


def _precedence(
    header: str, dtg: re.Match[str] | None, recipients: tuple[Recipient, ...]
) -> str | None:
    """The action precedence in words: the DTG prefix, else the ``OO RUEH...`` line."""
    table = _precedences().prosigns
    sign = dtg["prec"].upper() if dtg and dtg["prec"] else None
    if sign is None:
        at_start, after_newline = _PROSIGN_LINE_RE
        m = at_start.match(header, 0, 600) or after_newline.search(header, 0, 600)
        sign = m.group(1).split(" ")[0] if m else None
    word = table.get(sign) if sign else None
    if word == "IMMEDIATE" and any(r.precedence == "NIACT IMMEDIATE" for r in recipients):
        return "NIACT IMMEDIATE"
    return word


def _read_block(
    lines: list[str], start: int, end: int, label: re.Pattern[str]
) -> tuple[Recipient, ...]:
    """One addressee a line; XMT lines and those after them exempt the addressee before."""
    out: list[Recipient] = []
    excluded: list[str] | None = None  # exemptions of out[-1] once an XMT line was seen
    first = label.match(lines[start])
    for i in range(start, end):
        text = (first.group("rest") if i == start and first else lines[i]).strip()
        if "  " in text or "\t" in text:
            text = _SPACES_RE.sub(" ", text)
        if not text or _SKIP_RE.match(text):
            continue
        if i > start and _BLOCK_END_RE.match(text):
            break
        xmt = _XMT_RE.match(text)
        if xmt or excluded is not None:
            if not out:
                continue  # an XMT with no addressee before it exempts nothing
            if excluded is None:
                excluded = list(out[-1].excluded)
            item = xmt.group("rest").strip() if xmt else text
            if item:
                excluded.append(item)
            out[-1] = _with_excluded(out[-1], excluded)
            continue
        recipient = _read_addressee(text)
        if recipient.name and not recipient.name.startswith("/"):
            out.append(recipient)
        elif out:
            out[-1] = _merge(out[-1], recipient)  # a wrapped line: `PRIORITY 1234` or `//J5//`
    return tuple(out)


def _read_addressee(text: str) -> Recipient:
    """``[ROUTE/]NAME [PRECEDENCE] [MCN]``, read from the end of the (space-collapsed) line."""
    route = None
    if "/" in text and (m := _ROUTE_RE.match(text)):
        route, text = m["route"], m["name"].strip()
    words = _precedences().words
    mcn = precedence = None
    for _ in range(2):  # `NAME PRIORITY 1234`, rarely `NAME 1234 PRIORITY`
        head, _, last = text.rpartition(" ")
        if mcn is None and last[:1].isdecimal() and _MCN_RE.fullmatch(last):
            mcn, text = last, head
            continue
        if precedence is None:
            before, _, prev = head.rpartition(" ")
            if prev and f"{prev} {last}" in words:  # NIACT IMMEDIATE
                precedence, text = words[f"{prev} {last}"], before
                continue
            if last in words:
                precedence, text = words[last], head
                continue
        break
    return Recipient(name=text.strip(), route=route, precedence=precedence, mcn=mcn)


def _merge(prev: Recipient, cont: Recipient) -> Recipient:
    return Recipient(
        name=f"{prev.name}{cont.name}" if cont.name.startswith("/") else prev.name,
        route=prev.route,
        precedence=prev.precedence or cont.precedence,
        mcn=prev.mcn or cont.mcn,
        excluded=prev.excluded,
    )


def _with_excluded(r: Recipient, excluded: list[str]) -> Recipient:
    return Recipient(
        name=r.name, route=r.route, precedence=r.precedence, mcn=r.mcn, excluded=tuple(excluded)
    )


def _clean_name(text: str) -> str:
    text = _SPACES_RE.sub(" ", text).strip()
    m = _ROUTE_RE.match(text)
    return m["name"].strip() if m else text
