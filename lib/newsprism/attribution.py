"""Whom a sentence attributes a statement or figure to: "according to X", "X said", ", said X".

The finder is a small rule set over one sentence's tokens, driven by the cue lists in
``data/attribution.yaml``: speech/report verbs, prepositional cues and the words a source
phrase is made of. Every attribution records its source as written (with descriptors such as
"the health ministry in Hamas-run Gaza"), its cue, offsets, and the span of the sentence it
covers (``scope_start``/``scope_end``), so callers can tell which figure each source vouches for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from newsprism.resources import load_yaml

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_](?:[\w’'\-.]*[^\W_])?[’']?|[^\w\s]")
_QUOTES_AND_DASHES = frozenset("\"“”‘’'—–-:")
_RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_PARENTHETICAL_OPENERS = frozenset({"who", "whose", "which", "speaking", "a", "an", "the"})
_TIME_NOUNS = frozenset({"week", "month", "year", "night", "morning", "evening", "afternoon",
                         "weekend", "day"})
_SHORT_TAIL_WORDS = 6
_MAX_PARENTHETICAL_TOKENS = 25
_MAX_POSTMODIFIER_TOKENS = 8
_MAX_MODIFIERS = 3
_HEADLINE_CAPS = 0.6
_NOUN_DETERMINERS = frozenset({"the", "a", "an", "these", "those", "such", "new", "media"})


@dataclass(frozen=True)
class Attribution:
    """One attribution in a text: the source phrase as written and the cue that introduces it.

    ``role`` is ``speaker`` (who says it) or ``medium`` (whom it was told to: "told Reuters").
    ``scope_start``/``scope_end`` bound the part of the text the attribution covers.
    ``resolved`` holds the name a pronoun source ("he added") refers to, once resolved.
    """

    source: str
    cue: str
    start: int
    end: int
    cue_start: int
    role: str = "speaker"
    scope_start: int = 0
    scope_end: int = 0
    pronoun: bool = False
    resolved: str = ""

    @property
    def speaker(self) -> str:
        """The source to report: the resolved name for a pronoun, else the phrase as written."""
        return self.resolved or self.source


@dataclass(frozen=True)
class AttributionCues:
    """The compiled cue lists of ``attribution.yaml``."""

    preposition: re.Pattern[str]
    verb: re.Pattern[str]
    participle: re.Pattern[str]
    medium_verbs: frozenset[str]
    auxiliaries: frozenset[str]
    weekdays: frozenset[str]
    time_words: frozenset[str]
    source_words: frozenset[str]
    determiners: frozenset[str]
    connectors: frozenset[str]
    postmodifiers: tuple[tuple[str, ...], ...]
    pronouns: frozenset[str]
    not_names: frozenset[str]
    noun_forms: frozenset[str]
    noun_followers: frozenset[str]


def _alternation(phrases: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first, with flexible inner spaces."""
    ordered = sorted({p.strip().lower() for p in phrases}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


def _words(entries: Iterable[str]) -> frozenset[str]:
    """Lower-cased word set of a YAML list."""
    return frozenset(str(e).strip().lower() for e in entries)


@lru_cache(maxsize=8)
def load_attribution_cues(path: str | Path | None = None) -> AttributionCues:
    """Load ``attribution.yaml`` (or the user's replacement at ``path``) and compile it."""
    data = load_yaml("attribution.yaml", path)
    return AttributionCues(
        preposition=re.compile(rf"\b(?:{_alternation(data['prepositions'])})\b", re.I),
        verb=re.compile(rf"\b(?:{_alternation(data['verbs'])})\b", re.I),
        participle=re.compile(rf",\s*(?:{_alternation(data['participles'])})\b", re.I),
        medium_verbs=_words(data["medium_verbs"]),
        auxiliaries=_words(data["auxiliaries"]),
        weekdays=_words(data["weekdays"]),
        time_words=_words(data["time_words"]),
        source_words=_words(data["source_words"]),
        determiners=_words(data["determiners"]),
        connectors=_words(data["connectors"]),
        postmodifiers=tuple(tuple(p.lower().split()) for p in data["postmodifiers"]),
        pronouns=_words(data["pronouns"]),
        not_names=_words(data["not_names"]),
        noun_forms=_words(data["noun_forms"]),
        noun_followers=_words(data["noun_followers"]),
    )


@dataclass(frozen=True)
class _Tokens:
    """Tokens of one text with their offsets."""

    text: tuple[str, ...]
    lower: tuple[str, ...]
    start: tuple[int, ...]
    end: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Tokens:
        """Tokenise ``text`` into words and single punctuation marks."""
        matches = list(_TOKEN.finditer(text))
        words = tuple(m.group() for m in matches)
        return cls(words, tuple(w.lower() for w in words), tuple(m.start() for m in matches),
                   tuple(m.end() for m in matches))

    def index_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        for i, start in enumerate(self.start):
            if start >= offset:
                return i
        return len(self.start)


def _is_word(token: str) -> bool:
    """True for a word token (not punctuation)."""
    return token[0].isalnum()


def _phrase_word(token: str, lower: str, cues: AttributionCues) -> bool:
    """True when a token can belong to a source phrase."""
    if not _is_word(token):
        return False
    if token[0].isupper():
        return lower not in cues.not_names
    if lower in cues.source_words or lower in cues.connectors or lower in cues.determiners:
        return True
    return lower.endswith("-run") or lower[0].isdigit()


def _core_word(token: str, lower: str, cues: AttributionCues) -> bool:
    """True for a token that names something: a capitalised word or a speaker noun."""
    if lower in cues.determiners or lower in cues.connectors:
        return False
    return token[0].isupper() or lower in cues.source_words


def _trim(tokens: _Tokens, first: int, last: int, cues: AttributionCues) -> tuple[int, int]:
    """Drop connectors from both ends of a phrase and determiners from its end."""
    while first <= last and tokens.lower[first] in cues.connectors:
        first += 1
    while first <= last and (tokens.lower[last] in cues.connectors
                             or tokens.lower[last] in cues.determiners):
        last -= 1
    return first, last


def _has_core(tokens: _Tokens, first: int, last: int, cues: AttributionCues) -> bool:
    """True when the phrase has at least one naming word."""
    return any(_core_word(tokens.text[i], tokens.lower[i], cues) for i in range(first, last + 1))


def _phrase_before(tokens: _Tokens, last: int, cues: AttributionCues) -> tuple[int, int] | None:
    """The source phrase ending at token ``last``, scanning backwards; None if there is none."""
    first = last + 1
    i = last
    while i >= 0 and _phrase_word(tokens.text[i], tokens.lower[i], cues):
        first = i
        if tokens.lower[i] in cues.determiners and not tokens.text[i][0].isupper():
            break
        i -= 1
    if first <= last and i >= 0 and _is_word(tokens.text[i]):
        first = _modifiers_before(tokens, i, cues, first)
    first, end = _trim(tokens, first, last, cues)
    if first > end or not _has_core(tokens, first, end, cues):
        return None
    return first, end


def _modifiers_before(tokens: _Tokens, i: int, cues: AttributionCues, first: int) -> int:
    """Extend a phrase over a few modifiers back to "the"/"a": "The Palestinian armed group"."""
    for j in range(i, max(i - _MAX_MODIFIERS, -1), -1):
        if not _is_word(tokens.text[j]):
            return first
        if tokens.lower[j] in cues.determiners and tokens.lower[j] in _NOUN_DETERMINERS:
            return j
    return first


def _phrase_after(tokens: _Tokens, first: int, cues: AttributionCues,
                  extra: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """The source phrase starting at token ``first``, scanning forwards; None if there is none."""
    i = first
    while i < len(tokens.text) and (
        _phrase_word(tokens.text[i], tokens.lower[i], cues) or tokens.lower[i] in extra
    ):
        if i > first and tokens.lower[i] in cues.determiners:
            break
        i += 1
    start, last = _trim(tokens, first, i - 1, cues)
    if start > last or not _has_core(tokens, start, last, cues):
        return None
    return start, last


def _skip_adverbials(tokens: _Tokens, i: int, cues: AttributionCues) -> int:
    """Step back over auxiliaries and time phrases between a subject and its verb."""
    while i >= 0:
        low = tokens.lower[i]
        if low in cues.auxiliaries:
            i -= 1
        elif ((low in cues.weekdays or low in _TIME_NOUNS) and i > 0
              and tokens.lower[i - 1] in cues.time_words):
            i -= 2
        else:
            return i
    return i


def _skip_parenthetical(tokens: _Tokens, i: int, cues: AttributionCues) -> int:
    """Step back over ", who asked not to be named," or "close to the talks" before a verb."""
    if i >= 0 and tokens.text[i] == ",":
        for j in range(i - 1, max(i - _MAX_PARENTHETICAL_TOKENS, 0) - 1, -1):
            if tokens.text[j] == ",":
                if j + 1 < i and tokens.lower[j + 1] in _PARENTHETICAL_OPENERS:
                    return j - 1
                break
    for j in range(i, max(i - _MAX_POSTMODIFIER_TOKENS, -1), -1):
        if not _is_word(tokens.text[j]):
            break
        for phrase in cues.postmodifiers:
            if tokens.lower[j:j + len(phrase)] == phrase:
                return j - 1
    return i


def _span(tokens: _Tokens, first: int, last: int) -> tuple[int, int]:
    """Character span of tokens ``first..last``."""
    return tokens.start[first], tokens.end[last]


def _short_tail(text: str, offset: int) -> bool:
    """True when little follows ``offset``: the attribution closes the sentence."""
    tail = text[offset:]
    return len(tail.split()) <= _SHORT_TAIL_WORDS and not any(c.isdigit() for c in tail)


def _closes(tokens: _Tokens, phrase: tuple[int, int]) -> bool:
    """True when punctuation or the end of the text follows the phrase (", said the hospital.")."""
    nxt = phrase[1] + 1
    return nxt >= len(tokens.text) or not _is_word(tokens.text[nxt])


def _clause_start(tokens: _Tokens, i: int) -> int:
    """Character offset where the clause holding token ``i`` begins (after a comma)."""
    for j in range(i, -1, -1):
        if tokens.text[j] in ",;(":
            return tokens.end[j]
    return 0


def _is_verb(text: str, tokens: _Tokens, at: int, match: re.Match[str],
             cues: AttributionCues) -> bool:
    """False for a cue word used as a noun ("hospital records at") or a name ("United States")."""
    word = match.group()
    if word[0].isupper() and at > 0:
        words = [t for t in tokens.text if _is_word(t)]
        if sum(t[0].isupper() for t in words) < _HEADLINE_CAPS * len(words):
            return False
    if word.lower() not in cues.noun_forms:
        return True
    after = tokens.index_at(match.end())
    if after >= len(tokens.text) or not _is_word(tokens.text[after]):
        return False
    if tokens.lower[after] in cues.noun_followers:
        return False
    return at == 0 or tokens.lower[at - 1] not in _NOUN_DETERMINERS


def _appositive(tokens: _Tokens, comma: int, cues: AttributionCues) -> tuple[int, int] | None:
    """", Steve Witkoff, said": the name set off by commas just before a verb."""
    phrase = _phrase_before(tokens, comma - 1, cues)
    if phrase is not None and phrase[0] > 0 and tokens.text[phrase[0] - 1] == ",":
        return phrase
    return None


def _verb_attributions(text: str, tokens: _Tokens, match: re.Match[str],
                       cues: AttributionCues) -> list[Attribution]:
    """Attributions around one speech verb: its subject, or an inverted source, and a medium."""
    cue = match.group()
    at = tokens.index_at(match.start())
    if not _is_verb(text, tokens, at, match, cues):
        return []
    after = tokens.index_at(match.end())
    before = _skip_adverbials(tokens, at - 1, cues)
    if before >= 0 and tokens.lower[before] in _BE_FORMS:
        return []  # passive without agent: "are believed to be alive"
    found: list[Attribution] = []
    before = _skip_parenthetical(tokens, before, cues)
    if before >= 0 and tokens.lower[before] in cues.pronouns:
        start, end = tokens.start[before], tokens.end[before]
        scope = (0, start) if _short_tail(text, match.end()) else (match.end(), len(text))
        found.append(Attribution(text[start:end], cue, start, end, match.start(),
                                 scope_start=scope[0], scope_end=scope[1], pronoun=True))
    elif (phrase := _phrase_before(tokens, before, cues)
          or (_appositive(tokens, before, cues) if before > 0 and tokens.text[before] == ","
              else None)) is not None:
        start, end = _span(tokens, *phrase)
        prev = tokens.lower[phrase[0] - 1] if phrase[0] > 0 else ""
        if prev in _RELATIVE:
            scope = (_clause_start(tokens, phrase[0] - 1), tokens.start[phrase[0] - 1])
        elif (prev == "" or prev in _QUOTES_AND_DASHES or prev == ",") and _short_tail(
                text, match.end()) and phrase[0] > 0:
            scope = (0, start)
        else:
            scope = (match.end(), len(text))
        found.append(Attribution(text[start:end], cue, start, end, match.start(),
                                 scope_start=scope[0], scope_end=scope[1]))
    elif at > 0 and tokens.text[at - 1] in ",\"”’'" and (
            phrase := _phrase_after(tokens, after, cues)) is not None and _closes(tokens, phrase):
        start, end = _span(tokens, *phrase)
        found.append(Attribution(text[start:end], cue, start, end, match.start(),
                                 scope_start=0, scope_end=match.start()))
    if found and cue.lower() in cues.medium_verbs and after < len(tokens.text) and (
            tokens.text[after][0].isupper() or tokens.lower[after] in cues.source_words):
        phrase = _phrase_after(tokens, after, cues)
        if phrase is not None:
            start, end = _span(tokens, *phrase)
            found.append(replace(found[0], source=text[start:end], start=start, end=end,
                                 role="medium", pronoun=False))
    return found


def _preposition_attribution(text: str, tokens: _Tokens, match: re.Match[str],
                             cues: AttributionCues) -> Attribution | None:
    """The source after "according to", "citing" …: it covers the whole sentence."""
    phrase = _phrase_after(tokens, tokens.index_at(match.end()), cues,
                           extra=frozenset({"by", "compiled", "issued", "released", "published",
                                            "kept", "provided", "gathered", "from"}))
    if phrase is None:
        return None
    start, end = _span(tokens, *phrase)
    return Attribution(text[start:end], match.group().lower(), start, end, match.start(),
                       scope_start=0, scope_end=len(text))


def _main_subject(tokens: _Tokens, limit: int, cues: AttributionCues) -> tuple[int, int] | None:
    """The last clause-initial noun phrase before token ``limit`` that is followed by a verb."""
    best = None
    for k in range(limit):
        if k > 0 and tokens.text[k - 1] not in ",\"“”":
            continue
        phrase = _phrase_after(tokens, k, cues)
        if phrase is None or phrase[0] != k:
            continue
        nxt = phrase[1] + 1
        if nxt < limit and _is_word(tokens.text[nxt]) and tokens.text[nxt][0].islower():
            best = phrase
    return best


def _participle_attributions(text: str, tokens: _Tokens, match: re.Match[str],
                             cues: AttributionCues) -> Attribution | None:
    """", saying …": the subject of the main clause says what follows."""
    phrase = _main_subject(tokens, tokens.index_at(match.start()), cues)
    if phrase is None:
        return None
    start, end = _span(tokens, *phrase)
    cue_start = match.start() + match.group().index(match.group().lstrip(", ")[0])
    return Attribution(text[start:end], text[cue_start:match.end()].lower(), start, end,
                       cue_start, scope_start=match.end(), scope_end=len(text),
                       pronoun=tokens.lower[phrase[0]] in cues.pronouns)


def find_attributions(text: str, cues: AttributionCues | None = None) -> list[Attribution]:
    """Every attribution in ``text`` (one sentence), ordered by where its cue starts."""
    cues = cues or load_attribution_cues()
    if not (cues.verb.search(text) or cues.preposition.search(text)
            or cues.participle.search(text)):
        return []
    tokens = _Tokens.of(text)
    found: list[Attribution] = []
    for match in cues.preposition.finditer(text):
        attribution = _preposition_attribution(text, tokens, match, cues)
        if attribution is not None:
            found.append(attribution)
    for match in cues.verb.finditer(text):
        found.extend(_verb_attributions(text, tokens, match, cues))
    speakers = {(a.start, a.end) for a in found}
    for match in cues.participle.finditer(text):
        attribution = _participle_attributions(text, tokens, match, cues)
        if attribution is not None and (attribution.start, attribution.end) not in speakers:
            found.append(attribution)
    return sorted(found, key=lambda a: (a.cue_start, a.role != "speaker"))


def covering(attributions: Sequence[Attribution], start: int, end: int) -> Attribution | None:
    """The speaker attribution whose scope holds the span ``start..end`` (nearest cue wins)."""
    best = None
    for attribution in attributions:
        if attribution.role != "speaker":
            continue
        if attribution.scope_start <= start and end <= attribution.scope_end and (
            best is None or abs(attribution.cue_start - start) < abs(best.cue_start - start)
        ):
            best = attribution
    return best


def resolve_pronouns(by_sentence: Sequence[list[Attribution]]) -> list[list[Attribution]]:
    """Fill ``resolved`` for pronoun sources with the last named speaker of earlier sentences."""
    last_name = ""
    resolved: list[list[Attribution]] = []
    for attributions in by_sentence:
        current = []
        for attribution in attributions:
            if attribution.pronoun and last_name:
                attribution = replace(attribution, resolved=last_name)
            current.append(attribution)
        resolved.append(current)
        names = [a.source for a in attributions if a.role == "speaker" and not a.pronoun]
        if names:
            last_name = names[-1]
    return resolved
