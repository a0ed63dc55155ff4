"""How much of each article goes to negotiations, fighting, aid, hostages, the dead, politics.

Every content sentence is matched against the topic lexicon (``data/topics.yaml``); a sentence
may carry several topics. Each topic maps to one Policy Frames Codebook dimension (Boydstun et
al. 2014), so shares can be read per topic or per frame.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsprism.arrays import Grid
from newsprism.datafiles import load_yaml
from newsprism.measures.rows import Table, table_column
from newsprism.phrases import PhraseFinder, PhraseSet, dispatch

TOPIC_COLUMNS = ["article_id", "sentence_id", "start", "end", "topic", "frame", "terms"]
SUMMARY_COLUMNS = ["article_id", "topic", "frame", "sentences", "content_sentences", "share"]
FRAME_SUMMARY_COLUMNS = ["article_id", "frame", "sentences", "content_sentences", "share"]
_HAS_LOWER = re.compile(r"[a-z]")
# Joins an article's sentences for one scan per topic: no term matches across it.
_SEPARATOR = "\n\x00\n"


@dataclass(frozen=True)
class Topic:
    """One topic: its name, label, frame and compiled term patterns."""

    name: str
    label: str
    frame: str
    pattern: PhraseFinder
    exclude: PhraseFinder | None


@dataclass(frozen=True)
class TopicLexicon:
    """The topics of ``topics.yaml`` and the frame labels they map to.

    ``scan`` runs every topic's terms, then every topic's excluded phrases, in one pass.
    """

    topics: tuple[Topic, ...]
    frames: dict[str, str]
    scan: PhraseSet


def term_regex(term: str) -> str:
    """Regex source for one lexicon term (``*`` any ending, ``?`` one letter, capitals exact)."""
    parts = []
    for word in term.split():
        escaped = re.escape(word).replace(r"\*", r"\w*").replace(r"\?", r"\w")
        parts.append(escaped)
    body = r"\s+".join(parts)
    if not _HAS_LOWER.search(term):
        body = f"(?-i:{body})"
    return body


def compile_terms(terms: list[str]) -> PhraseFinder:
    """One case-insensitive regex matching any of ``terms`` as whole words."""
    patterns = [term_regex(str(t)) for t in sorted(terms, key=len, reverse=True)]
    return PhraseFinder.of(re.compile(rf"(?<!\w)(?:{dispatch(patterns, patterns)})(?!\w)",
                                      re.IGNORECASE))


def load_topics(path: str | Path | None = None) -> TopicLexicon:
    """Read the topic lexicon from ``path`` or the packaged ``topics.yaml``."""
    data = load_yaml("topics.yaml", path)
    frames = {str(k): str(v) for k, v in data["frames"].items()}
    topics = []
    for name, entry in data["topics"].items():
        frame = str(entry.get("frame", "other"))
        if frame not in frames:
            raise ValueError(f"topic {name!r}: unknown frame {frame!r}")
        exclude = compile_terms(entry["exclude"]) if entry.get("exclude") else None
        topics.append(Topic(str(name), str(entry.get("label", name)), frame,
                            compile_terms(entry["terms"]), exclude))
    excludes = [t.exclude for t in topics if t.exclude is not None]
    return TopicLexicon(tuple(topics), frames,
                        PhraseSet.of([*(t.pattern for t in topics), *excludes]))


def _kept(matches: list[re.Match[str]], excluded: list[re.Match[str]]) -> list[tuple[int, str]]:
    """``(offset, lower-cased term)`` of the ``matches`` that start outside ``excluded``."""
    blocked = [m.span() for m in excluded]
    return [(match.start(), match.group().lower()) for match in matches
            if not any(s <= match.start() < e for s, e in blocked)]


def topic_rows(sentences: Table, lexicon: TopicLexicon) -> list[tuple]:
    """The rows of ``topic_shares``, in ``TOPIC_COLUMNS`` order."""
    texts = table_column(sentences, "text")
    offsets, at = [], 0
    for text in texts:
        offsets.append(at)
        at += len(text) + len(_SEPARATOR)
    matches = lexicon.scan.finditer_each(_SEPARATOR.join(texts))
    excluded = iter(matches[len(lexicon.topics):])
    found: dict[tuple[int, int], list[str]] = {}
    for number, topic in enumerate(lexicon.topics):
        blocked = next(excluded) if topic.exclude is not None else []
        for offset, term in _kept(matches[number], blocked):
            found.setdefault((bisect_right(offsets, offset) - 1, number), []).append(term)
    rows = []
    columns = [table_column(sentences, c) for c in ("article_id", "sentence_id", "start", "end")]
    for (index, number), terms in sorted(found.items()):
        topic = lexicon.topics[number]
        rows.append((columns[0][index], columns[1][index], columns[2][index],
                     columns[3][index], topic.name, topic.frame,
                     "; ".join(dict.fromkeys(terms))))
    return rows


def topic_summary(topics: pd.DataFrame, sentences: pd.DataFrame, lexicon: TopicLexicon,
                  by: str = "topic") -> pd.DataFrame:
    """Per article and topic (``by="topic"``) or frame (``by="frame"``): share of sentences.

    ``share`` = sentences carrying it / the article's content sentences; every article gets a
    row for every topic or frame, zero when absent.
    """
    if by == "topic":
        keys = [(t.name, t.frame) for t in lexicon.topics]
    elif by == "frame":
        keys = [(f, f) for f in dict.fromkeys(t.frame for t in lexicon.topics)]
    else:
        raise ValueError(f"by must be 'topic' or 'frame', not {by!r}")
    totals = sentences.groupby("article_id", sort=False).size()
    counts = topics.drop_duplicates(["article_id", "sentence_id", by]).groupby(
        ["article_id", by]).size()
    grid = Grid.of(totals.index, [key for key, _ in keys])
    found = grid.counts(counts).astype("int64").ravel()
    content = grid.column(0, totals).to_numpy()
    named = ({"topic": grid.column(1), "frame": grid.column(1, [frame for _, frame in keys])}
             if by == "topic" else {"frame": grid.column(1)})
    return pd.DataFrame({
        "article_id": grid.column(0), **named,
        "sentences": found, "content_sentences": content, "share": found / content,
    }, columns=SUMMARY_COLUMNS if by == "topic" else FRAME_SUMMARY_COLUMNS)
