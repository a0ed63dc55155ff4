"""Readability: formulas, the offline CMU corpus build, and a no-network run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from gold_data import SEEDS
from newsprism.clean.document import read_corpus
from newsprism.measures.readability import (
    READABILITY_COLUMNS,
    build_cmudict,
    ensure_cmudict,
    nltk_cmudict_lines,
    scores,
    text_counts,
)
from one_article import readability


def test_cmudict_lines_in_nltk_format() -> None:
    lines = ["abandon AH0 B AE1 N D AH0 N\n", "accent(2) AE1 K S EH2 N T\n",
             "aalborg AO1 L B AO0 R G # place, danish\n", "\n"]
    assert list(nltk_cmudict_lines(lines)) == [
        "ABANDON 1 AH0 B AE1 N D AH0 N\n", "ACCENT 2 AE1 K S EH2 N T\n",
        "AALBORG 1 AO1 L B AO0 R G\n"]


def test_built_corpus_reads_through_nltk(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import nltk
    from nltk.corpus.reader import CMUDictCorpusReader

    monkeypatch.setattr(nltk.data, "path", [])
    assert ensure_cmudict(tmp_path) == tmp_path
    assert nltk.data.path == [str(tmp_path)]
    folder = tmp_path / "corpora" / "cmudict"
    assert (folder / "README").is_file()
    entries = CMUDictCorpusReader(str(nltk.data.find("corpora/cmudict")), ["cmudict"]).dict()
    assert entries["negotiation"][0][-1] == "N"
    assert len(entries) > 100_000
    assert build_cmudict(tmp_path) == folder  # second call reuses it
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".cmudict-")]


def test_scores_from_counts() -> None:
    result = scores({"sentences": 2, "words": 20, "syllables": 30, "complex_words": 2})
    assert result["words_per_sentence"] == 10
    assert result["flesch_reading_ease"] == pytest.approx(206.835 - 10.15 - 84.6 * 1.5)
    assert result["flesch_kincaid_grade"] == pytest.approx(3.9 + 17.7 - 15.59)
    assert result["gunning_fog"] == pytest.approx(0.4 * (10 + 10))


def _table(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"article_id": "a", "sentence_id": range(len(texts)),
                         "label": "body", "text": texts})


def test_plain_text_reads_easier_than_dense_text() -> None:
    plain = readability(_table(["The cat sat on the mat.", "It was a big cat."]))
    dense = readability(_table([
        "Intergovernmental negotiations concerning humanitarian accessibility deteriorated "
        "considerably amid unprecedented international condemnation."]))
    assert list(plain.columns) == READABILITY_COLUMNS
    assert plain.loc[0, "words_per_sentence"] == 5.5
    assert plain.loc[0, "flesch_reading_ease"] > dense.loc[0, "flesch_reading_ease"]
    assert dense.loc[0, "gunning_fog"] > plain.loc[0, "gunning_fog"]


def test_seed_articles() -> None:
    corpus = read_corpus(SEEDS)
    table = readability(corpus.sentences)
    assert list(table["article_id"]) == list(corpus.articles["article_id"])
    assert (table["sentences"] == corpus.articles["sentences"].to_numpy()).all()
    assert table["flesch_kincaid_grade"].between(8, 20).all()
    body = readability(corpus.sentences, labels=["body"])
    assert (body["sentences"] <= table["sentences"]).all()


def test_counts_are_textstats_on_the_joined_text() -> None:
    """Word-by-word counting gives textstat's whole-text counts, contractions and all."""
    import textstat

    ensure_cmudict()
    tricky = ["They're in Gaza's south; 'no deal' yet, officials SAID.",
              "A 42-day truce — “phase one” — began at 08:30 on Jan. 19, 2025.",
              "Qatar's and Egypt's mediators couldn't say; the IDF's Lt.-Col. didn't."]
    texts = [tricky, *(group["text"].tolist() for _, group in
                       read_corpus(SEEDS).sentences.groupby("article_id", sort=False))]
    for sentences in texts:
        joined = "\n".join(sentences)
        assert text_counts(sentences) == {
            "sentences": len(sentences), "words": textstat.lexicon_count(joined),
            "syllables": textstat.syllable_count(joined),
            "complex_words": textstat.difficult_words(joined, syllable_threshold=3,
                                                      unique=False)}


OFFLINE = textwrap.dedent("""
    import socket, sys
    import nltk

    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    socket.socket.connect = refuse
    socket.create_connection = refuse
    nltk.download = refuse
    nltk.data.path[:] = []
    from newsprism.measures.readability import READABILITY_COLUMNS, readability_row
    row = readability_row("a", ["Negotiators met in Cairo.", "No progress was reported."])
    print(dict(zip(READABILITY_COLUMNS, row))["syllables"])
""")


def test_runs_offline_with_empty_cache(tmp_path: Path) -> None:
    cache = tmp_path / "nltk"
    env = {**os.environ, "NEWSPRISM_NLTK_DATA": str(cache), "HOME": str(tmp_path),
           "NLTK_DATA": str(tmp_path / "none")}
    done = subprocess.run([sys.executable, "-c", OFFLINE], env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    # ne-go-ti-a-tors met in cai-ro: 9; no pro-gress was re-port-ed: 7
    assert int(done.stdout.strip()) == 16
    assert (cache / "corpora" / "cmudict" / "cmudict").is_file()
