"""Whose words a span is: the outlet's own narration, a direct quote, or reported speech.

Three voices, in this order of precedence:

- ``quoted``: inside quotation marks — straight or curly, double or single, guillemets —
  including quotes that run over several sentences and, news style, over a paragraph break
  where the next paragraph reopens the quote without the previous one closing it. Quotes in
  a title or subhead are quotes too: a headline's 'immediate' is the speaker's word, not the
  outlet's. Apostrophes (Hamas’s, don’t, Hamas’ demand) never open or close a quote.
- ``attributed``: the reported content of a speech attribution ("X said that …",
  "according to X, …", "…, X told Reuters."). The attribution phrase itself (the source's
  name and the cue) stays ``own``: the outlet chose how to name the source, so a label such as
  "the health ministry in Hamas-run Gaza" in "According to the health ministry in Hamas-run
  Gaza, …" is the outlet's wording.
- ``own``: everything else. A title or subhead is the outlet's own voice even when it
  reports speech ("Hamas says it is ready …"); only its quotation marks make words ``quoted``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from newsprism.measures.attribution import Attribution, covering, find_attributions
from newsprism.measures.rows import Table, table_column

VOICES = ("own", "quoted", "attributed")

_QUOTE_CHARS = re.compile(r"[\"“”„«»‘’'‹›]")
_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‹"
_SINGLE_CLOSE = "’›"
# Characters after which a straight or curly single quote can open a quotation.
_OPENERS_BEFORE = " \t\n([{—–-/“\"‘"
# Elisions that begin with an apostrophe: '90s, 'em, 'n', 'til.
_ELISION = re.compile(r"['‘’](?:\d\d|em\b|n\b|til\b|cause\b)", re.IGNORECASE)
_HEADINGS = ("title", "subhead")


@dataclass(frozen=True)
class QuoteSpan:
    """A quotation: ``start``/``end`` index the quoted words, without the marks.

    ``closed`` is False when the paragraph ended before the closing mark; ``continued`` is
    True when this span reopens a quote left open at the end of the previous paragraph.
    """

    start: int
    end: int
    closed: bool = True
    continued: bool = False


def paragraph_spans(sentences: Table) -> list[tuple[int, int, int]]:
    """``(paragraph, start, end)`` of each content paragraph of one article, in order."""
    bounds: dict[int, tuple[int, int]] = {}
    for paragraph, start, end in zip(table_column(sentences, "paragraph"),
                                     table_column(sentences, "start"),
                                     table_column(sentences, "end"), strict=True):
        first, last = bounds.get(paragraph, (start, end))
        bounds[paragraph] = (min(first, start), max(last, end))
    return [(p, *bounds[p]) for p in sorted(bounds)]


def _is_letter(char: str) -> bool:
    """True for a letter or digit (the sides of an apostrophe inside a word)."""
    return char.isalnum()


def _single_role(text: str, i: int, single_open: bool) -> str:
    """Whether a single quote mark at ``text[i]`` opens, closes, or is an apostrophe."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if _is_letter(before) and _is_letter(after):
        return "apostrophe"
    if char in _SINGLE_OPEN:
        return "apostrophe" if _ELISION.match(text, i) else "open"
    if char in _SINGLE_CLOSE and char != "’":
        return "close" if single_open else "apostrophe"
    # ' or ’: opens after a space or bracket when a word follows, closes an open quote.
    if before in _OPENERS_BEFORE and not after.isspace() and not _ELISION.match(text, i):
        return "open"
    if single_open and not before.isspace():
        return "close"
    return "apostrophe"


def _double_role(char: str, double_open: bool) -> str:
    """Whether a double quote mark opens or closes; straight marks alternate."""
    if char in _DOUBLE_OPEN:
        return "open"
    if char in _DOUBLE_CLOSE:
        return "close"
    return "close" if double_open else "open"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` narrowed to exclude surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _scan_paragraph(text: str, offset: int, continued: bool) -> tuple[list[QuoteSpan], bool]:
    """Top-level quotes of one paragraph, and whether a quote is still open at its end."""
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int]] = []  # (kind, index after the opening mark)
    reopened = False
    for match in _QUOTE_CHARS.finditer(text):
        i, char = match.start(), match.group()
        single = char in "‘’'‹›"
        kinds = [kind for kind, _ in stack]
        if single:
            role = _single_role(text, i, "single" in kinds)
            kind = "single"
        else:
            role = _double_role(char, "double" in kinds)
            kind = "double"
        if role == "open":
            if not stack and i == 0 and continued:
                reopened = True
            stack.append((kind, i + 1))
        elif role == "close" and kind in kinds:
            while stack and stack[-1][0] != kind:
                stack.pop()
            _, begin = stack.pop()
            if not stack:
                start, end = _trim(text, begin, i)
                spans.append(QuoteSpan(offset + start, offset + end, True,
                                       reopened and begin == 1))
                reopened = False
    if stack:
        start, end = _trim(text, stack[0][1], len(text))
        spans.append(QuoteSpan(offset + start, offset + end, False, reopened))
        return spans, True
    return spans, False


def scan_quotes(sentences: Table, doc: str) -> list[QuoteSpan]:
    """Every top-level quotation in the content of one article, in document order."""
    spans: list[QuoteSpan] = []
    still_open = False
    for _, start, end in paragraph_spans(sentences):
        found, still_open = _scan_paragraph(doc[start:end], start, still_open)
        spans.extend(found)
    return spans


def _inside(start: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when offset ``start`` falls within one of ``spans``."""
    return any(a <= start < b for a, b in spans)


def _in_phrase(item: Attribution, offset: int) -> bool:
    """True when ``offset`` lies in the attribution phrase: the source, the cue and between."""
    first = min(item.start, item.cue_start)
    last = max(item.end, item.cue_start + len(item.cue))
    return first <= offset < last


def _shift(item: Attribution, offset: int) -> Attribution:
    """An attribution found in a sentence, with its offsets moved into the document."""
    return replace(item, start=item.start + offset, end=item.end + offset,
                   cue_start=item.cue_start + offset, scope_start=item.scope_start + offset,
                   scope_end=item.scope_end + offset)


def sentence_attributions(sentences: Table, quotes: list[QuoteSpan],
                          found: Mapping[int, list[Attribution]] | None = None
                          ) -> list[tuple[int, Attribution]]:
    """Attributions of each sentence as ``(sentence_id, attribution)`` in doc offsets.

    A cue inside a quotation belongs to the quoted speaker's words and is left out.
    Headlines are kept ("Hamas says …" is a paraphrase) though their words stay ``own``.
    ``found`` holds each sentence's attributions when already found (see
    :func:`find_sentence_attributions`).
    """
    found = found if found is not None else find_sentence_attributions(sentences)
    quoted = [(q.start, q.end) for q in quotes]
    kept = []
    for sentence_id, start in zip(table_column(sentences, "sentence_id"),
                                  table_column(sentences, "start"), strict=True):
        for item in found[sentence_id]:
            shifted = _shift(item, start)
            if not _inside(shifted.cue_start, quoted):
                kept.append((sentence_id, shifted))
    return kept


def find_sentence_attributions(sentences: Table) -> dict[int, list[Attribution]]:
    """Every attribution of each sentence by ``sentence_id``, offsets into the sentence."""
    return {sentence_id: find_attributions(text) for sentence_id, text in zip(
        table_column(sentences, "sentence_id"), table_column(sentences, "text"), strict=True)}


@dataclass(frozen=True)
class VoiceMap:
    """The quoted and reported stretches of one article; built once, queried per span.

    ``by_sentence`` keeps every sentence's attributions as found (sentence offsets, cues
    inside quotes included), for steps that attribute by sentence (numbers).
    """

    quotes: tuple[QuoteSpan, ...]
    attributions: tuple[tuple[int, Attribution], ...]
    headings: frozenset[int] = frozenset()
    by_sentence: Mapping[int, list[Attribution]] = field(default_factory=dict)

    @classmethod
    def build(cls, sentences: Table, doc: str) -> VoiceMap:
        """Scan one article's quotations and attributions."""
        quotes = scan_quotes(sentences, doc)
        headings = frozenset(int(i) for i, label in zip(table_column(sentences, "sentence_id"),
                                                        table_column(sentences, "label"),
                                                        strict=True)
                             if label in _HEADINGS)
        found = find_sentence_attributions(sentences)
        return cls(tuple(quotes), tuple(sentence_attributions(sentences, quotes, found)),
                   headings, found)

    @cached_property
    def _quote_starts(self) -> list[int]:
        """Start offset of each quotation, for bisecting (computed on first query)."""
        return [q.start for q in self.quotes]

    @cached_property
    def _speakers(self) -> tuple[Attribution, ...]:
        """Speaker attributions outside headings, in order: the ones that report content."""
        return tuple(a for sentence_id, a in self.attributions
                     if a.role == "speaker" and sentence_id not in self.headings)

    def quote_at(self, start: int) -> QuoteSpan | None:
        """The quotation a span starting at ``start`` begins in (a term may run past it)."""
        index = bisect_right(self._quote_starts, start) - 1
        if index >= 0 and start < self.quotes[index].end:
            return self.quotes[index]
        return None

    def reported_at(self, start: int, end: int) -> Attribution | None:
        """The speaker attribution whose reported content holds ``[start, end)``, if any.

        The attribution phrase itself (source and cue) is not reported content.
        """
        speakers = [a for a in self._speakers
                    if a.scope_start <= start and end <= a.scope_end
                    and not _in_phrase(a, start)]
        return covering(speakers, start, end)

    def voice_of(self, start: int, end: int) -> str:
        """``quoted``, ``attributed`` or ``own`` for the span ``doc[start:end]``."""
        if self.quote_at(start) is not None:
            return "quoted"
        if self.reported_at(start, end) is not None:
            return "attributed"
        return "own"


def voice_of(start: int, end: int, sentences: Table, doc: str) -> str:
    """Voice of one span; build a :class:`VoiceMap` instead when asking about many spans."""
    return VoiceMap.build(sentences, doc).voice_of(start, end)
