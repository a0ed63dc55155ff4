"""The command line: help, extract's tables and summary, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from gold_data import SEEDS
from newsprism.cli import main


def test_help_documents_extract() -> None:
    result = subprocess.run([sys.executable, "-m", "newsprism.cli", "--help"],
                            capture_output=True, text=True, check=True)
    assert "extract" in result.stdout


def test_extract_writes_tables_and_summary(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(SEEDS), "--out", str(tmp_path)]) == 0
    summary = capsys.readouterr().out.strip().splitlines()
    assert len(summary) == 1 and summary[0].startswith("5 articles, 154 lines")
    lines = pd.read_csv(tmp_path / "lines.csv")
    assert list(lines.columns[:5]) == ["article_id", "line", "label", "reason", "text"]
    assert lines["line"].min() == 1
    articles = pd.read_csv(tmp_path / "articles.csv")
    assert "raw" not in articles.columns and len(articles) == 5


def test_extract_reports_problems_on_stderr(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text((SEEDS / "004_4f99d01e388c12ef.txt").read_text("utf-8"),
                                  encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    assert main(["extract", str(corpus), "--out", str(tmp_path / "out")]) == 0
    assert "empty.txt: empty" in capsys.readouterr().err
    problems = pd.read_csv(tmp_path / "out" / "problems.csv")
    assert problems["file"].tolist() == ["empty.txt"]


def test_missing_corpus_exits_with_an_error(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(tmp_path / "absent"), "--out", str(tmp_path)]) == 2
    assert "corpus not found" in capsys.readouterr().err
