"""How each article names the main actors: "Hamas", "the militant group", "the occupation" …

Labels come from ``data/actors.yaml``. The longest label at a position wins and a label
never runs into a hyphenated compound, so "the health ministry in Hamas-run Gaza" is one
label of the health authorities — its descriptor "Hamas-run" is kept in the label and is not
counted again as a mention of Hamas. Each label carries its voice (see ``voice``): a label in
an attribution phrase ("according to the health ministry in Hamas-run Gaza") is ``own``,
because the outlet chose the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsprism.datafiles import load_yaml
from newsprism.measures.rows import Table, table_column
from newsprism.measures.voice import VoiceMap
from newsprism.phrases import (
    PhraseFinder,
    alternation,
    by_length,
    entry_index,
    entry_pattern,
    phrase_finder,
    phrase_pattern,
)

LABEL_COLUMNS = ["article_id", "actor", "label", "start", "end", "voice", "sentence_id", "form"]
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Actors:
    """The compiled actor file: labels per actor, speaker groups and anonymity cues.

    ``speakers`` tries the ``speakers`` entries (people, roles) first, then every actor label;
    the first ``person_entries`` alternatives are the former.
    """

    labels: PhraseFinder
    label_actor: tuple[str, ...]
    groups: tuple[str, ...]
    actor_group: tuple[tuple[str, str], ...]
    speakers: PhraseFinder
    speaker_group: tuple[str, ...]
    person_entries: int
    anonymity: re.Pattern[str]
    unnamed_roles: re.Pattern[str]
    not_names: frozenset[str]
    issuers: frozenset[str]


def _actor_patterns(actors: dict) -> tuple[list[str], list[str]]:
    """Label regexes of every actor (patterns first, then labels longest first) and owners."""
    patterns: list[str] = []
    owners: list[str] = []
    for name, spec in actors.items():
        for pattern in spec.get("patterns") or []:
            patterns.append(pattern)
            owners.append(name)
    plain = [(str(label), name) for name, spec in actors.items()
             for label in spec.get("labels") or []]
    for i in by_length([label for label, _ in plain]):
        patterns.append(phrase_pattern(plain[i][0]))
        owners.append(plain[i][1])
    return patterns, owners


def _speaker_patterns(data: dict, label_patterns: list[str], label_owners: list[str]
                      ) -> tuple[list[str], list[str]]:
    """Regexes placing a speaker phrase in a group: speaker entries, then actor labels."""
    groups_of = {name: spec["group"] for name, spec in data["actors"].items()}
    entries = [(str(e), group) for group, items in (data.get("speakers") or {}).items()
               for e in items or []]
    order = sorted(range(len(entries)), key=lambda i: -len(entries[i][0]))
    patterns = [entry_pattern(entries[i][0]) for i in order] + label_patterns
    groups = [entries[i][1] for i in order] + [groups_of[o] for o in label_owners]
    return patterns, groups


def load_actors(path: str | Path | None = None) -> Actors:
    """Read ``actors.yaml`` (or the user's file at ``path``) and compile its regexes once."""
    data = load_yaml("actors.yaml", path)
    label_patterns, owners = _actor_patterns(data["actors"])
    speaker_patterns, speaker_groups = _speaker_patterns(data, label_patterns, owners)
    anonymity = [entry_pattern(str(e)) for e in data.get("anonymity") or []]
    roles = [entry_pattern(str(e)) for e in data.get("unnamed_roles") or []]
    return Actors(
        labels=phrase_finder(label_patterns),
        label_actor=tuple(owners),
        groups=tuple(data["groups"]),
        actor_group=tuple((name, spec["group"]) for name, spec in data["actors"].items()),
        speakers=phrase_finder(speaker_patterns),
        speaker_group=tuple(speaker_groups),
        person_entries=len(speaker_groups) - len(owners),
        anonymity=alternation(sorted(anonymity, key=len, reverse=True)),
        unnamed_roles=alternation(sorted(roles, key=len, reverse=True)),
        not_names=frozenset(str(w).lower() for w in data.get("not_names") or []),
        issuers=frozenset(str(w).lower() for w in data.get("issuers") or []),
    )


def label_form(label: str) -> str:
    """A label as counted: lower case, straight apostrophes, single spaces."""
    return _SPACES.sub(" ", label.lower().replace("’", "'")).strip()


def label_rows(sentences: Table, doc: str, actors: Actors,
               voices: VoiceMap | None = None) -> list[tuple]:
    """The rows of ``find_labels``, in ``LABEL_COLUMNS`` order."""
    voices = voices or VoiceMap.build(sentences, doc)
    rows = []
    columns = [table_column(sentences, c) for c in ("article_id", "sentence_id", "start", "end")]
    found = actors.labels.finditer_spans(doc, list(zip(columns[2], columns[3], strict=True)))
    for article_id, sentence_id, matches in zip(columns[0], columns[1], found, strict=True):
        for match in matches:
            start, end = match.span()
            rows.append((article_id, actors.label_actor[entry_index(match)], match.group(),
                         start, end, voices.voice_of(start, end), sentence_id,
                         label_form(match.group())))
    return rows
