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
    agency_rows,
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
    ("000", "bringing the war’s total death toll", "death toll", "nominal", None, "54,418"),
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
    ("The death toll from the earthquake rose to 2,000.", "nominal", None, "2,000"),
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
    ("Four journalists were among those killed.", "passive_agentless", None, "Four journalists"),
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


# Clauses read the same way on any page: each counts its figure (the numeral read), whatever
# the construction that carries it.
LINKED = [
    ("The number of Palestinians killed in Gaza since the war began has reached 41,000.",
     "killed", "nominal", None, "41,000"),
    ("The tally of injured since October has climbed to more than 90,500, the office said.",
     "injured", "nominal", None, "90,500"),
    ("The toll could exceed 80,000 once the rubble is cleared.", "toll", "nominal", None,
     "80,000"),
    ("The toll rose to 3,412, with 14,870 wounded.", "wounded", "nominal", None, "14,870"),
    ("Hospitals took in 31 dead and 96 injured overnight.", "injured", "nominal", None, "96"),
    ("The bombardment left 52 martyrs and 140 injured in Jabalia.", "martyrs", "nominal", None,
     "52"),
    ("A surge in raids claimed 23 lives in the camp.", "lives", "active", "A surge in raids",
     "23"),
    ("Officials fear as many as 400 people could die within weeks.", "die", "intransitive", None,
     "400"),
    ("Nine people, including four women, were hurt in the blast.", "hurt", "passive_agentless",
     None, "Nine"),
    ("Seven medics were among those killed in the strike.", "killed", "passive_agentless", None,
     "Seven"),
    ("An aid convoy was hit, and 11 people were killed and 30 wounded.", "wounded",
     "passive_agentless", None, "30"),
    ("The forces have martyred 95 Palestinians this week, the agency said.", "martyred",
     "active", "The forces", "95"),
]


@pytest.mark.parametrize(("text", "verb", "construction", "agent", "count"), LINKED)
def test_clauses_count_their_figure(text: str, verb: str, construction: str, agent: str | None,
                                    count: str) -> None:
    clause = next(c for c in sentence_clauses(text, LEXICON) if c["verb"] == verb)
    assert (clause["construction"], clause["agent"]) == (construction, agent)
    assert text[clause["count_start"]:clause["count_end"]] == count


def test_a_carried_total_is_a_nominal_clause_and_a_count_once() -> None:
    text = ("The ministry recorded 38 deaths over the past day, taking the overall count since "
            "the war began to 52,243.")
    clauses = sentence_clauses(text, LEXICON)
    assert [(c["verb"], text[c["count_start"]:c["count_end"]]) for c in clauses] == [
        ("deaths", "38"), ("count", "52,243")]
    toll = sentence_clauses("The toll had climbed to 26,751 martyrs since October.", LEXICON)
    assert [c["verb"] for c in toll] == ["toll"]  # "martyrs" counts the same figure


def test_what_is_no_casualty_count() -> None:
    massacres = sentence_clauses("The army committed seven massacres in Gaza.", LEXICON)
    assert [(c["construction"], c["count_start"]) for c in massacres] == [("nominal", None)]
    assert sentence_clauses("Hamas returned the bodies of 13 of the 28 dead hostages.",
                            LEXICON) == []
    assert sentence_clauses("Gaza Health Ministry: martyr toll rises to 26,902", LEXICON)[0][
        "verb"] == "toll"
    assert sentence_clauses("A number of people were killed.", LEXICON)[0][
        "construction"] == "passive_agentless"


def test_agency_rows_name_the_figure_they_count() -> None:
    text = "Israeli strikes killed at least 40 people and wounded 107 others, medics said."
    table = {"article_id": ["a"], "sentence_id": [0], "start": [5], "end": [5 + len(text)]}
    doc = "Head " + text
    figures = [(5 + text.index("at least"), 5 + text.index(" and")),
               (5 + text.index("107"), 5 + text.index(","))]
    rows = [dict(zip(AGENCY_COLUMNS, row, strict=True))
            for row in agency_rows(table, doc, LEXICON, figures)]
    assert [(r["verb"], r["figure_start"], r["figure_end"]) for r in rows] == [
        ("killed", *figures[0]), ("wounded", *figures[1])]
    bare = agency_rows(table, doc, LEXICON)
    assert all(row[AGENCY_COLUMNS.index("figure_start")] is None for row in bare)
