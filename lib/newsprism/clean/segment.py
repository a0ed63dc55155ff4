"""Paragraphs and sentences of article content, with character offsets into the document.

Every later finding points back to ``doc[start:end]``, so segmentation never rewrites text:
it only finds spans. Sentence splitting is a compact rule set for news English (abbreviations,
initials, quotes closing after the full stop, decimals) — fast enough for the 1 MB/s per core
target, which the rule-based libraries of the field (pySBD) do not reach.
"""

from __future__ import annotations

import re
import string

from newsprism.clean.lines import CONTENT_LABELS, LabelledLine, title_span

_HEADINGS = ("title", "subhead")
SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph", "label", "start", "end", "text"]

# Sentence-final punctuation, closing quotes/brackets, then space and a sentence opener.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_OR_DOT = frozenset(string.ascii_letters + ".")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cpt sgt adm gov sen rep rev hon pres st jr sr "
    "no nos vs etc inc ltd co corp dept est approx fig mt ft jan feb mar apr jun jul aug sep "
    "sept oct nov dec u.s u.n u.k e.g i.e a.m p.m d.c".split()
)


def _word_before(text: str, dot: int) -> str:
    """The ASCII letters and dots right before ``text[dot]``, from the first letter ("U.S"
    before "U.S."): read backwards, as scanning the paragraph from its start costs more."""
    start = dot
    while start and text[start - 1] in _WORD_OR_DOT:
        start -= 1
    return text[start:dot].lstrip(".")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial, not a sentence."""
    word = _word_before(text, dot)
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text`` (one paragraph), stripped of surrounding space."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _BOUNDARY.finditer(text):
        first = match.start()
        if text[first] == "." and match.group().count(".") == 1 and _is_abbreviation(text, first):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, len(text)))
    result = []
    for start, end in spans:
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            result.append((start + lead, start + len(chunk.rstrip())))
    return result


def content_spans(labelled: list[LabelledLine]) -> list[tuple[str, int, int]]:
    """Content lines as paragraphs ``(label, start, end)``; titles lose their section suffix."""
    spans = []
    for item in labelled:
        if item.label in CONTENT_LABELS:
            start, end = item.line.start, item.line.end
            if item.label == "title":
                start, end, _ = title_span(item.line)
            spans.append((item.label, start, end))
    return spans


def sentence_rows(article_id: str, doc: str,
                  labelled: list[LabelledLine]) -> list[tuple[str, int, int, str, int, int, str]]:
    """Content sentences as rows in ``SENTENCE_COLUMNS`` order."""
    rows = []
    for paragraph, (label, para_start, para_end) in enumerate(content_spans(labelled)):
        text = doc[para_start:para_end]
        spans = [(0, len(text))] if label in _HEADINGS else sentence_spans(text)
        for start, end in spans:
            rows.append((article_id, len(rows), paragraph, label, para_start + start,
                         para_start + end, text[start:end]))
    return rows
