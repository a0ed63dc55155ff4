"""One pass per article, then the cross-article steps: the tables every report reads.

``analyse`` is a pure function of one document and the loaded data files, so the same
code runs in-process, over a cache or on a cluster. Cross-article steps read its tables,
never the raw corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsprism.agency import AGENCY_COLUMNS, CasualtyTerms, classify_agency, load_casualty_terms
from newsprism.clean import LinePatterns, load_patterns
from newsprism.compare import (
    compare_figures,
    derived_checks,
    discrepancies,
    load_derived_rules,
    load_keys,
)
from newsprism.corpus import (
    ARTICLE_COLUMNS,
    DEFAULT_MAX_BYTES,
    LINE_COLUMNS,
    Document,
    Problems,
    articles_frame,
    clean_document,
    concat,
    has_article_text,
    iter_corpus,
)
from newsprism.distinctive import distinctive_terms
from newsprism.labels import LABEL_COLUMNS, Actors, find_labels, load_actors
from newsprism.numbers import NUMBER_COLUMNS, Taxonomy, extract_numbers, load_taxonomy
from newsprism.overlaps import overlaps
from newsprism.quotes import QUOTE_COLUMNS, find_quotes, quote_summary
from newsprism.readability import READABILITY_COLUMNS, readability
from newsprism.reference import (
    derived_reference_checks,
    load_reference,
    reference_checks,
    suggest_dates,
)
from newsprism.resources import data_path, file_digest
from newsprism.segment import SENTENCE_COLUMNS
from newsprism.terms import TERM_COLUMNS, Lexicon, find_terms, load_lexicon, term_rates
from newsprism.topics import TOPIC_COLUMNS, TopicLexicon, load_topics, topic_shares, topic_summary
from newsprism.voice import VoiceMap

# Per-article tables and their columns, in the order they are written.
PER_ARTICLE = {
    "lines": LINE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "numbers": NUMBER_COLUMNS,
    "labels": LABEL_COLUMNS,
    "terms": TERM_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "agency": AGENCY_COLUMNS,
    "topics": TOPIC_COLUMNS,
    "readability": READABILITY_COLUMNS,
}
# Data files the per-article pass reads: parameter name -> packaged file name.
DATA_FILES = {
    "patterns": "line_patterns.yaml",
    "taxonomy": "quantities.yaml",
    "actors": "actors.yaml",
    "lexicon": "loaded_terms.yaml",
    "casualty_terms": "casualty_terms.yaml",
    "topics": "topics.yaml",
}
# The reference series looked for beside the corpus when none is named.
DEFAULT_REFERENCE = Path("reference") / "casualties_daily.json"
# Columns of articles.csv: the article table less the full texts.
ARTICLE_TABLE_COLUMNS = [c for c in ARTICLE_COLUMNS if c not in ("raw", "doc", "text")]


@dataclass(frozen=True)
class Resources:
    """The data files the per-article analysis reads, loaded once."""

    patterns: LinePatterns
    taxonomy: Taxonomy
    actors: Actors
    lexicon: Lexicon
    casualty_terms: CasualtyTerms
    topics: TopicLexicon
    files: tuple[Path, ...]

    @classmethod
    def load(cls, **paths: str | Path | None) -> Resources:
        """Load the packaged data files, or the user's replacements named in ``DATA_FILES``."""
        unknown = set(paths) - set(DATA_FILES)
        if unknown:
            raise TypeError(f"unknown data file parameter(s): {', '.join(sorted(unknown))}")
        files = {name: Path(paths[name]) if paths.get(name) else data_path(default)
                 for name, default in DATA_FILES.items()}
        return cls(load_patterns(files["patterns"]), load_taxonomy(files["taxonomy"]),
                   load_actors(files["actors"]), load_lexicon(files["lexicon"]),
                   load_casualty_terms(files["casualty_terms"]), load_topics(files["topics"]),
                   tuple(files.values()))

    def fingerprint(self) -> str:
        """Digest of every data file: a change invalidates results that depend on it."""
        return "-".join(file_digest(path) for path in self.files)


@dataclass
class ArticleResult:
    """Every per-article table of one document, or why it was skipped."""

    article_id: str
    row: dict | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    skipped: str | None = None


def analyse(document: Document, resources: Resources) -> ArticleResult:
    """Clean, segment and measure one document."""
    row, lines, sentences = clean_document(document, resources.patterns)
    if not has_article_text(lines):
        return ArticleResult(document.article_id, None, skipped="no line reads as article prose")
    doc = document.doc
    voices = VoiceMap.build(sentences, doc)
    tables = {
        "lines": lines,
        "sentences": sentences,
        "numbers": extract_numbers(sentences, doc, resources.taxonomy),
        "labels": find_labels(sentences, doc, resources.actors, voices),
        "terms": find_terms(sentences, doc, resources.lexicon, voices),
        "quotes": find_quotes(sentences, doc, resources.actors, voices),
        "agency": classify_agency(sentences, doc, resources.casualty_terms),
        "topics": topic_shares(sentences, resources.topics),
        "readability": readability(sentences),
    }
    return ArticleResult(document.article_id, row, tables)


@dataclass
class Tables:
    """The extracted tables of a corpus, by name."""

    articles: pd.DataFrame
    problems: pd.DataFrame
    per_article: dict[str, pd.DataFrame]
    cross_article: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames()[name]

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in the order they are written."""
        return {"articles": self.articles, "problems": self.problems, **self.per_article,
                **self.cross_article}


def collect(results: Iterable[ArticleResult], problems: Problems) -> Tables:
    """Gather per-article results into corpus tables, reporting skipped documents."""
    rows: list[dict] = []
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in PER_ARTICLE}
    for result in results:
        if result.skipped:
            problems.add(result.article_id, "no_article_text", result.skipped, "skipped")
            continue
        rows.append(result.row)
        for name in PER_ARTICLE:
            parts[name].append(result.tables[name])
    per_article = {name: concat(parts[name], columns) for name, columns in PER_ARTICLE.items()}
    return Tables(articles_frame(rows, problems), problems.frame(), per_article)


def reference_series(corpus: str | Path, reference: str | Path | None) -> pd.DataFrame | None:
    """The named reference series, else the one shipped beside the corpus, else none."""
    if reference is None:
        beside = Path(corpus) / DEFAULT_REFERENCE
        reference = beside if Path(corpus).is_dir() and beside.is_file() else None
    return None if reference is None else load_reference(reference)


def cross_article(tables: Tables, reference: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Comparisons and summaries that read the per-article tables of the whole corpus."""
    articles, numbers, sentences = tables.articles, tables["numbers"], tables["sentences"]
    derived = derived_checks(numbers, load_derived_rules(), articles)
    pairs, matrix = overlaps(sentences, articles)
    result = {
        "comparison": compare_figures(numbers, articles, load_keys()),
        "discrepancies": discrepancies(numbers, articles, load_keys()),
        "derived_checks": derived,
        "term_rates": term_rates(tables["terms"], articles),
        "quote_summary": quote_summary(tables["quotes"], articles),
        "topic_summary": topic_summary(tables["topics"], sentences, load_topics()),
        "distinctive_terms": distinctive_terms(sentences, articles),
        "overlaps": pairs,
        "overlap_matrix": matrix.reset_index(names="article_id"),
    }
    if reference is not None:
        result["reference_checks"] = reference_checks(numbers, articles, reference)
        result["derived_reference_checks"] = derived_reference_checks(derived, reference)
        result["date_suggestions"] = suggest_dates(numbers, articles, reference)
    return result


def extract(corpus: str | Path, metadata: str | Path | None = None, *,
            max_bytes: int = DEFAULT_MAX_BYTES, engine: str = "pandas", scheduler=None,
            cache=None, reference: str | Path | None = None,
            **data_files: str | Path | None) -> Tables:
    """Every table of a corpus folder: per-article work in this process (``engine="pandas"``)
    or on dask (``"dask"``, at ``scheduler``), reusing ``cache`` (a folder or True)."""
    from newsprism.engines import run  # engines imports this module

    resources = Resources.load(**data_files)
    problems = Problems()
    documents = iter_corpus(corpus, metadata, problems, max_bytes)
    results = run(documents, resources, engine=engine, scheduler=scheduler, cache=cache)
    tables = collect(results, problems)
    tables.cross_article = cross_article(tables, reference_series(corpus, reference))
    return tables


def write_tables(tables: Tables, out: str | Path) -> dict[str, Path]:
    """Write every table as CSV into ``out``; returns the paths by table name."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    frames = {**tables.frames(), "articles": tables.articles[ARTICLE_TABLE_COLUMNS]}
    paths = {}
    for name, frame in frames.items():
        paths[name] = folder / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    return paths
