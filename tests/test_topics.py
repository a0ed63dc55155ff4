"""Topic emphasis: lexicon matching rules, seed pins, per-article shares."""

from __future__ import annotations

import pandas as pd
import pytest

from gold_data import SEEDS
from newsprism.clean.document import read_corpus
from newsprism.measures.topics import (
    SUMMARY_COLUMNS,
    TOPIC_COLUMNS,
    compile_terms,
    load_topics,
    topic_summary,
)
from one_article import topic_shares

LEXICON = load_topics()


def _topics(text: str) -> set[str]:
    table = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0],
                          "end": [len(text)], "text": [text]})
    return set(topic_shares(table, LEXICON)["topic"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Mediators said the truce proposal would be discussed in Doha.", {"negotiations"}),
    ("Tanks pushed into the eastern districts under heavy artillery fire.", {"military"}),
    ("Aid agencies warned of famine as fuel for hospitals ran out.", {"humanitarian"}),
    ("Families of the hostages rallied outside the prime minister's office.",
     {"hostages_prisoners", "politics"}),
    ("At least 40 people were killed overnight, medics said.", {"casualties"}),
    ("The coalition could collapse if the far-right parties quit the government.", {"politics"}),
    ("The UN Security Council condemned the strike.", {"international_reaction", "military"}),
    ("The ICC prosecutor sought arrest warrants for war crimes.", {"legal"}),
    ("Prisoners were freed in exchange for hostages under the ceasefire deal.",
     {"hostages_prisoners", "negotiations"}),
    ("A killer whale was seen near the harbour.", set()),
    ("Opponents vowed to kill the deal.", {"negotiations"}),
    ("The talks reached a dead end.", {"negotiations"}),
    ("She moved to the un-named village.", set()),
    ("According to officials, the rain stopped.", set()),
])
def test_sentence_topics(text: str, expected: set[str]) -> None:
    assert _topics(text) == expected


def test_capital_terms_are_case_sensitive() -> None:
    pattern = compile_terms(["UN", "truce"])
    assert pattern.search("the UN said") and pattern.search("a TRUCE")
    assert not pattern.search("un-named") and not pattern.search("a fun day")


def test_unknown_frame_is_rejected(tmp_path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text("frames: {political: Political}\n"
                    "topics: {x: {frame: nonsense, terms: [a]}}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown frame"):
        load_topics(path)


@pytest.fixture(scope="module")
def seed_topics() -> tuple[pd.DataFrame, pd.DataFrame]:
    corpus = read_corpus(SEEDS)
    return corpus.sentences, topic_shares(corpus.sentences, LEXICON)


def test_seed_pins(seed_topics) -> None:
    sentences, topics = seed_topics
    assert list(topics.columns) == TOPIC_COLUMNS
    merged = topics.merge(sentences, on=["article_id", "sentence_id", "start", "end"])
    def topics_of(fragment: str) -> set[str]:
        return set(merged.loc[merged["text"].str.contains(fragment, regex=False), "topic"])
    assert "casualties" in topics_of("Some 33,207 Palestinians have been killed")
    assert "negotiations" in topics_of("immediately begin a round of indirect negotiations")
    assert "hostages_prisoners" in topics_of("251 hostages were taken into Gaza")
    assert "humanitarian" in topics_of("Humanitarian aid remains limited")
    assert "military" in topics_of("deployed its entire standing infantry")


def test_summary_shares(seed_topics) -> None:
    sentences, topics = seed_topics
    summary = topic_summary(topics, sentences, LEXICON)
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert len(summary) == sentences["article_id"].nunique() * len(LEXICON.topics)
    assert summary["share"].between(0, 1).all()
    first = summary[(summary["article_id"].str.startswith("001"))
                    & (summary["topic"] == "casualties")].iloc[0]
    assert first["sentences"] == 0 and first["content_sentences"] == 28
    frames = topic_summary(topics, sentences, LEXICON, by="frame")
    assert set(frames["frame"]) == {t.frame for t in LEXICON.topics}
    with pytest.raises(ValueError):
        topic_summary(topics, sentences, LEXICON, by="outlet")
