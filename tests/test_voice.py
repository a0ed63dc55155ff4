"""Voice of a span: own narration, quoted words, or reported speech."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing_data import article, seed, span_of
from newsprism.measures.voice import VoiceMap, scan_quotes, voice_of
from one_article import quote_spans

# (paragraphs, title, target text, occurrence, expected voice)
CASES = [
    (["He called it “a massacre” on Monday."], None, "massacre", 0, "quoted"),
    (['He called it "a massacre" on Monday.'], None, "massacre", 0, "quoted"),
    (["He called it ‘a massacre’ on Monday."], None, "massacre", 0, "quoted"),
    (["He called it 'a massacre' on Monday."], None, "massacre", 0, "quoted"),
    (["Hamas’s fighters don’t stop, the army found."], None, "fighters", 0, "own"),
    (["Hamas' demand was rejected by the army."], None, "army", 0, "own"),
    (["“We will not stop. The occupation must end,” he said."], None, "occupation", 0,
     "quoted"),
    (["“We will not stop. The siege is total.", "“The occupation must end,” he said."], None,
     "occupation", 0, "quoted"),
    (["“We will not stop. The siege is total.", "“The occupation must end,” he said."], None,
     "siege", 0, "quoted"),
    (["“They call it ‘self-defence’ but it is a massacre,” she said."], None, "massacre", 0,
     "quoted"),
    (["Talks resume."], "Hamas ready for 'immediate' talks", "immediate", 0, "quoted"),
    (["Talks resume."], "Hamas ready for 'immediate' talks", "Hamas", 0, "own"),
    (["Talks resume."], "Hamas says Israel committed genocide", "genocide", 0, "own"),
    (["Talks resume.", "Army chief orders expansion of genocidal offensive", "More fighting."],
     None, "genocidal", 0, "own"),
    (["The ministry said that the massacre killed 40 people."], None, "massacre", 0,
     "attributed"),
    (["According to the health ministry in Hamas-run Gaza, the onslaught killed 40 people."],
     None, "onslaught", 0, "attributed"),
    (["According to the health ministry in Hamas-run Gaza, the onslaught killed 40 people."],
     None, "health ministry in Hamas-run Gaza", 0, "own"),
    (["The onslaught killed 40 people, according to the health ministry."], None, "onslaught",
     0, "attributed"),
    (["The siege is illegal under international law, the foreign minister said."], None,
     "siege", 0, "attributed"),
    (["A Hamas official told Reuters the occupation had not changed its position."], None,
     "occupation", 0, "attributed"),
    (["A Hamas official told Reuters the occupation had not changed its position."], None,
     "Hamas official", 0, "own"),
    (["Israeli forces pressed their onslaught on Rafah."], None, "onslaught", 0, "own"),
    (["“We don’t accept the occupation,” he said."], None, "occupation", 0, "quoted"),
    (["She described it as ‘Gaza’s genocide’ in a speech."], None, "genocide", 0, "quoted"),
    (["Since the '90s the siege has tightened year by year."], None, "siege", 0, "own"),
    (["“The siege must end, the spokesman said.", "Israeli forces continued the onslaught."],
     None, "onslaught", 0, "own"),
    (["He said only: “The occupation is over.”"], None, "occupation", 0, "quoted"),
    (["Crowds chanted «resistance» in the streets of the city."], None, "resistance", 0,
     "quoted"),
    (['Crowds chanted "one" and "two" as the siege went on.'], None, "siege", 0, "own"),
    (["“The siege is total,” he said. “The massacre continues.”"], None, "massacre", 0,
     "quoted"),
    (["“The siege is total,” he said. The massacre went on for hours."], None, "massacre", 0,
     "own"),
    (["Hamas said it had responded “positively” to the proposal."], None, "proposal", 0,
     "attributed"),
    (["Hamas said it had responded “positively” to the proposal."], None, "positively", 0,
     "quoted"),
]


@pytest.mark.parametrize(("paragraphs", "title", "target", "occurrence", "expected"), CASES)
def test_voice_cases(paragraphs: list[str], title: str | None, target: str, occurrence: int,
                     expected: str) -> None:
    subheads = tuple(i for i, p in enumerate(paragraphs) if "genocidal offensive" in p)
    sentences, doc = article(*paragraphs, title=title, subheads=subheads)
    start, end = span_of(doc, target, occurrence)
    assert voice_of(start, end, sentences, doc) == expected


def test_apostrophes_open_no_quote() -> None:
    sentences, doc = article("Gaza’s and Hamas’s leaders don’t agree; Hamas' rivals can't either.")
    assert quote_spans(sentences, doc) == []


def test_nested_quote_is_one_top_level_span() -> None:
    sentences, doc = article("“They call it ‘self-defence’ but it is a massacre,” she said.")
    assert [doc[a:b] for a, b in quote_spans(sentences, doc)] == [
        "They call it ‘self-defence’ but it is a massacre,"]


def test_quote_reopened_after_paragraph_break_is_marked_continued() -> None:
    sentences, doc = article("“We will not stop,” he said. “The siege is total.",
                             "“The occupation must end.”", "Talks went on.")
    spans = scan_quotes(sentences, doc)
    assert [(doc[s.start:s.end], s.closed, s.continued) for s in spans] == [
        ("We will not stop,", True, False), ("The siege is total.", False, False),
        ("The occupation must end.", True, True)]


def test_seed_001_genocidal_own_and_genocide_quoted() -> None:
    sentences, doc = seed("001")
    voices = VoiceMap.build(sentences, doc)
    subhead = span_of(doc, "genocidal offensive")
    body = span_of(doc, "genocidal plans")
    quoted = span_of(doc, "expand genocide")
    assert voices.voice_of(subhead[0], subhead[0] + 9) == "own"
    assert voices.voice_of(body[0], body[0] + 9) == "own"
    assert voices.voice_of(quoted[0] + 7, quoted[1]) == "quoted"


def test_seed_004_occupation_is_quoted_and_continued_quote_found() -> None:
    sentences, doc = seed("004")
    voices = VoiceMap.build(sentences, doc)
    assert voices.voice_of(*span_of(doc, "the occupation (Israel)")) == "quoted"
    assert voices.voice_of(*span_of(doc, "There is no progress yet.")) == "quoted"
    assert voices.voice_of(*span_of(doc, "military onslaught")) == "own"


def test_seed_000_label_in_attribution_phrase_is_own() -> None:
    sentences, doc = seed("000")
    voices = VoiceMap.build(sentences, doc)
    assert voices.voice_of(*span_of(doc, "health ministry in Hamas-run Gaza")) == "own"
    assert voices.voice_of(*span_of(doc, "at least 4,149 people")) == "attributed"


def test_seed_002_militants_own() -> None:
    sentences, doc = seed("002")
    assert voice_of(*span_of(doc, "militants continue"), sentences, doc) == "own"


_TEXT = st.lists(st.sampled_from(list("ab .,\"“”‘’'«»") + ["Hamas’s ", "don't "]),
                 max_size=40).map("".join)


@given(st.lists(_TEXT.filter(lambda t: t.strip()), min_size=1, max_size=4))
def test_quote_spans_stay_inside_paragraphs_in_order(paragraphs: list[str]) -> None:
    texts = [p.strip() for p in paragraphs]
    sentences, doc = article(*texts)
    bounds = [(s, s + len(t)) for s, t in zip(
        [sum(len(x) + 2 for x in texts[:i]) for i in range(len(texts))], texts, strict=True)]
    spans = quote_spans(sentences, doc)
    assert spans == sorted(spans)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start
    for a, b in spans:
        assert any(p <= a <= b <= q for p, q in bounds)
        assert doc[a:b] == doc[a:b].strip()


@given(st.lists(st.sampled_from(["Gaza’s", "Hamas’", "don’t", "it's", "Israel's", "army",
                                 "the", "rivals'", "O'Brien"]), min_size=1, max_size=12))
def test_apostrophes_never_make_quotes(words: list[str]) -> None:
    sentences, doc = article(" ".join(words) + ".")
    assert quote_spans(sentences, doc) == []
