"""TAGS line: normalised and raw lists, and the kind of a tag.

The line is found in the header area of the body (before the SUBJECT line and the first numbered
paragraph), may wrap onto following lines, and is split into tags on commas and spaces. Cables
converted from the WikiLeaks pages (most of the shared corpus) print it space separated, so
multi-word tags are rebuilt from a table of known phrases (``data/multiword_tags.txt``) and
person names (``data/person_tags.csv``); on comma-separated lines an unknown phrase between two
commas is kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from cablegate.parse import tagwords as tw
from cablegate.parse.hints import hinted_finditer, label_hint

# The header area ends at the first numbered paragraph that carries a marking or a summary.
_HEADER_LIMIT = 2500
# Line-start patterns come in pairs, tried at offset 0 and then searched from a newline, which the
# regex engine finds much faster than a multi-line ``^`` tried at every offset.
_PARA_ONE = r"[ \t]*¶?[ \t]*1[ \t]*\.?[ \t]*(?:\(|summary\b)"
_FIRST_PARA = (re.compile(_PARA_ONE, re.I), re.compile(rf"\n({_PARA_ONE})", re.I))
_SUBJECT = r"[ \t]*S?UBJ(?:ECT)?[ \t]*:"
_SUBJECT_LINE = re.compile(_SUBJECT, re.I)
_SUBJECT_AFTER_NEWLINE = re.compile(rf"\n({_SUBJECT})", re.I)
# "C ?O ?R ?R ?E ?C ?T ?E ?D" or "\bCOPY\b" in any case, led by its first letter so that the
# engine skips to it quickly; the lookbehind is the "\b" before that letter.
_CORRECTION = re.compile(r"[Cc](?i: ?O ?R ?R ?E ?C ?T ?E ?D|(?<!\w.)OPY\b)")

# Where the value of the TAGS line stops on its own line. The lookahead (the characters an
# alternative can start with) lets the engine skip other offsets quickly.
_VALUE_END = re.compile(
    r"(?i)(?=[SUCEL \t])(?:\bS?UBJ(?:ECT)?[ \t]*:"
    r"|(?-i:(?<=[A-Z])SUBJECT[ \t]*:)"  # glued to the last tag: "PTER TUSUBJECT: ..."
    r"|(?:UNCLASSIFIED|UNCLAS|SECRET|CONFIDENTIAL|LIMITED OFFICIAL USE)[ \t]+PAGE[ \t]+\d"
    r"|\bE\.[ \t]?O\."
    r"|\bClassified[ \t]+By\b"
    r"|[ \t]{5,})"
)
# Lower-case pieces of text without which _VALUE_END never matches in ASCII text.
_VALUE_END_PIECES = ("ubj", "page", "e.", "classified", "     ", "\t")
_COMMA_START = re.compile(r"^[ \t]*[A-Za-z][A-Za-z0-9'/&.-]*[ \t]*,")
_TAG_SHAPED = re.compile(r"^[A-Z][A-Z0-9'/&-]*$")
_PAREN = re.compile(r"\(([^()]*)\)?")
_SEPARATOR = re.compile(r"[,;]")
_STRIP = '.:;"*'


@cache
def _label_re() -> re.Pattern[str]:
    optional = "|".join(re.escape(lab) for lab, req in tw.labels() if not req)
    required = "|".join(re.escape(lab) for lab, req in tw.labels() if req)
    first = re.escape("".join(sorted({lab[0] for lab, _ in tw.labels()})))
    # The lookahead on a label's first letter lets the engine skip other offsets quickly.
    return re.compile(
        rf"(?i)(?=[{first}])(?<![A-Za-z(/])(?:(?:{optional})(?![A-Za-z])[ \t]*[:;,]?[ \t]*"
        rf"|(?:{required})[ \t]*:[ \t]*)"
    )


@cache
def _label_hint() -> re.Pattern[str]:
    return label_hint(lab for lab, _ in tw.labels())


def _labels(area: str) -> Iterator[re.Match[str]]:
    """``_label_re().finditer(area)``, tried only where _label_hint finds a candidate (speed)."""
    return hinted_finditer(_label_re(), _label_hint(), area)


@cache
def _unlabelled_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # A line that starts directly with a 4-letter tag and a comma (08BEIJING3662: "EFIN, ECON").
    four = "|".join(sorted(t for t in tw.subject_tags() if len(t) == 4))
    line = rf"[ \t]*(?:{four})[ \t]*,[ \t]*[A-Z]"
    return re.compile(line), re.compile(rf"\n({line})")


def _line_start(
    at_start: re.Pattern[str], after_newline: re.Pattern[str], text: str, end: int
) -> int | None:
    """Offset of the first line start before ``end`` where ``at_start`` matches, else ``None``."""
    if at_start.match(text, 0, end):
        return 0
    m = after_newline.search(text, 0, end)
    return m.start(1) if m else None


def _header_area(body: str) -> str:
    end = _line_start(*_FIRST_PARA, body, min(len(body), _HEADER_LIMIT))
    return body[: _HEADER_LIMIT if end is None else end]


def _cut(value: str) -> str:
    m = _VALUE_END.search(value) if _may_end(value) else None
    return (value[: m.start()] if m else value).strip()


def _may_end(value: str) -> bool:
    """Whether _VALUE_END can match: a substring test rules most lines out (speed)."""
    if not value.isascii():
        return True
    low = value.lower()
    return any(piece in low for piece in _VALUE_END_PIECES)


def _is_tag_line(line: str) -> bool:
    """A line of nothing but upper-case tag-like tokens (``EINV``, ``COUNTRY CLEARANCE``)."""
    toks = [t.strip(_STRIP) for t in re.split(r"[\s,]+", line) if t.strip(_STRIP)]
    if not toks or len(toks) > 20:
        return False
    return not any(not _TAG_SHAPED.match(t) or t in tw.distribution_markers() for t in toks)


def _mostly_prose(line: str) -> bool:
    """Three or more words, most of them no tag: a wrapped sentence, not tags (06LIMA1452)."""
    toks = [t.strip(_STRIP) for t in re.split(r"[\s,]+", line.upper()) if t.strip(_STRIP)]
    if len(toks) < 3:
        return False
    known = tw.known_tags()
    hits = sum(t in known or t in tw.phrase_words() or t in tw.typos() for t in toks)
    return hits * 2 < len(toks)


def _continues(value: str, nxt: str, after: str) -> bool:
    """Whether line ``nxt`` carries on the TAGS value (``after`` is the line after it)."""
    if not nxt.strip() or _SUBJECT_LINE.match(nxt) or _VALUE_END.match(nxt.lstrip()):
        return False
    if _mostly_prose(_cut(nxt)):
        return False
    if value.rstrip().endswith(",") or not value.strip():
        return True
    if _COMMA_START.match(nxt) and _is_tag_line(nxt):
        return True
    if _is_tag_line(_cut(nxt)):
        known = tw.known_tags()
        toks = [t for t in re.split(r"[\s,]+", _cut(nxt).upper()) if t]
        return bool(_SUBJECT_LINE.match(after)) or all(t in known for t in toks)
    return False


def _find_value(body: str) -> str | None:
    area = _header_area(body)
    subj = _line_start(_SUBJECT_LINE, _SUBJECT_AFTER_NEWLINE, area, len(area))
    limit = len(area) if subj is None else subj
    start = -1
    for m in _labels(area):
        if m.start() >= limit:
            break
        line_start = area.rfind("\n", 0, m.start()) + 1
        line_end = area.find("\n", m.start())
        if not _CORRECTION.search(area[line_start : line_end if line_end >= 0 else None]):
            start = m.end()
            break
    if start < 0:
        unlabelled = _line_start(*_unlabelled_re(), area, limit)
        if unlabelled is None:
            return None
        start = unlabelled
    lines = area[start:].split("\n")
    value = _cut(lines[0])
    for i in range(1, min(len(lines), 5)):
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if not _continues(value, lines[i], after):
            break
        value = f"{value} {_cut(lines[i])}"
        if _VALUE_END.search(lines[i]):
            break
    return value


def _chunks(value: str) -> list[tuple[bool, list[str]]]:
    """Split the value into (is_person, words) chunks on parentheses and commas."""
    out: list[tuple[bool, list[str]]] = []
    pos = 0
    for m in _PAREN.finditer(value):
        out.extend(_plain_chunks(value[pos : m.start()]))
        inner = " ".join(m.group(1).split()).strip(" ,")
        if inner:
            out.append((True, [inner.upper()]))
        pos = m.end()
    out.extend(_plain_chunks(value[pos:]))
    return out


def _plain_chunks(text: str) -> list[tuple[bool, list[str]]]:
    out: list[tuple[bool, list[str]]] = []
    for part in _SEPARATOR.split(text):
        ws = [w.strip(_STRIP).upper() for w in part.split()]
        ws = [w for w in ws if w]
        if ws:
            out.append((False, ws))
    return out


def _group(ws: list[str]) -> list[str]:
    """Join the words of known multi-word tags; every other word is a tag of its own."""
    by_first, by_second = tw.phrases_by_word()
    out: list[str] = []
    i = 0
    while i < len(ws):
        if ws[i] in by_first or (i + 1 < len(ws) and ws[i + 1] in by_second):
            n = _phrase_at(ws, i)
            out.append(" ".join(ws[i : i + n]))
            i += n
        else:  # most words start no phrase (speed)
            out.append(ws[i])
            i += 1
    return out


def _phrase_at(ws: list[str], i: int) -> int:
    by_first, by_second = tw.phrases_by_word()
    cands = by_first.get(ws[i], ())
    if i + 1 < len(ws) and ws[i + 1] in by_second:
        cands = tuple(sorted((*cands, *by_second[ws[i + 1]]), key=len, reverse=True))
    for phrase in cands:
        n = len(phrase)
        if i + n <= len(ws) and all(
            p == w or (p == tw.WILDCARD and w != "AND")
            for p, w in zip(phrase, ws[i : i + n], strict=True)
        ):
            return n
    return 1


def _whole(ws: list[str], comma_mode: bool) -> bool:
    """A comma-delimited run of unknown words is one tag (``PREL, MEDIA REACTION``)."""
    if not comma_mode or len(ws) < 2 or len(ws) > 4:
        return False
    known = tw.known_tags()
    return not any(w in known or w in tw.typos() or _split_glued(w) for w in ws)


@cache
def _split_glued(word: str) -> tuple[str, ...] | None:
    """The parts of a glued token (``IZPREL`` -> ``IZ``, ``PREL``), or ``None``."""
    if word in tw.glued():
        return tw.glued()[word]
    if len(word) < 6 or not word.isalpha() or word in tw.known_tags():
        return None
    if word in tw.phrase_words() or word in tw.persons() or word in tw.typos():
        return None
    parts = _segment(word)
    if parts and len(parts) > 1 and any(len(p) == 4 for p in parts):
        return parts
    return None


def _segment(word: str) -> tuple[str, ...] | None:
    # best[i]: a split of word[:i] into glue pieces (2- or 4-letter tags), fewest parts.
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for i in range(2, len(word) + 1, 2):
        for size in (4, 2):
            prev = best[i - size] if i >= size else None
            piece = word[i - size : i]
            if prev is not None and tw.is_glue_piece(piece):
                cand = (*prev, piece)
                if best[i] is None or len(cand) < len(best[i] or ()):
                    best[i] = cand
    return best[len(word)]


def _tokens(value: str) -> tuple[list[str], list[str]]:
    """(raw tags, normalised tags before typo fixing and de-duplication)."""
    comma_mode = bool(_SEPARATOR.search(_PAREN.sub("", value)))
    raw: list[str] = []
    norm: list[str] = []
    for is_person, ws in _chunks(value):
        if is_person or _whole(ws, comma_mode):
            raw.append(" ".join(ws))
            norm.append(" ".join(ws))
            continue
        grouped = _group(ws)
        raw.extend(grouped)
        split: list[str] = []
        for w in ws:
            split.extend(_split_glued(w) or (w,))
        norm.extend(grouped if split == ws else _group(split))
    return raw, norm


@lru_cache(maxsize=8192)  # a few thousand tags make up nearly every TAGS line
def _normalise(tag: str) -> tuple[str, ...]:
    tag = tw.persons().get(tag, tag)
    tag = tw.typos().get(tag, tag)
    parts = _split_glued(tag) if " " not in tag else tw.glued().get(tag)
    return tuple(tw.typos().get(p, p) for p in parts) if parts else (tag,)


def read_tags(body: str) -> tuple[list[str], list[str]]:
    """Return ``(tags, tags_raw)``: normalised (fixed, split, unique) and as found (upper-cased)."""
    value = _find_value(body)
    if not value:
        return [], []
    raw, pre = _tokens(value)
    tags: dict[str, None] = {}
    for tag in pre:
        for t in _normalise(tag):
            if t and t != "SIPDIS":
                tags.setdefault(t, None)
    return list(tags), raw


def tag_kind(tag: str) -> str:
    """geo | person | program | subject | organization | unknown, in that order of rules."""
    t = tag.strip().upper()
    if len(t) == 2:
        return "geo"
    if "," in t:
        return "person"
    if len(t) == 4 and t.startswith("K"):
        return "program"
    if t in tw.subject_tags():
        return "subject"
    if t in tw.organization_tags():
        return "organization"
    return "unknown"
