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
# clean_content runs on every cable of the release, so the work is driven by scans for short
# literals and regexes only check candidates. A pattern that opens with a literal is scanned by
# re at about 0.5 ns a character whatever the text; str.find on a literal with a common last
# character (" OF ", "Comment", "xx") is up to three times slower, so the scans are patterns.
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
# every furniture line holds one of these: "SIPDIS", " OF ", "PAGE" (" OF " found from its "O")
_FURNITURE_SEEDS = tuple(re.compile(p) for p in ("SIPDIS", "OF (?<= OF )", "PAGE"))


def _furniture_removed(text: str) -> str:
    """Drop furniture lines, each with the blank lines before it (found from their seeds)."""
    spans: set[tuple[int, int]] = set()
    for seed in _FURNITURE_SEEDS:
        done = 0  # the end of the last line checked: one check a line
        for hit in seed.finditer(text):
            i = hit.start()
            if i < done:
                continue
            start = text.rfind("\n", 0, i) + 1
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            if _FURNITURE_LINE.fullmatch(text, start, end):
                spans.add((start, end))
            done = end
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
# the lookahead repeats what _PARA needs first: most lines fail it at once
_PARA_NUMBER = re.compile(r"\n(?=[ \t]*[\d¶])" + _PARA)
_PARA_FIRST = re.compile(_PARA)
# SUMMARY / COMMENT labels: the word, then what may precede and follow it (see _labels_removed).
# The words are Summary, SUMMARY, Comment, COMMENT: one scan a case, from the "mm" they share.
_LABEL_WORDS = (
    re.compile("mm(?:ary|ent)(?<=Summary|Comment)"),
    re.compile("MM(?:ARY|ENT)(?<=SUMMARY|COMMENT)"),
)
_LABEL_PREFIX = re.compile(r"(?:[Ee]nd|END|[Bb]egin|BEGIN)[ \t]+$")
_LABEL_TAIL = re.compile(
    r"(?:[ \t]+(?:and|AND)[ \t]+(?:[Cc]omment|COMMENT|[Aa]ction[ \t]+[Rr]equest|ACTION[ \t]+REQUEST))?"
)
_LABEL_PUNCT = re.compile(r"[ \t]*(?:[.:]+|-+(?=[ \t]*(?:\n|$)))?[ \t]*")
_LABEL_ALONE = re.compile(r"[ \t]*(?:[.:]|-|\n|$)")
_SENTENCE_END = re.compile(r"(?:\n|[.!?:)\"][ \t]+)[ \t]*$")
_RULE_SEEDS = ("---", "===", "___", "///", "###", "***", "....")  # shortest run that is a rule
_RULES = tuple((seed[0], re.compile(re.escape(seed) + "+")) for seed in _RULE_SEEDS)
_REDACTION = re.compile(r"[xX](?:[xX]{2,}|(?<![A-Za-z][xX])[xX](?![A-Za-z]))")


def _labels_removed(text: str) -> str:
    """Drop SUMMARY/COMMENT labels: ``Summary:``, ``End Summary.``, ``Comment and action request.``

    A bare ``Summary``/``Comment`` counts only when capitalised, at a line or sentence start and
    followed by ``.``, ``:``, dashes or the end of the line; after ``End``/``Begin`` it always does.
    """
    hits: list[tuple[int, int]] = []
    for words in _LABEL_WORDS:
        for hit in words.finditer(text):
            end = hit.end()
            if end == len(text) or not text[end].isalnum():
                hits.append((end - 7, end))  # each word has seven letters
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
    for char, rule in _RULES:
        if char in text:  # one character is a memchr, far cheaper than any scan for a run
            spans.extend(run.span() for run in rule.finditer(text))
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
    if _doubled(text, "x") or _doubled(text, "X"):
        text = _redactions_removed(text)
    return text


def _doubled(text: str, char: str) -> bool:
    """``char + char in text``, stepping from one ``char`` to the next by memchr: a few dozen
    steps on a body, where ``"xx" in text`` tests every character."""
    i = text.find(char)
    while i >= 0:
        if text[i + 1 : i + 2] == char:
            return True
        i = text.find(char, i + 2)
    return False


def _redactions_removed(text: str) -> str:
    """``_REDACTION.sub("", text)``, trying the pattern only where an x or X follows another:
    re tries a pattern that opens with a character class at every character, memchr is faster."""
    out: list[str] = []
    pos = 0
    lower, upper = text.find("x"), text.find("X")
    while lower >= 0 or upper >= 0:
        i = upper if lower < 0 or 0 <= upper < lower else lower
        if text[i + 1 : i + 2] in ("x", "X") and (run := _REDACTION.match(text, i)):
            out.append(text[pos:i])
            pos = run.end()
        nxt = max(i + 1, pos)
        if 0 <= lower < nxt:
            lower = text.find("x", nxt)
        if 0 <= upper < nxt:
            upper = text.find("X", nxt)
    out.append(text[pos:])
    return "".join(out)
