"""How much of each article goes to negotiations, fighting, aid, hostages, the dead, politics.

Every content sentence is matched against the topic lexicon (``data/topics.yaml``); a sentence
may carry several topics. Each topic maps to one Policy Frames Codebook dimension (Boydstun et
al. 2014), so shares can be read per topic or per frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsprism.phrases import dispatch
from newsprism.resources import load_yaml
from newsprism.rows import rows_frame

TOPIC_COLUMNS = ["article_id", "sentence_id", "start", "end", "topic", "frame", "terms"]
SUMMARY_COLUMNS = ["article_id", "topic", "frame", "sentences", "content_sentences", "share"]
FRAME_SUMMARY_COLUMNS = ["article_id", "frame", "sentences", "content_sentences", "share"]
_HAS_LOWER = re.compile(r"[a-z]")


@dataclass(frozen=True)
class Topic:
    """One topic: its name, label, frame and compiled term patterns."""

    name: str
    label: str
    frame: str
    pattern: re.Pattern[str]
    exclude: re.Pattern[str] | None


@dataclass(frozen=True)
class TopicLexicon:
    """The topics of ``topics.yaml`` and the frame labels they map to."""

    topics: tuple[Topic, ...]
    frames: dict[str, str]


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


def compile_terms(terms: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``terms`` as whole words."""
    patterns = [term_regex(str(t)) for t in sorted(terms, key=len, reverse=True)]
    return re.compile(rf"(?<!\w)(?:{dispatch(patterns, patterns)})(?!\w)", re.IGNORECASE)


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
    return TopicLexicon(tuple(topics), frames)


def matched_terms(topic: Topic, text: str) -> list[str]:
    """The topic's terms found in ``text``, lower-cased, outside any excluded phrase."""
    blocked = [m.span() for m in topic.exclude.finditer(text)] if topic.exclude else []
    found = []
    for match in topic.pattern.finditer(text):
        if not any(s <= match.start() < e for s, e in blocked):
            found.append(match.group().lower())
    return found


def topic_shares(sentences: pd.DataFrame, lexicon: TopicLexicon) -> pd.DataFrame:
    """One row per sentence and topic it carries: ``article_id,sentence_id,start,end,topic,…``."""
    rows = []
    for sentence in sentences.itertuples(index=False):
        for topic in lexicon.topics:
            terms = matched_terms(topic, sentence.text)
            if terms:
                rows.append((sentence.article_id, sentence.sentence_id, sentence.start,
                             sentence.end, topic.name, topic.frame,
                             "; ".join(dict.fromkeys(terms))))
    return rows_frame(rows, TOPIC_COLUMNS)


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
    rows = []
    for article_id, total in totals.items():
        for key, frame in keys:
            count = int(counts.get((article_id, key), 0))
            rows.append((article_id, key, frame, count, int(total), count / total))
    columns = SUMMARY_COLUMNS if by == "topic" else FRAME_SUMMARY_COLUMNS
    frame_rows = [r if by == "topic" else (r[0], r[1], *r[3:]) for r in rows]
    return pd.DataFrame(frame_rows, columns=columns)
