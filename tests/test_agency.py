"""Agency in casualty reporting: seed pins, news-like cases of our own, negatives."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gold_data import SEEDS
from newsprism.clean.document import read_corpus
from newsprism.measures.agency import (
    _TOKEN,
    AGENCY_COLUMNS,
    _may_report,
    load_casualty_terms,
    sentence_clauses,
)
from one_article import classify_agency

LEXICON = load_casualty_terms()


@pytest.fixture(scope="module")
def seed_agency() -> pd.DataFrame:
    """The agency table of the seed corpus, one article at a time."""
    corpus = read_corpus(SEEDS)
    docs = corpus.articles.set_index("article_id")["doc"]
    parts = [classify_agency(group, docs[article_id], LEXICON)
             for article_id, group in corpus.sentences.groupby("article_id")]
    return pd.concat(parts, ignore_index=True).assign(doc=lambda f: f["article_id"].map(docs))


def _row(table: pd.DataFrame, prefix: str, fragment: str, verb: str) -> pd.Series:
    rows = table[table["article_id"].str.startswith(prefix)
                 & table["sentence"].str.contains(fragment, regex=False) & (table["verb"] == verb)]
    assert len(rows) == 1, table[["article_id", "construction", "verb", "sentence"]].to_string()
    return rows.iloc[0]


@pytest.mark.parametrize(("prefix", "fragment", "verb", "construction", "agent", "victims"), [
    ("004", "Some 33,207 Palestinians have been killed", "killed", "passive_agentless", None,
     "Some 33,207 Palestinians"),
    ("004", "Hamas killed 1,200 people", "killed", "active", "Hamas", "1,200 people"),
    ("002", "Israeli airstrikes across Gaza killed at least 35", "killed", "active",
     "Israeli airstrikes across Gaza", "at least 35 people"),
    ("002", "Israeli airstrikes across Gaza killed at least 35", "injured", "active",
     "Israeli airstrikes across Gaza", "others"),
    ("003", "At least 22 people were killed", "killed", "passive_agentless", None,
     "At least 22 people"),
    ("000", "October 2023 attack on Israel killed 1,218 people", "killed", "active",
     "Hamas’s October 2023 attack on Israel", "1,218 people"),
    ("002", "confirmed the deaths of two soldiers", "deaths", "nominal", None, "two soldiers"),
    ("002", "nearly 38,000 deaths", "deaths", "nominal", None, "nearly 38,000 deaths"),
    ("000", "bringing the war’s total death toll", "death toll", "nominal", None, None),
    ("003", "reports of people dying", "dying", "intransitive", None, "people"),
])
def test_seed_pins(seed_agency: pd.DataFrame, prefix: str, fragment: str, verb: str,
                   construction: str, agent: str | None, victims: str | None) -> None:
    row = _row(seed_agency, prefix, fragment, verb)
    assert row["construction"] == construction
    assert (None if pd.isna(row["agent"]) else row["agent"]) == agent
    assert (None if pd.isna(row["victims"]) else row["victims"]) == victims


def test_killed_in_strikes_is_agentless_with_instrument(seed_agency: pd.DataFrame) -> None:
    row = seed_agency[seed_agency["sentence"].str.startswith("Some were killed in strikes")]
    assert row.iloc[0]["construction"] == "passive_agentless"
    assert row.iloc[0]["instrument"] == "strikes"
    assert pd.isna(row.iloc[0]["agent"])


def test_threat_to_kill_is_not_a_casualty_report(seed_agency: pd.DataFrame) -> None:
    assert not seed_agency["sentence"].str.contains("ordered its guards to kill").any()


def test_offsets_point_into_doc(seed_agency: pd.DataFrame) -> None:
    assert list(seed_agency.columns[:-1]) == AGENCY_COLUMNS
    for row in seed_agency.itertuples():
        assert row.doc[row.start:row.end] == row.sentence
        assert row.doc[row.verb_start:row.verb_end] == row.verb
    assert set(seed_agency["construction"]) <= {"active", "passive_agent", "passive_agentless",
                                                "intransitive", "nominal"}


CASES = [
    ("An Israeli airstrike on a school in Gaza City killed at least 20 people, officials said.",
     "active", "An Israeli airstrike on a school in Gaza City", "at least 20 people"),
    ("Three Palestinians were killed by Israeli fire near an aid site on Tuesday.",
     "passive_agent", "Israeli fire", "Three Palestinians"),
    ("Two soldiers were killed in a rocket attack on the base.", "passive_agentless", None,
     "Two soldiers"),
    ("Five children died of malnutrition in the past week, the ministry said.", "intransitive",
     None, "Five children"),
    ("Dozens of migrants perished when their boat capsized.", "intransitive", None,
     "Dozens of migrants"),
    ("More than 100 people lost their lives in the floods.", "intransitive", None,
     "More than 100 people"),
    ("The death toll from the earthquake rose to 2,000.", "nominal", None, None),
    ("The ministry recorded 45 deaths in the past 24 hours.", "nominal", None, "45 deaths"),
    ("Gunmen shot dead a police officer in the northern city.", "active", "Gunmen",
     "a police officer"),
    ("A police officer was shot dead in the northern city.", "passive_agentless", None,
     "A police officer"),
    ("Militants have killed 12 villagers since Sunday.", "active", "Militants", "12 villagers"),
    ("Seven people have reportedly been injured in the blast.", "passive_agentless", None,
     "Seven people"),
    ("Civilians killed by the shelling were buried on Friday.", "passive_agent", "the shelling",
     "Civilians"),
    ("Police said the attacker wounded four passers-by before he was arrested.", "active",
     "the attacker", "four passers-by"),
    ("The army said its troops killed a senior commander in the raid.", "active", "its troops",
     "a senior commander"),
    ("Casualties were reported on both sides.", "nominal", None, None),
    ("The UN condemned the killing of aid workers.", "nominal", None, "aid workers"),
    ("A drone strike hit a car, killing three men.", "active", "A drone strike", "three men"),
    ("At least 15 were wounded when a bomb exploded at a market.", "passive_agentless", None,
     "At least 15"),
    ("Hospital officials counted 30 dead and 70 wounded.", "nominal", None, "30 dead"),
    ("An elderly man died after being beaten by settlers.", "intransitive", None,
     "An elderly man"),
    ("The rebels are killing civilians indiscriminately, witnesses say.", "active", "The rebels",
     "civilians"),
    ("Israeli strikes kill 40 across Gaza", "active", "Israeli strikes", "40"),
    ("Four journalists were among those killed.", "passive_agentless", None, "those"),
    ("Two of the injured are in critical condition.", "nominal", None, "Two of the injured"),
    ("Rescuers said 18 people had been killed and 40 injured in the collapse.",
     "passive_agentless", None, "18 people"),
]


@pytest.mark.parametrize(("text", "construction", "agent", "victims"), CASES)
def test_own_cases(text: str, construction: str, agent: str | None, victims: str | None) -> None:
    first = sentence_clauses(text, LEXICON)[0]
    assert (first["construction"], first["agent"], first["victims"]) == (
        construction, agent, victims)


@pytest.mark.parametrize("text", [
    "The killer whale was spotted off the coast.",
    "Republicans threatened to kill the deal in the Senate.",
    "Senators voted to kill the bill on Thursday.",
    "Fans were killing time before the match.",
    "The group said it had ordered its guards to kill them if troops approached.",
    "Traffic could die down later in the evening.",
    "The talks reached a dead end on Monday.",
    "He was sentenced to the death penalty.",
    "Opposition leaders vowed they would kill the proposal.",
    "The movement faced a deadline to respond.",
    "The coalition killed the bill after a long debate.",
])
def test_not_casualty_reports(text: str) -> None:
    assert sentence_clauses(text, LEXICON) == []


def test_one_row_per_clause() -> None:
    rows = sentence_clauses("Strikes killed 12 people and wounded 30 others overnight.", LEXICON)
    assert [(r["verb"], r["construction"], r["agent"]) for r in rows] == [
        ("killed", "active", "Strikes"), ("wounded", "active", "Strikes")]


def test_empty_frame_has_columns() -> None:
    empty = pd.DataFrame({"article_id": ["x"], "sentence_id": [0], "start": [0], "end": [9],
                          "text": ["No deaths"]}).iloc[:0]
    assert list(classify_agency(empty, "", LEXICON).columns) == AGENCY_COLUMNS


@given(st.lists(st.sampled_from(["Killed", "12killed", "skill", "slain", "ſlain", "the", "toll",
                                  "’", "'", "-", " ", ".", "wounded", "İ", "K", "dead’s"]),
                max_size=10))
def test_screen_passes_every_sentence_with_a_first_word(words: list[str]) -> None:
    text = "".join(words)
    lowered = text.lower().replace("’", "'")
    holds_first_word = len(lowered) != len(text) or not LEXICON.starts.keys().isdisjoint(
        _TOKEN.findall(lowered))
    assert _may_report(text, LEXICON) == holds_first_word


def test_screen_is_read_from_the_first_words() -> None:
    assert LEXICON.screen.search("after the 12killed") is not None
    assert LEXICON.screen.search("talks resumed in cairo") is None
