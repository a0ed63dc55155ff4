"""Whom a sentence attributes a statement or figure to: "according to X", "X said", ", said X".

The finder is a small rule set over one sentence's tokens, driven by the cue lists in
``data/attribution.yaml``: speech/report verbs, prepositional cues and the words a source
phrase is made of. Every attribution records its source as written (with descriptors such as
"the health ministry in Hamas-run Gaza"), its cue, offsets, and the span of the sentence it
covers (``scope_start``/``scope_end``), so callers can tell which figure each source vouches for.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from newsprism.datafiles import load_yaml
from newsprism.phrases import PhraseFinder, PhraseSet

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_](?:[\w’'\-.]*[^\W_])?[’']?|[^\w\s]")
_WORD_START = re.compile(r"\w")
_QUOTES_AND_DASHES = frozenset("\"“”‘’'—–-:")
_RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_PARENTHETICAL_OPENERS = frozenset({"who", "whose", "which", "speaking", "a", "an", "the", "in",
                                    "on"})
_TIME_NOUNS = frozenset({"week", "month", "year", "night", "morning", "evening", "afternoon",
                         "weekend", "day", "days", "weeks", "months", "hours"})
_TIME_ANCHORS = frozenset({"yesterday", "today", "tonight"})
# Endings of the adjectives that stand between a determiner and a noun: "armed", "Islamist".
_ADJECTIVE_ENDINGS = ("ed", "al", "an", "ist", "ic", "ive", "ese", "ish", "ary", "ant", "ent",
                      "ior")
_SHORT_TAIL_WORDS = 6
_MAX_PARENTHETICAL_TOKENS = 25
_MAX_POSTMODIFIER_TOKENS = 8
_MAX_MODIFIERS = 3
_HEADLINE_CAPS = 0.6
# A headline's source after a final colon or dash, or before an opening colon: a few words.
_HEADLINE_MARK = re.compile(r":\s|\s[-–—]\s")
_HEADLINE_TAIL = re.compile(r"(?P<mark>:\s+|\s[-–—]\s+)(?P<source>[^:\-–—.,;]{2,40}?)\s*\.?\s*$")
_HEADLINE_HEAD = re.compile(r"^(?P<source>[^:\-–—.,;]{2,40}?)(?P<mark>:\s+)")
# Tokens a postposed source may span between its comma and a noun-like cue.
_POSTPOSED_WORDS = 6
# Words after a speech verb in which a toll's object ("lives") shows it is no speech.
_OBJECT_WORDS = 4
_CLAUSE_COMMA = re.compile(r"[,;](?!\d)")
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
    """The compiled cue lists of ``attribution.yaml``; ``cue_finders`` runs the preposition and
    verb finders (in that order) with one scan for their heads."""

    cue_finders: PhraseSet
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
    months: frozenset[str]
    name_particles: frozenset[str]
    compound_names: tuple[tuple[str, ...], ...]
    content_lead: re.Pattern[str]
    not_speech_objects: frozenset[str] = frozenset()
    headline_topics: frozenset[str] = frozenset()


def _alternation(phrases: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first, with flexible inner spaces; the phrases
    are grouped by first letter behind a look-ahead so a position tries only its group."""
    groups: dict[str, list[str]] = {}
    for phrase in sorted({p.strip().lower() for p in phrases}, key=len, reverse=True):
        groups.setdefault(phrase[0], []).append(r"\s+".join(map(re.escape, phrase.split())))
    return "|".join(f"(?={re.escape(first)})(?:{'|'.join(group)})"
                    for first, group in groups.items())


def _cue_finder(phrases: Iterable[str]) -> PhraseFinder:
    """Cue phrases as whole words, found where their first words begin. Phrases that all
    begin with a word character need no word before them: ``(?<!\\w)`` is then ``\\b``,
    and in that form the finder can read the heads it scans for."""
    phrases = list(phrases)
    edge = r"(?<!\w)" if all(_WORD_START.match(str(p).strip()) for p in phrases) else r"\b"
    return PhraseFinder.of(re.compile(rf"{edge}(?:{_alternation(phrases)})\b", re.I))


def _words(entries: Iterable[str]) -> frozenset[str]:
    """Lower-cased word set of a YAML list."""
    return frozenset(str(e).strip().lower() for e in entries)


@lru_cache(maxsize=8)
def load_attribution_cues(path: str | Path | None = None) -> AttributionCues:
    """Load ``attribution.yaml`` (or the user's replacement at ``path``) and compile it."""
    data = load_yaml("attribution.yaml", path)
    return AttributionCues(
        cue_finders=PhraseSet.of([_cue_finder(data["prepositions"]), _cue_finder(data["verbs"])]),
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
        months=_words(data["months"]),
        name_particles=_words(data["name_particles"]),
        compound_names=tuple(tuple(p.lower().split()) for p in data["compound_names"]),
        content_lead=_content_lead(data),
        not_speech_objects=_words(data.get("not_speech_objects") or ()),
        headline_topics=frozenset(" ".join(str(t).lower().split())
                                  for t in data.get("headline_topics") or ()),
    )


def _content_lead(data: dict) -> re.Pattern[str]:
    """Regex of what stands between a cue and the content it reports: " on Sunday that"."""
    anchor = _alternation([*data["weekdays"], *data["months"], *_TIME_NOUNS, *_TIME_ANCHORS])
    return re.compile(
        rf"[\s,;:—–]*(?:(?:(?:{_alternation(data['time_words'])})\s+)*"
        rf"(?:{anchor})\b(?:\s+(?:(?:{anchor})\b|\d{{1,2}}\b))*)?[\s,]*(?:that\b)?\s*",
        re.I)


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
        matches = list(_TOKEN.finditer(text))  # one scan; read through C-level maps
        words = tuple(map(re.Match.group, matches))
        starts, ends = zip(*map(re.Match.span, matches), strict=True) if matches else ((), ())
        return cls(words, tuple(map(str.lower, words)), starts, ends)

    def index_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self.start, offset)


def _is_word(token: str) -> bool:
    """True for a word token (not punctuation)."""
    return token[0].isalnum()


def _name_part(tokens: _Tokens, i: int, cues: AttributionCues) -> bool:
    """True for a capitalised word or a name particle inside a name ("al-Thawabta", "bin")."""
    token, lower = tokens.text[i], tokens.lower[i]
    if token[0].isupper():
        return True
    particle, dash, _ = lower.partition("-")
    if dash and particle in cues.name_particles:
        return token[len(particle) + 1:][:1].isupper()
    if lower not in cues.name_particles:
        return False
    prev = i - 1
    while prev >= 0 and tokens.lower[prev] in cues.name_particles:
        prev -= 1
    if prev < 0 or not tokens.text[prev][0].isupper():
        return False
    nxt = i + 1
    while nxt < len(tokens.text) and tokens.lower[nxt] in cues.name_particles:
        nxt += 1
    return nxt < len(tokens.text) and tokens.text[nxt][0].isupper()


def _phrase_word(tokens: _Tokens, i: int, cues: AttributionCues) -> bool:
    """True when token ``i`` can belong to a source phrase."""
    token, lower = tokens.text[i], tokens.lower[i]
    if not _is_word(token) or lower in cues.weekdays:
        return False
    if _name_part(tokens, i, cues):
        return lower not in cues.not_names
    if lower in cues.source_words or lower in cues.connectors or lower in cues.determiners:
        return True
    return lower.endswith("-run") or lower[0].isdigit() or _compound_modifier(tokens, i, cues)


def _compound_modifier(tokens: _Tokens, i: int, cues: AttributionCues) -> bool:
    """True for a lower-case word that modifies the speaker noun after it, behind a name or a
    possessive: "Israel's prison service", "the Palestinian news agency", "the UN children's
    agency"."""
    if i == 0 or i + 1 >= len(tokens.text) or tokens.lower[i + 1] not in cues.source_words:
        return False
    before = tokens.text[i - 1]
    return before.endswith(("'s", "’s")) or (before[0].isupper() and _is_word(before)
                                             and tokens.lower[i - 1] not in cues.not_names)


def _core_word(tokens: _Tokens, i: int, cues: AttributionCues) -> bool:
    """True for a token that names something: a capitalised word or a speaker noun."""
    lower = tokens.lower[i]
    if lower in cues.determiners or lower in cues.connectors or lower in cues.months:
        return False
    return lower in cues.source_words or _name_part(tokens, i, cues)


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
    return any(_core_word(tokens, i, cues) for i in range(first, last + 1))


def _continues_before(tokens: _Tokens, i: int, cues: AttributionCues) -> bool:
    """True when the phrase reaching determiner ``i`` goes on before it: "officials in the
    United States", "Qatar and the United States" (after "and" only a name continues it)."""
    if i < 2 or tokens.lower[i - 1] not in cues.connectors:
        return False
    if tokens.lower[i - 1] == "and":
        return _name_part(tokens, i - 2, cues) and tokens.lower[i - 2] not in cues.not_names
    return _phrase_word(tokens, i - 2, cues)


def _phrase_before(tokens: _Tokens, last: int, cues: AttributionCues) -> tuple[int, int] | None:
    """The source phrase ending at token ``last``, scanning backwards; None if there is none."""
    first = last + 1
    i = last
    if last >= 2 and _is_word(tokens.text[last]) and not _phrase_word(tokens, last, cues) and (
            tokens.lower[last - 1] in cues.connectors or (
                tokens.lower[last - 2] in cues.connectors and (
                    tokens.lower[last - 1] in _NOUN_DETERMINERS
                    or _name_part(tokens, last - 1, cues)))):
        # what the speaker is of or where it is: "a source at the crossing", "the UN agency
        # for Palestinian refugees"
        first, i = last, last - 1
    while i >= 0 and _phrase_word(tokens, i, cues):
        first = i
        if (tokens.lower[i] in cues.determiners and not tokens.text[i][0].isupper()
                and not _continues_before(tokens, i, cues)):
            break
        i -= 1
    if i >= 0 and _is_word(tokens.text[i]):
        first = _modifiers_before(tokens, i, cues, first)
    first, end = _trim(tokens, first, last, cues)
    if first > end or not _has_core(tokens, first, end, cues):
        return None
    return first, end


def _modifier(tokens: _Tokens, i: int, cues: AttributionCues) -> bool:
    """True for a word that can modify a speaker noun: "Palestinian", "armed", "Islamist"."""
    lower = tokens.lower[i]
    return (tokens.text[i][0].isupper() or lower in cues.source_words
            or lower in cues.determiners
            or lower.endswith(_ADJECTIVE_ENDINGS)) and lower not in cues.not_names


def _modifiers_before(tokens: _Tokens, i: int, cues: AttributionCues, first: int) -> int:
    """Extend a phrase over a few modifiers back to "the"/"a": "The Islamist movement"."""
    for j in range(i, max(i - _MAX_MODIFIERS, -1), -1):
        if not _is_word(tokens.text[j]):
            return first
        if tokens.lower[j] in cues.determiners and tokens.lower[j] in _NOUN_DETERMINERS:
            return j
        if not _modifier(tokens, j, cues) and j < i:
            return first
    return first


def _phrase_after(tokens: _Tokens, first: int, cues: AttributionCues,
                  extra: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """The source phrase starting at token ``first``, scanning forwards; None if there is none."""
    i = first
    while i < len(tokens.text) and (
        _phrase_word(tokens, i, cues) or tokens.lower[i] in extra
    ):
        if i > first and tokens.lower[i] in cues.determiners:
            break
        i += 1
    start, last = _trim(tokens, first, i - 1, cues)
    if start > last or not _has_core(tokens, start, last, cues):
        return None
    return start, last


def _time_word(lower: str, cues: AttributionCues) -> bool:
    """True for a word of a time adverbial: "on", "late", "Sunday", "March", "3", "week"."""
    return (lower in cues.time_words or lower in cues.weekdays or lower in cues.months
            or lower in _TIME_NOUNS or lower in _TIME_ANCHORS or lower.isdigit())


def _time_anchor(lower: str, cues: AttributionCues) -> bool:
    """True for the word that makes a run of time words a time adverbial."""
    return (lower in cues.weekdays or lower in cues.months or lower in _TIME_NOUNS
            or lower in _TIME_ANCHORS)


def _skip_adverbials(tokens: _Tokens, i: int, cues: AttributionCues) -> int:
    """Step back over auxiliaries and time phrases between a subject and its verb:
    "Hamas on Sunday said", "Egypt late on March 3 said", "Israel earlier this week told"."""
    while i >= 0:
        if tokens.lower[i] in cues.auxiliaries:
            i -= 1
            continue
        j = i
        while j >= 0 and _time_word(tokens.lower[j], cues):
            j -= 1
        run = tokens.lower[j + 1:i + 1]
        if j == i or not any(_time_anchor(w, cues) for w in run) or not (
                run[0] in cues.time_words or run[0] in _TIME_ANCHORS
                or run[0] in cues.weekdays):
            return i
        i = j
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
    """True when little follows ``offset`` before the sentence ends or a comma sets off an
    aside (", a threshold few imagined"): the attribution closes its statement."""
    tail = text[offset:].split(",", 1)[0]
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


def _clause_end(text: str, offset: int) -> int:
    """Character offset where the clause running at ``offset`` ends (a comma or the end)."""
    comma = _CLAUSE_COMMA.search(text, offset)
    return len(text) if comma is None else comma.start()


def _in_compound_name(tokens: _Tokens, at: int, cues: AttributionCues) -> bool:
    """True when the cue at token ``at`` ends a name such as "United States"."""
    return any(at + 1 >= len(name) and tokens.lower[at + 1 - len(name):at + 1] == name
               for name in cues.compound_names)


def _is_verb(text: str, tokens: _Tokens, at: int, match: re.Match[str],
             cues: AttributionCues) -> bool:
    """False for a cue word used as a noun ("hospital records at") or a name ("United States")."""
    word = match.group()
    if _in_compound_name(tokens, at, cues):
        return False
    if word[0].isupper() and at > 0:
        words = [t for t in tokens.text if _is_word(t)]
        if sum(t[0].isupper() for t in words) < _HEADLINE_CAPS * len(words):
            return False
    if word.lower() not in cues.noun_forms:
        return True
    after = tokens.index_at(match.end())
    if after >= len(tokens.text) or not _is_word(tokens.text[after]):
        return _closes_postposed(tokens, at)
    if tokens.lower[after] in cues.noun_followers:
        return False
    return at == 0 or tokens.lower[at - 1] not in _NOUN_DETERMINERS


def _closes_postposed(tokens: _Tokens, at: int) -> bool:
    """True for a noun-like cue that ends the sentence after a comma-led source (", the UN
    estimates."): a verb there, not a noun."""
    ends = at + 1 >= len(tokens.text) or tokens.text[at + 1] in ".!?"
    return ends and "," in tokens.text[max(0, at - _POSTPOSED_WORDS):at]


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
    if not cues.not_speech_objects.isdisjoint(tokens.lower[after:after + _OBJECT_WORDS]):
        return []  # "claimed 39 lives": a toll, not a claim
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
        if prev in _RELATIVE:  # "…, which the ministry says has killed 67,160 people, …"
            scope = (_clause_start(tokens, phrase[0] - 1), _clause_end(text, match.end()))
        elif prev == "," and after < len(tokens.text) and tokens.text[after] == ",":
            scope = (0, len(text))  # set off by commas mid-sentence: ", the agency said, …"
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
            _name_part(tokens, after, cues) or tokens.lower[after] in cues.source_words):
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


def _headline_attribution(text: str, cues: AttributionCues) -> Attribution | None:
    """A headline's source set off by a colon or dash: "62 killed in Gaza: ministry",
    "Strikes kill 19 - rescuers", "Gaza Health Ministry: toll rises to 26,902"."""
    match = _HEADLINE_TAIL.search(text) or _HEADLINE_HEAD.match(text)
    if match is None:
        return None
    phrase = match.group("source")
    tokens = _Tokens.of(phrase)
    if not tokens.text or not _has_core(tokens, 0, len(tokens.text) - 1, cues) or (
            " ".join(phrase.lower().split()) in cues.headline_topics):
        return None
    start = match.start("source")
    head = match.re is _HEADLINE_HEAD
    return Attribution(phrase, match.group("mark").strip(), start, start + len(phrase),
                       match.start("mark"), scope_start=match.end() if head else 0,
                       scope_end=len(text) if head else match.start())


def find_attributions(text: str, cues: AttributionCues | None = None) -> list[Attribution]:
    """Every attribution in ``text`` (one sentence), ordered by where its cue starts."""
    cues = cues or load_attribution_cues()
    prepositions, verbs = cues.cue_finders.finditer_each(text)
    participles = list(cues.participle.finditer(text))
    headline = _headline_attribution(text, cues) if _HEADLINE_MARK.search(text) else None
    if not (prepositions or verbs or participles or headline):
        return []
    tokens = _Tokens.of(text)
    found: list[Attribution] = [headline] if headline is not None else []
    for match in prepositions:
        attribution = _preposition_attribution(text, tokens, match, cues)
        if attribution is not None:
            found.append(attribution)
    for match in verbs:
        found.extend(_verb_attributions(text, tokens, match, cues))
    speakers = {(a.start, a.end) for a in found}
    for match in participles:
        attribution = _participle_attributions(text, tokens, match, cues)
        if attribution is not None and (attribution.start, attribution.end) not in speakers:
            found.append(attribution)
    return sorted(found, key=lambda a: (a.cue_start, a.role != "speaker"))


def content_start(text: str, start: int, end: int, cues: AttributionCues | None = None) -> int:
    """Where reported content begins in ``text[start:end]`` after a cue: past a time
    adverbial and "that" ("said on Sunday that …")."""
    cues = cues or load_attribution_cues()
    match = cues.content_lead.match(text, start, end)
    return match.end() if match else start


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
