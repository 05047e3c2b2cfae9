"""Text helpers shared by the field readers, and ``clean_content`` for indexing."""

from __future__ import annotations

import re

_ODD_BREAKS = re.compile("\r\n?|[\u2028\u2029\x0b\x0c]")
_ODD_CHARS = ("\r", "\x0b", "\x0c", "\u2028", "\u2029")


def normalise_text(text: str) -> str:
    """One line-break convention (LF) so that every reader can split on ``\\n``."""
    # Almost no cable has any: ``in`` is a memchr, ~400x cheaper than a scan by the regex.
    if not any(c in text for c in _ODD_CHARS):
        return text
    return _ODD_BREAKS.sub("\n", text)


# --- clean_content -------------------------------------------------------------------------
# clean_content runs on every cable of the release, so the work is driven by str.find on short
# literals (far cheaper than a regex scan of the whole body) and regexes only check candidates.
#
# Furniture lines go together with the blank lines before them: "text\n\nSIPDIS\nmore" reads
# "text\nmore", "text\n\nLIMA 00000487 002 OF 003\n\nmore" reads "text\n\nmore".
_FURNITURE_LINE = re.compile(
    r"[ \t]*(?:"
    r"SIPDIS(?:[ \t]+SIPDIS)*"
    r"|(?:[A-Z][A-Z.'-]*[ \t]+){1,4}\d{5,8}[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{2,3}"  # section
    r"|PAGE[ \t]+\d{2,3}[ \t]+[^\n]*?\d{6}Z"  # PAGE 02 ROME 01196 01 OF 02 082030Z
    r")[ \t\r]*"
)
_FURNITURE_SEEDS = ("SIPDIS", " OF ", "PAGE")  # every furniture line holds one of these


def _furniture_removed(text: str) -> str:
    """Drop furniture lines, each with the blank lines before it (found by substring search)."""
    spans: set[tuple[int, int]] = set()
    for seed in _FURNITURE_SEEDS:
        i = text.find(seed)
        while i >= 0:
            start = text.rfind("\n", 0, i) + 1
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            if _FURNITURE_LINE.fullmatch(text, start, end):
                spans.add((start, end))
            i = text.find(seed, end)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        cut = start
        while cut > pos and text[cut - 1] == "\n":
            cut -= 1
        out.append(text[pos:cut])
        if end < len(text):
            out.append("\n" if cut > 0 else "")
            end += 1
        pos = end
    out.append(text[pos:])
    return "".join(out)


# Paragraph numbers at line start, with a portion marking that may lack its "(" ("2. SBU) ").
_PARA = (
    r"[ \t]*¶?[ \t]*\d{1,3}[ \t]*\.[ \t]*"
    r"(?:\(?(?:TS|S|C|U|SBU|LOU|FOUO|CUI|NF)(?:[ \t]*/+[ \t]*[A-Z]{1,8})*\)[ \t]*)?"
)
_PARA_NUMBER = re.compile(r"\n" + _PARA)
_PARA_FIRST = re.compile(_PARA)
# SUMMARY / COMMENT labels: the word, then what may precede and follow it (see _labels_removed).
_LABEL_WORDS = ("Summary", "SUMMARY", "Comment", "COMMENT")
_LABEL_PREFIX = re.compile(r"(?:[Ee]nd|END|[Bb]egin|BEGIN)[ \t]+$")
_LABEL_TAIL = re.compile(
    r"(?:[ \t]+(?:and|AND)[ \t]+(?:[Cc]omment|COMMENT|[Aa]ction[ \t]+[Rr]equest|ACTION[ \t]+REQUEST))?"
)
_LABEL_PUNCT = re.compile(r"[ \t]*(?:[.:]+|-+(?=[ \t]*(?:\n|$)))?[ \t]*")
_LABEL_ALONE = re.compile(r"[ \t]*(?:[.:]|-|\n|$)")
_SENTENCE_END = re.compile(r"(?:\n|[.!?:)\"][ \t]+)[ \t]*$")
_RULE_SEEDS = ("---", "===", "___", "///", "###", "***", "....")  # shortest run that is a rule
_RUN = {seed[0]: re.compile(re.escape(seed[0]) + "*") for seed in _RULE_SEEDS}
_REDACTION = re.compile(r"[xX](?:[xX]{2,}|(?<![A-Za-z][xX])[xX](?![A-Za-z]))")


def _labels_removed(text: str) -> str:
    """Drop SUMMARY/COMMENT labels: ``Summary:``, ``End Summary.``, ``Comment and action request.``

    A bare ``Summary``/``Comment`` counts only when capitalised, at a line or sentence start and
    followed by ``.``, ``:``, dashes or the end of the line; after ``End``/``Begin`` it always does.
    """
    hits: list[tuple[int, int]] = []
    for word in _LABEL_WORDS:
        i = text.find(word)
        while i >= 0:
            end = i + len(word)
            if end == len(text) or not text[end].isalnum():
                hits.append((i, end))
            i = text.find(word, end)
    if not hits:
        return text
    out: list[str] = []
    pos = 0
    for start, end in sorted(hits):
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


def _rules_removed(text: str) -> str:
    """Drop rules: runs of three or more ``-``, ``=``, ``_``, ``/``, ``#``, ``*``, four or more dots."""
    spans: list[tuple[int, int]] = []
    for seed in _RULE_SEEDS:
        if seed[0] not in text:  # one character is a memchr; a three-character find is not
            continue
        i = text.find(seed)
        while i >= 0:
            j = _RUN[seed[0]].match(text, i).end()  # type: ignore[union-attr]
            spans.append((i, j))
            i = text.find(seed, j)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def clean_content(body: str) -> str:
    """Body text cleaned for indexing and NLP (peer_cases ``clean_content``).

    Drops paragraph numbers and portion markings, section/page markers, rules, SUMMARY and
    COMMENT labels, lone SIPDIS lines and redaction runs (``xxxx``); keeps everything else,
    spaces and line breaks included.
    """
    if not body:
        return ""
    text = _furniture_removed(body)
    first = _PARA_FIRST.match(text)
    if first:
        text = text[first.end() :]
    text = _PARA_NUMBER.sub("\n", text)
    text = _labels_removed(text)
    text = _rules_removed(text)
    if "xx" in text or "XX" in text:  # a substring test is cheaper than a scan
        text = _REDACTION.sub("", text)
    return text
