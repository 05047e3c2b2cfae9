"""Text helpers shared by the field readers, and ``clean_content`` for indexing."""

from __future__ import annotations

import re

_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n"})


def normalise_text(text: str) -> str:
    """One line-break convention (LF) so that every reader can split on ``\\n``."""
    return text.replace("\r\n", "\n").translate(_LINE_BREAKS)


# --- clean_content -------------------------------------------------------------------------
# Every pattern starts with a literal or a character class so that the regex engine can skip
# through the text quickly: clean_content runs on every cable of the release.
#
# Furniture lines go together with the blank lines before them: "text\n\nSIPDIS\nmore" reads
# "text\nmore", "text\n\nLIMA 00000487 002 OF 003\n\nmore" reads "text\n\nmore".
_FURNITURE_KINDS = (
    # (substring that must occur, the line's pattern)
    ("SIPDIS", r"SIPDIS"),
    (" OF ", r"(?:[A-Z][A-Z.'-]*[ \t]+){1,4}\d{5,8}[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{2,3}"),
    ("PAGE", r"PAGE[ \t]+\d{2,3}[ \t]+[^\n]*?\d{6}Z"),  # PAGE 02 ROME 01196 01 OF 02 082030Z
)
_FURNITURE_LINES = tuple(
    (seed, re.compile(r"\n+[ \t]*" + line + r"[ \t\r]*(?:\n|$)"), re.compile(r"[ \t]*" + line + r"[ \t\r]*(?:\n|$)"))
    for seed, line in _FURNITURE_KINDS
)
# Paragraph numbers at line start, with a portion marking that may lack its "(" ("2. SBU) ").
_PARA = (
    r"[ \t]*¶?[ \t]*\d{1,3}[ \t]*\.[ \t]*"
    r"(?:\(?(?:TS|S|C|U|SBU|LOU|FOUO|CUI|NF)(?:[ \t]*/+[ \t]*[A-Z]{1,8})*\)[ \t]*)?"
)
_PARA_NUMBER = re.compile(r"\n" + _PARA)
_PARA_FIRST = re.compile(_PARA)
# SUMMARY / COMMENT labels: the word, then what may precede and follow it (see _labels_removed).
_LABEL_WORD = re.compile(r"[SC](?:ummary|UMMARY|omment|OMMENT)\b")
_LABEL_PREFIX = re.compile(r"(?:[Ee]nd|END|[Bb]egin|BEGIN)[ \t]+$")
_LABEL_TAIL = re.compile(
    r"(?:[ \t]+(?:and|AND)[ \t]+(?:[Cc]omment|COMMENT|[Aa]ction[ \t]+[Rr]equest|ACTION[ \t]+REQUEST))?"
)
_LABEL_PUNCT = re.compile(r"[ \t]*(?:[.:]+|-+(?=[ \t]*(?:\n|$)))?[ \t]*")
_LABEL_ALONE = re.compile(r"[ \t]*(?:[.:]|-|\n|$)")
_SENTENCE_END = re.compile(r"(?:\n|[.!?:)\"][ \t]+)[ \t]*$")
_RULE = re.compile(r"-{3,}|={3,}|_{3,}|/{3,}|#{3,}|\*{3,}|\.{4,}")
_RULE_CANDIDATE = re.compile(r"[-=_/#*.]{3,}")  # finds runs fast; _RULE then works on the run
_RULE_SEEDS = ("---", "===", "___", "///", "###", "***", "....")
_REDACTION = re.compile(r"[xX](?:[xX]{2,}|(?<![A-Za-z][xX])[xX](?![A-Za-z]))")
_REDACTION_SEEDS = ("xx", "XX", "xX", "Xx")


def _labels_removed(text: str) -> str:
    """Drop SUMMARY/COMMENT labels: ``Summary:``, ``End Summary.``, ``Comment and action request.``

    A bare ``Summary``/``Comment`` counts only when capitalised, at a line or sentence start and
    followed by ``.``, ``:``, dashes or the end of the line; after ``End``/``Begin`` it always does.
    """
    out: list[str] = []
    pos = 0
    for m in _LABEL_WORD.finditer(text):
        start, end = m.start(), m.end()
        if start < pos:
            continue
        before = text[max(pos, start - 12) : start]
        prefix = _LABEL_PREFIX.search(before)
        if prefix:
            start -= len(before) - prefix.start()
        elif start > 0 and not text[start - 1].isspace():
            continue
        end = _LABEL_TAIL.match(text, end).end()  # type: ignore[union-attr]
        if not prefix:
            window = text[max(0, start - 20) : start]
            at_start = start == 0 or bool(_SENTENCE_END.search(window))
            at_start = at_start or (start <= 20 and not window.strip(" \t"))
            if not at_start or not _LABEL_ALONE.match(text, end):
                continue
        end = _LABEL_PUNCT.match(text, end).end()  # type: ignore[union-attr]
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _furniture(m: re.Match[str]) -> str:
    return "\n" if m.group(0).endswith("\n") else ""


def clean_content(body: str) -> str:
    """Body text cleaned for indexing and NLP (peer_cases ``clean_content``).

    Drops paragraph numbers and portion markings, section/page markers, rules, SUMMARY and
    COMMENT labels, lone SIPDIS lines and redaction runs (``xxxx``); keeps everything else,
    spaces and line breaks included.
    """
    if not body:
        return ""
    text = body
    for seed, line, first_line in _FURNITURE_LINES:
        if seed in text:
            first = first_line.match(text)
            text = line.sub(_furniture, text[first.end() :] if first else text)
    first = _PARA_FIRST.match(text)
    if first:
        text = text[first.end() :]
    text = _PARA_NUMBER.sub("\n", text)
    text = _labels_removed(text)
    # Substring tests are much cheaper than a regex scan, and most cables need neither.
    if any(seed in text for seed in _RULE_SEEDS):
        text = _RULE_CANDIDATE.sub(lambda m: _RULE.sub("", m.group()), text)
    if any(seed in text for seed in _REDACTION_SEEDS):
        text = _REDACTION.sub("", text)
    return text
