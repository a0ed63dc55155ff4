"""Who speaks in each article: direct quotes and reported speech, by speaker and group.

Every quotation becomes a ``quote`` row; every speech attribution whose reported content is
more than its quotes ("Hamas said it was ready …", "according to UN estimates") becomes a
``paraphrase`` row. Speakers are resolved in document order:

- the attribution of the quote's sentence(s) ("“…,” Hamas said in a statement"; "…,” said
  resident Mohammed Abou Diab");
- "he said", "they added" and issuer nouns ("the statement added") take the most recent
  named speaker, with that speaker's group and anonymity;
- a quote without its own attribution that continues a quote of the same paragraph, or
  reopens a quote across a paragraph break, keeps the previous quote's speaker;
- otherwise the first actor or speaker named in the quote's sentence ("Witkoff dismissed
  … as “totally unacceptable”"), with an empty ``cue``; else no speaker (group ``other``).

Groups come from ``actors.yaml``. A source is ``anonymous`` when its sentence says so
("asked not to be identified", "on condition of anonymity") or when it is an unnamed
official or source ("a Hamas official", "sources said"); its group stays its affiliation
when one is named (Hamas, mediators …) and is ``anonymous`` only when none is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
import pandas as pd

from newsprism.arrays import Grid
from newsprism.clean.words import WORD
from newsprism.measures.actor_labels import Actors
from newsprism.measures.attribution import (
    Attribution,
    AttributionCues,
    content_start,
    covering,
    load_attribution_cues,
)
from newsprism.measures.rows import Table, table_column
from newsprism.measures.voice import QuoteSpan, VoiceMap

QUOTE_COLUMNS = ["article_id", "kind", "speaker", "group", "anonymous", "words", "start", "end",
                 "sentence_id", "text", "cue"]
SUMMARY_COLUMNS = ["article_id", "outlet", "kind", "group", "count", "words", "anonymous",
                   "share"]
KINDS = ("quote", "paraphrase")
UNATTRIBUTED_GROUP = "other"
ANONYMOUS_GROUP = "anonymous"
_MIN_PARAPHRASE_WORDS = 2
_NAME_TOKEN = re.compile(r"[^\W\d_][\w’'.\-]*")
_CONJUNCTS = re.compile(r"\s+(?:and|&)\s+|,\s*")
# An appositive after a speaker's name: ", whose son Nimrod is held", ", a resident of Rafah".
_APPOSITIVE = re.compile(r",\s*((?:who|whose|a|an|the)\b[^,.;]*)")
_FOLLOWING_NAME = re.compile(r"(?:\s+(?-i:[A-Z])[\w’'\-]+)+")


@dataclass(frozen=True)
class Speaker:
    """A resolved source: name as written, group, anonymity, and the cue that named it."""

    name: str
    group: str
    anonymous: bool
    cue: str


def word_count(text: str) -> int:
    """Number of word tokens in ``text``."""
    return len(WORD.findall(text))


def _is_named(phrase: str, actors: Actors) -> bool:
    """True when ``phrase`` holds a personal or proper name beyond titles and affiliations."""
    return any(token[0].isupper() and token.lower() not in actors.not_names
               and token.rstrip("’'s").lower() not in actors.not_names
               and not actors.unnamed_roles.fullmatch(token)
               for token in _NAME_TOKEN.findall(phrase))


def is_anonymous(phrase: str, sentence: str, actors: Actors) -> bool:
    """An anonymity phrase in the sentence, or an unnamed official/source as the speaker."""
    if actors.anonymity.search(sentence):
        return True
    return any(actors.unnamed_roles.search(part) and not _is_named(part, actors)
               for part in _CONJUNCTS.split(phrase))


def speaker_group(phrase: str, actors: Actors, context: str = "") -> str | None:
    """The group of the first actor or speaker named in ``phrase`` (else in ``context``)."""
    for text in (phrase, context):
        match = actors.speakers.search(text)
        if match:
            return actors.speaker_group[int(str(match.lastgroup)[1:])]
    return None


def _appositive(doc: str, end: int, stop: int) -> str:
    """The appositive right after a speaker's name ending at ``end``, up to ``stop``."""
    match = _APPOSITIVE.match(doc, end, stop)
    return match.group(1) if match else ""


def _named_speaker(item: Attribution, doc: str, actors: Actors, bounds: tuple[int, int]
                   ) -> Speaker:
    """The speaker an attribution names, with its group (from the name, else from the
    appositive after it) and its anonymity."""
    anonymous = is_anonymous(item.source, doc[bounds[0]:bounds[1]], actors)
    group = speaker_group(item.source, actors, _appositive(doc, item.end, bounds[1]))
    fallback = ANONYMOUS_GROUP if anonymous else UNATTRIBUTED_GROUP
    return Speaker(item.source, group or fallback, anonymous, item.cue)


def source_group(source: str, sentence: str, actors: Actors) -> str:
    """The group of a source named in ``sentence`` (a figure's), as a quote's speaker is
    grouped: by its name, else the appositive after it (", a spokesman for the civil defence
    agency"), else ``anonymous`` or ``other``."""
    at = sentence.find(source)
    appositive = _appositive(sentence, at + len(source), len(sentence)) if at >= 0 else ""
    group = speaker_group(source, actors, appositive)
    if group:
        return group
    return ANONYMOUS_GROUP if is_anonymous(source, sentence, actors) else UNATTRIBUTED_GROUP


def _resolve(attributions: tuple[tuple[int, Attribution], ...], doc: str, actors: Actors,
             sentences: dict[int, tuple[int, int]]) -> list[tuple[int, Attribution, Speaker]]:
    """Speakers of the attributions in document order; pronouns and issuers take the last."""
    resolved = []
    last: Speaker | None = None
    seen: list[tuple[int, int, int]] = []
    for sentence_id, item in attributions:
        if item.role != "speaker" or any(s == sentence_id and a < item.end and item.start < b
                                         for s, a, b in seen):
            continue
        seen.append((sentence_id, item.start, item.end))
        head = item.source.lower().split()[-1] if item.source.split() else ""
        if (item.pronoun or head in actors.issuers) and last is not None:
            speaker = Speaker(last.name, last.group, last.anonymous, item.cue)
        else:
            speaker = _named_speaker(item, doc, actors, sentences[sentence_id])
            if not item.pronoun:
                last = speaker
        resolved.append((sentence_id, item, speaker))
    return resolved


def _speaker_at(doc: str, match: re.Match[str], end: int, actors: Actors) -> Speaker:
    """A named mention as a speaker, with the personal name that follows a title."""
    tail = _FOLLOWING_NAME.match(doc, match.end(), end)
    name = doc[match.start():tail.end() if tail else match.end()]
    group = actors.speaker_group[int(str(match.lastgroup)[1:])]
    return Speaker(name, group, is_anonymous(name, "", actors), "")


def _mention(doc: str, actors: Actors, sentence: tuple[int, int], quote: QuoteSpan
             ) -> Speaker | None:
    """The speaker a quote's own sentence names, outside the quote, without a speech cue.

    People and roles come first — the nearest before the quote, else the first after it —
    then actor labels in the same order: "Witkoff dismissed Hamas’s response as “…”".
    """
    before = list(actors.speakers.finditer(doc, sentence[0], max(quote.start, sentence[0])))
    people = [m for m in before if _is_person(m, actors)]
    if people:
        return _speaker_at(doc, people[-1], sentence[1], actors)
    first = None
    for match in actors.speakers.finditer(doc, max(quote.end, sentence[0]), sentence[1]):
        if _is_person(match, actors):
            return _speaker_at(doc, match, sentence[1], actors)
        first = first or match
    chosen = before[0] if before else first
    return None if chosen is None else _speaker_at(doc, chosen, sentence[1], actors)


def _is_person(match: re.Match[str], actors: Actors) -> bool:
    """True when a speakers match is a person or role entry rather than an actor label."""
    return int(str(match.lastgroup)[1:]) < actors.person_entries


def _standalone(doc: str, quote: QuoteSpan, sentence: tuple[int, int]) -> bool:
    """True when nothing but punctuation follows the quote in its last sentence."""
    return not WORD.search(doc, quote.end, max(sentence[1], quote.end))


class _Sentences:
    """Offsets of one article's sentences, for finding which sentence holds a position."""

    def __init__(self, sentences: Table) -> None:
        rows = sorted(zip(*(table_column(sentences, c)
                            for c in ("start", "end", "sentence_id", "paragraph")), strict=True))
        self.starts = [start for start, _, _, _ in rows]
        self.ids = [sentence_id for _, _, sentence_id, _ in rows]
        self.bounds = {sentence_id: (start, end) for start, end, sentence_id, _ in rows}
        self.paragraph = {sentence_id: paragraph for _, _, sentence_id, paragraph in rows}

    def at(self, offset: int) -> int:
        """Id of the sentence that holds (or last began before) ``offset``."""
        return self.ids[max(bisect_right(self.starts, offset) - 1, 0)]


def _quote_speaker(quote: QuoteSpan, first: int, last: int,
                   resolved: list[tuple[int, Attribution, Speaker]]) -> Speaker | None:
    """The speaker of an attribution in the quote's sentences, the one covering it first."""
    near = [(item, speaker) for sid, item, speaker in resolved if first <= sid <= last]
    if not near:
        return None
    chosen = covering([item for item, _ in near], quote.start, quote.start + 1)
    if chosen is None:
        chosen = min((item for item, _ in near), key=lambda a: abs(a.cue_start - quote.start))
    return next(speaker for item, speaker in near if item is chosen)


def _content_start(doc: str, start: int, end: int,
                   attributions: tuple[tuple[int, Attribution], ...], sentence_id: int,
                   cues: AttributionCues) -> int:
    """Where reported content begins: after "told Reuters", "on Sunday" and "that"."""
    for sid, item in attributions:
        if sid == sentence_id and item.role == "medium" and start <= item.start <= start + 2:
            start = item.end
    return content_start(doc, start, end, cues)


def _words_outside(doc: str, start: int, end: int, quotes: tuple[QuoteSpan, ...],
                   starts: list[int]) -> int:
    """Words of ``doc[start:end]`` that lie outside every quotation (``starts`` of the
    quotes, which are in document order and do not overlap)."""
    first = max(bisect_right(starts, start) - 1, 0)
    if not any(q.start < end and start < q.end for q in quotes[first:bisect_right(starts, end)]):
        return len(WORD.findall(doc, start, end))
    count = 0
    for match in WORD.finditer(doc, start, end):
        at = bisect_right(starts, match.start()) - 1
        if at < 0 or match.start() >= quotes[at].end:
            count += 1
    return count


def quote_rows(sentences: Table, doc: str, actors: Actors,
               voices: VoiceMap | None = None) -> list[tuple]:
    """The rows of ``find_quotes`` in ``QUOTE_COLUMNS`` order, by start then kind."""
    article_ids = table_column(sentences, "article_id")
    if not article_ids:
        return []
    voices = voices or VoiceMap.build(sentences, doc)
    index = _Sentences(sentences)
    article_id = article_ids[0]
    resolved = _resolve(voices.attributions, doc, actors, index.bounds)
    quote_starts = [quote.start for quote in voices.quotes]
    cues = load_attribution_cues()
    rows = []
    previous: tuple[Speaker | None, int] = (None, -1)
    for quote in voices.quotes:
        first, last = index.at(quote.start), index.at(max(quote.end - 1, quote.start))
        paragraph = index.paragraph[first]
        speaker = _quote_speaker(quote, first, last, resolved)
        opens_paragraph = index.bounds[first][0] >= quote.start - 1 and (
            previous[1] == paragraph - 1)
        if speaker is None and previous[0] is not None and (
                quote.continued or (_standalone(doc, quote, index.bounds[last]) and (
                    previous[1] == paragraph or opens_paragraph))):
            speaker = previous[0]
        if speaker is None:
            speaker = _mention(doc, actors, index.bounds[first], quote)
        previous = (speaker, index.paragraph[last])
        speaker = speaker or Speaker("", UNATTRIBUTED_GROUP, False, "")
        rows.append((article_id, "quote", speaker.name, speaker.group, speaker.anonymous,
                     word_count(doc[quote.start:quote.end]), quote.start, quote.end, first,
                     doc[quote.start:quote.end], speaker.cue))
    for sentence_id, item, speaker in resolved:
        start, end = item.scope_start, item.scope_end
        words = _words_outside(doc, start, end, voices.quotes, quote_starts)
        if words >= _MIN_PARAPHRASE_WORDS:
            start = _content_start(doc, start, end, voices.attributions, sentence_id, cues)
            end = start + len(doc[start:end].rstrip(" ,;:—–"))
            rows.append((article_id, "paraphrase", speaker.name, speaker.group,
                         speaker.anonymous, words, start, end, sentence_id, doc[start:end],
                         speaker.cue))
    return sorted(rows, key=lambda row: (row[6], row[1]))


def quote_summary(quotes: pd.DataFrame, articles: pd.DataFrame,
                  groups: list[str] | None = None) -> pd.DataFrame:
    """Quotes and paraphrases per article × kind × speaker group, zeros included.

    ``words`` sums the rows' words, ``anonymous`` counts anonymous rows, and ``share`` is the
    group's part of the article's words of that kind (0 when the article has none).
    Columns: ``article_id, outlet, kind, group, count, words, anonymous, share``.
    """
    groups = groups or list(dict.fromkeys(quotes["group"]))
    stats = quotes.groupby(["article_id", "kind", "group"]).agg(
        count=("words", "size"), words=("words", "sum"), anonymous=("anonymous", "sum"))
    grid = Grid.of(articles["article_id"], KINDS, groups)
    count, words, anonymous = (grid.counts(stats[c]).astype("int64")
                               for c in ("count", "words", "anonymous"))
    totals = Grid.of(articles["article_id"], KINDS).counts(
        quotes.groupby(["article_id", "kind"])["words"].sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(totals[:, :, None] != 0, words / totals[:, :, None], 0.0)
    return pd.DataFrame({
        "article_id": grid.column(0), "outlet": grid.column(0, articles["outlet"]),
        "kind": grid.column(1), "group": grid.column(2),
        "count": count.ravel(), "words": words.ravel(), "anonymous": anonymous.ravel(),
        "share": share.ravel().astype("float"),
    }, columns=SUMMARY_COLUMNS)
