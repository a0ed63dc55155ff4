"""Quotes and paraphrases: speakers, groups, anonymity, continued quotes, the summary."""

from __future__ import annotations

import pandas as pd
import pytest

from framing_data import ARTICLE_ID, article, seed, span_of
from newsprism.measures.actor_labels import load_actors
from newsprism.measures.quotes import QUOTE_COLUMNS, SUMMARY_COLUMNS, quote_summary, source_group
from one_article import find_quotes

ACTORS = load_actors()

# (paragraphs, kind, text the row starts with, speaker, group, anonymous)
CASES = [
    (["“We are ready to talk,” Hamas said in a statement."], "quote", "We are ready",
     "Hamas", "hamas", False),
    (["“It is a shock,” said resident Ahmed Saleh."], "quote", "It is a shock",
     "resident Ahmed Saleh", "residents_families", False),
    (["“The first stage is agreed,” Witkoff said. “The rest will follow,” he added."],
     "quote", "The rest", "Witkoff", "us", False),
    (["“We will respond,” an Israeli official said, speaking on condition of anonymity."],
     "quote", "We will respond", "an Israeli official", "israel_government_military", True),
    (["Sources said the talks had stalled over the withdrawal."], "paraphrase",
     "the talks had stalled", "Sources", "anonymous", True),
    (["A source familiar with the talks said progress was slow."], "paraphrase",
     "progress was slow", "A source", "anonymous", True),
    (["According to UN estimates, 80 percent of Gaza is under evacuation orders."],
     "paraphrase", "According to UN estimates", "UN estimates", "un_ngo", False),
    (["“Talks will resume,” the mediators said in a joint statement.",
      "“Both sides agreed on the agenda,” the statement added."], "quote", "Both sides",
     "the mediators", "mediators", False),
    (["Witkoff posted on X: “Hamas must accept the framework.”"], "quote", "Hamas must",
     "Witkoff", "us", False),
    (["“We will not stop,” said Hamas official Bassem Naim. “The siege must end.",
      "“The occupation must end.”"], "quote", "The occupation must end",
     "Hamas official Bassem Naim", "hamas", False),
    (["“We will not stop,” said Hamas official Bassem Naim. “The siege must end.”"], "quote",
     "The siege must end", "Hamas official Bassem Naim", "hamas", False),
    (["The word “ceasefire” was never used in the text."], "quote", "ceasefire", "", "other",
     False),
    (["The health ministry said 40 people were killed overnight."], "paraphrase",
     "40 people were killed", "The health ministry", "health_authorities", False),
    (["A Hamas official told Reuters that talks had stalled again."], "paraphrase",
     "talks had stalled", "A Hamas official", "hamas", True),
    (["“I thought he would come home,” said Dana Levy, whose son is held in Gaza."], "quote",
     "I thought", "Dana Levy", "residents_families", False),
    (["The envoy, Steve Witkoff, dismissed the reply as “totally unacceptable”."], "quote",
     "totally unacceptable", "Steve Witkoff", "us", False),
    (["“There is no change,” the Hamas official, who asked not to be identified, told Reuters.",
      "Aid trucks waited at the crossing."], "quote", "There is no change", "the Hamas official",
     "hamas", True),
    # Sources the attribution finder reads whole (no widening here).
    (["Hamas on Sunday said it was ready to resume talks."], "paraphrase", "it was ready",
     "Hamas", "hamas", False),
    (["The Palestinian armed group said it had accepted the proposal."], "paraphrase",
     "it had accepted", "The Palestinian armed group", "hamas", False),
    (["“The massacre continues,” Ismail al-Thawabta told Anadolu Agency."], "quote",
     "The massacre continues", "Ismail al-Thawabta", "health_authorities", False),
    (["Ismail al-Thawabta told Anadolu Agency that 20 people had been killed."], "paraphrase",
     "20 people had been killed", "Ismail al-Thawabta", "health_authorities", False),
    (["Officials in the United States said the envoy would travel to Cairo."], "paraphrase",
     "the envoy would travel", "Officials in the United States", "us", False),
]


@pytest.mark.parametrize(("paragraphs", "kind", "starts", "speaker", "group", "anonymous"),
                         CASES)
def test_quote_cases(paragraphs: list[str], kind: str, starts: str, speaker: str, group: str,
                     anonymous: bool) -> None:
    sentences, doc = article(*paragraphs)
    found = find_quotes(sentences, doc, ACTORS)
    rows = found[(found["kind"] == kind) & found["text"].str.startswith(starts)]
    assert len(rows) == 1, found[["kind", "text"]]
    row = rows.iloc[0]
    assert (row["speaker"], row["group"], bool(row["anonymous"])) == (speaker, group, anonymous)
    assert doc[row["start"]:row["end"]] == row["text"]


def test_empty_frame_keeps_columns() -> None:
    sentences, doc = article("Rain fell on the city as markets opened.")
    found = find_quotes(sentences, doc, ACTORS)
    assert found.empty and list(found.columns) == QUOTE_COLUMNS


def test_quote_only_sentence_makes_no_paraphrase() -> None:
    sentences, doc = article("“We are ready to talk,” Hamas said in a statement.")
    assert list(find_quotes(sentences, doc, ACTORS)["kind"]) == ["quote"]


def test_seed_004_continued_quote_is_the_anonymous_hamas_official() -> None:
    sentences, doc = seed("004")
    found = find_quotes(sentences, doc, ACTORS).set_index("text")
    row = found.loc["There is no progress yet."]
    assert (row["speaker"], row["group"], bool(row["anonymous"])) == (
        "the Hamas official", "hamas", True)
    resident = found[found["speaker"] == "resident Mohammed Abou Diab"]
    assert len(resident) == 2 and set(resident["group"]) == {"residents_families"}
    assert found.loc[found.index.str.startswith("Regarding the exchange"), "anonymous"].all()


def test_seed_000_statement_added_and_he_added_resolve() -> None:
    sentences, doc = seed("000")
    found = find_quotes(sentences, doc, ACTORS)
    quotes = found[found["kind"] == "quote"].set_index("start")
    statement = quotes.loc[span_of(doc, "The two countries are also")[0]]
    assert (statement["speaker"], statement["group"]) == ("the two mediators", "mediators")
    added = quotes.loc[span_of(doc, "That is the only way")[0]]
    assert (added["speaker"], added["group"], added["cue"]) == ("Witkoff", "us", "added")
    movement = quotes.loc[span_of(doc, "The movement affirms")[0]]
    assert movement["group"] == "hamas"


def test_seed_001_named_source_with_particle_is_the_speaker() -> None:
    found = find_quotes(*seed("001"), ACTORS)
    rows = found[found["speaker"] == "Ismail al-Thawabta"]
    assert not rows.empty and set(rows["cue"]) == {"told"}


def test_seed_004_modified_noun_phrase_is_a_source() -> None:
    found = find_quotes(*seed("004"), ACTORS)
    hosts = found[found["speaker"] == "the Egyptian hosts"]
    assert list(hosts["kind"]) == ["paraphrase"] and set(hosts["group"]) == {"mediators"}


def test_seed_003_family_member_quoted_twice() -> None:
    found = find_quotes(*seed("003"), ACTORS)
    cohen = found[found["speaker"] == "Yehuda Cohen"]
    assert list(cohen["kind"]) == ["quote", "quote"]
    assert set(cohen["group"]) == {"residents_families"}


def test_quote_summary_shares_and_zero_rows() -> None:
    quotes = pd.DataFrame(
        [(ARTICLE_ID, "quote", "Hamas", "hamas", False, 30, 0, 1, 0, "", "said"),
         (ARTICLE_ID, "quote", "a source", "anonymous", True, 10, 2, 3, 1, "", "said"),
         (ARTICLE_ID, "paraphrase", "Israel", "israel_government_military", False, 5, 4, 5, 2,
          "", "said")], columns=QUOTE_COLUMNS)
    articles = pd.DataFrame({"article_id": [ARTICLE_ID, "other.txt"], "outlet": ["A", "B"]})
    summary = quote_summary(quotes, articles, list(ACTORS.groups))
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert len(summary) == 2 * 2 * len(ACTORS.groups)
    table = summary.set_index(["article_id", "kind", "group"])
    assert table.loc[(ARTICLE_ID, "quote", "hamas"), "share"] == pytest.approx(0.75)
    assert table.loc[(ARTICLE_ID, "quote", "anonymous"), "anonymous"] == 1
    assert table.loc[(ARTICLE_ID, "paraphrase", "israel_government_military"), "share"] == 1.0
    assert table.loc[("other.txt", "quote", "hamas"), "count"] == 0


@pytest.mark.parametrize(("source", "sentence", "group"), [
    ("Mahmoud Bassal", "At least 22 people were killed, said Mahmoud Bassal, a spokesman for "
     "the civil defence agency.", "health_authorities"),
    ("Yusuf Khalil", "Four died, said Yusuf Khalil, a spokesman for the civil defence agency.",
     "health_authorities"),
    ("officials", "Ten would be freed, according to officials who spoke on condition of "
     "anonymity.", "anonymous"),
    ("Yusuf Khalil", "Four died, Yusuf Khalil said.", "other"),
])
def test_a_figures_source_is_grouped_as_a_speaker(source: str, sentence: str, group: str
                                                  ) -> None:
    assert source_group(source, sentence, ACTORS) == group
