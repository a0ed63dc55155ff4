"""One pass per article, then the cross-article steps: the tables every report reads.

``analyse`` is a pure function of one document and the loaded data files, so the same
code runs in-process, over a cache or on a cluster. Cross-article steps read its tables,
never the raw corpus.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from pandas.api.types import union_categoricals

from newsprism.agency import AGENCY_COLUMNS, CasualtyTerms, agency_rows, load_casualty_terms
from newsprism.clean import LinePatterns, load_patterns
from newsprism.compare import (
    SHARED_TEXT,
    comparison_rows,
    conflict_links,
    figure_discrepancies,
    flag_rows,
    load_keys,
    ordered_figures,
)
from newsprism.corpus import (
    ARTICLE_COLUMNS,
    DEFAULT_MAX_BYTES,
    LINE_COLUMNS,
    NO_ARTICLE_TEXT,
    NO_PROSE,
    Document,
    Problems,
    articles_frame,
    clean_document,
    has_article_text,
    iter_corpus,
    table_frame,
)
from newsprism.csvwrite import write_file, write_frame
from newsprism.derived import derived_checks, load_derived_rules
from newsprism.distinctive import distinctive_terms
from newsprism.labels import LABEL_COLUMNS, Actors, label_rows, load_actors
from newsprism.memory import release_memory
from newsprism.numbers import NUMBER_COLUMNS, Taxonomy, load_taxonomy, number_rows
from newsprism.overlaps import comparable, find_pairs, shared_sentences
from newsprism.quotes import QUOTE_COLUMNS, quote_rows, quote_summary, quotes_frame
from newsprism.readability import READABILITY_COLUMNS, readability_row
from newsprism.reference import (
    derived_reference_checks,
    load_reference,
    reference_checks,
    suggest_dates,
)
from newsprism.resources import data_path, file_digest
from newsprism.rows import row_columns
from newsprism.segment import SENTENCE_COLUMNS
from newsprism.terms import TERM_COLUMNS, Lexicon, load_lexicon, term_rates, term_rows
from newsprism.topics import TOPIC_COLUMNS, TopicLexicon, load_topics, topic_rows, topic_summary
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
# Per-article tables built with fixed dtypes rather than inferred ones.
TYPED_FRAMES: dict[str, Callable[[list[tuple]], pd.DataFrame]] = {"quotes": quotes_frame}
# Data files the per-article pass reads: parameter name -> packaged file name.
DATA_FILES = {
    "patterns": "line_patterns.yaml",
    "taxonomy": "quantities.yaml",
    "actors": "actors.yaml",
    "lexicon": "loaded_terms.yaml",
    "casualty_terms": "casualty_terms.yaml",
    "topics": "topics.yaml",
}
# Cross-article tables in the order they are written (the last three need a reference series).
CROSS_ARTICLE = ("comparison", "discrepancies", "derived_checks", "term_rates", "quote_summary",
                 "topic_summary", "distinctive_terms", "overlaps", "article_overlaps",
                 "reference_checks", "derived_reference_checks", "date_suggestions")
# Columns of the per-article tables the cross-article steps read (None: every column).
CROSS_INPUTS = {"numbers": None, "terms": ["article_id", "category", "voice"],
                "quotes": ["article_id", "kind", "group", "words", "anonymous"],
                "topics": ["article_id", "sentence_id", "topic"],
                "sentences": ["article_id", "sentence_id", "start", "end", "text"]}
# Columns read back as categories, each distinct value held once: ids and labels, and the
# sentence text many figures share.
CROSS_CATEGORIES = {"numbers": SHARED_TEXT, "terms": ("article_id", "category", "voice"),
                    "quotes": ("article_id", "kind", "group"), "topics": ("article_id", "topic")}
# Rows parsed at a time when a per-article table is read back for the cross-article steps.
READ_ROWS = 50_000
# Why a document has no rows (the ``problem`` of its problems-table row), and what was done.
ANALYSIS_FAILED = "analysis_failed"
SKIP_ACTIONS = {ANALYSIS_FAILED: "skipped; please report it with the file"}
_PACKAGE = Path(__file__).resolve().parent
# A cross-article step's table: one frame, or blocks of rows written one after another.
Step = pd.DataFrame | Iterator[pd.DataFrame]
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
    """Every per-article table of one document as rows (``PER_ARTICLE`` column order), or why
    it was skipped: ``problem`` names the kind, ``skipped`` the detail. Rows, not frames:
    frames are built once per chunk (``collect``)."""

    article_id: str
    row: dict | None
    tables: dict[str, list[tuple]] = field(default_factory=dict)
    skipped: str | None = None
    problem: str | None = None


def analyse(document: Document, resources: Resources) -> ArticleResult:
    """Clean, segment and measure one document."""
    row, lines, sentence_rows = clean_document(document, resources.patterns)
    if not has_article_text(lines):
        return ArticleResult(document.article_id, None, skipped=NO_PROSE, problem=NO_ARTICLE_TEXT)
    doc = document.doc
    sentences = row_columns(sentence_rows, SENTENCE_COLUMNS)
    voices = VoiceMap.build(sentences, doc)
    tables = {
        "lines": lines,
        "sentences": sentence_rows,
        "numbers": number_rows(sentences, doc, resources.taxonomy, voices),
        "labels": label_rows(sentences, doc, resources.actors, voices),
        "terms": term_rows(sentences, doc, resources.lexicon, voices),
        "quotes": quote_rows(sentences, doc, resources.actors, voices),
        "agency": agency_rows(sentences, doc, resources.casualty_terms),
        "topics": topic_rows(sentences, resources.topics),
        "readability": [readability_row(document.article_id, sentences["text"])],
    }
    return ArticleResult(document.article_id, row, tables)


def analyse_or_report(document: Document, resources: Resources) -> ArticleResult:
    """:func:`analyse`, with an error raised on one document reported as its problem
    (``analysis_failed``: the error and where it was raised) instead of ending the run.
    Running out of memory is no one article's problem: that error still ends the run."""
    try:
        return analyse(document, resources)
    except MemoryError:
        raise
    except Exception as error:  # one odd article must not cost the rest of the corpus
        return ArticleResult(document.article_id, None, skipped=failure_detail(error),
                             problem=ANALYSIS_FAILED)


def failure_detail(error: BaseException) -> str:
    """``Type: message (at file:line)``: the innermost newsprism line the error passed
    through, and the line that raised it when that lies elsewhere (a library's)."""
    frames = [(Path(frame.f_code.co_filename).resolve(), line)
              for frame, line in traceback.walk_tb(error.__traceback__)]
    places = [place for place in frames if place[0].parent == _PACKAGE][-1:]
    if frames and frames[-1:] != places:
        places.append(frames[-1])
    where = ", raised at ".join(f"{path.name}:{line}" for path, line in places)
    return f"{type(error).__name__}: {error}" + (f" (at {where})" if where else "")


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
    parts: dict[str, list[tuple]] = {name: [] for name in PER_ARTICLE}
    for result in results:
        if result.skipped:
            problems.add(result.article_id, result.problem, result.skipped,
                         SKIP_ACTIONS.get(result.problem, "skipped"))
            continue
        rows.append(result.row)
        for name in PER_ARTICLE:
            parts[name].extend(result.tables[name])
    per_article = {name: per_article_frame(name, parts[name]) for name in PER_ARTICLE}
    return Tables(articles_frame(rows, problems), problems.frame(), per_article)


def per_article_frame(name: str, rows: list[tuple]) -> pd.DataFrame:
    """Per-article table ``name`` of many articles from their rows."""
    build = TYPED_FRAMES.get(name)
    return build(rows) if build else table_frame(rows, PER_ARTICLE[name])


def reference_series(corpus: str | Path, reference: str | Path | None) -> pd.DataFrame | None:
    """The named reference series, else the one shipped beside the corpus, else none."""
    if reference is None:
        beside = Path(corpus) / DEFAULT_REFERENCE
        reference = beside if Path(corpus).is_dir() and beside.is_file() else None
    return None if reference is None else load_reference(reference)


def cross_article(tables: Tables, reference: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Comparisons and summaries that read the per-article tables of the whole corpus."""
    found = {name: whole(step)
             for name, step in cross_article_steps(tables.__getitem__, tables.articles, reference)}
    return {name: found[name] for name in CROSS_ARTICLE if name in found}


def cross_article_steps(table: Callable[[str], pd.DataFrame], articles: pd.DataFrame,
                        reference: pd.DataFrame | None) -> Iterator[tuple[str, Step]]:
    """Each cross-article table by name, asking ``table`` for a per-article table only when a
    step needs it and dropping it after, so a streamed run holds one input at a time. A
    step's blocks must be used up before the next step is asked for."""
    figs = ordered_figures(table("numbers"), articles, load_keys())
    rows = comparison_rows(figs)
    links = conflict_links(rows)
    yield "discrepancies", links.collect(figure_discrepancies(figs))
    del figs
    yield "comparison", flag_rows(rows, links)
    del rows, links
    numbers = table("numbers")  # read again: not held while the figures were paired
    derived = derived_checks(numbers, load_derived_rules(), articles)
    yield "derived_checks", derived
    if reference is not None:
        yield "reference_checks", reference_checks(numbers, articles, reference)
        yield "derived_reference_checks", derived_reference_checks(derived, reference)
        yield "date_suggestions", suggest_dates(numbers, articles, reference)
    del numbers, derived
    yield "term_rates", term_rates(table("terms"), articles)
    yield "quote_summary", quote_summary(table("quotes"), articles)
    sentences = table("sentences")
    yield "topic_summary", topic_summary(table("topics"), sentences, load_topics())
    yield "distinctive_terms", distinctive_terms(sentences, articles)
    found = comparable(sentences)
    del sentences  # not held while pairing: read again for the rows' text
    pairs = find_pairs(found)
    del found
    yield "overlaps", pairs.with_text(table("sentences")).blocks()
    yield "article_overlaps", shared_sentences(pairs, articles).blocks()


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
        write_file(frame, paths[name])
    return paths


def extract_to(corpus: str | Path, out: str | Path, metadata: str | Path | None = None, *,
               max_bytes: int = DEFAULT_MAX_BYTES, engine: str = "pandas", scheduler=None,
               cache=None, reference: str | Path | None = None, chunk_size: int | None = None,
               **data_files: str | Path | None) -> dict[str, Path]:
    """Every table of a corpus written as CSV into ``out`` with bounded memory: the same files
    as ``write_tables(extract(...), out)``, the per-article ones streamed ``chunk_size``
    articles at a time, the cross-article ones computed from what was written."""
    from newsprism.engines import CHUNK_SIZE, stream_tables  # engines imports this module

    resources = Resources.load(**data_files)
    paths = stream_tables(corpus, out, metadata, resources=resources, max_bytes=max_bytes,
                          engine=engine, scheduler=scheduler, cache=cache,
                          chunk_size=chunk_size or CHUNK_SIZE)
    paths.update(write_cross_article(paths, out, reference_series(corpus, reference)))
    return {name: paths[name] for name in
            ("articles", "problems", *PER_ARTICLE, *CROSS_ARTICLE) if name in paths}


def write_cross_article(paths: dict[str, Path], out: str | Path,
                        reference: pd.DataFrame | None,
                        on_step: Callable[[str, float], None] | None = None) -> dict[str, Path]:
    """Compute the cross-article tables from written per-article tables (``paths`` by name),
    reading one input at a time, and write each into ``out``, handing freed memory back
    after each step (and first, after the per-article pass); ``on_step`` is told each
    step's name and seconds."""
    release_memory()
    articles = read_articles(paths["articles"])
    steps = cross_article_steps(
        lambda name: read_table(paths[name], CROSS_INPUTS[name], CROSS_CATEGORIES.get(name, ())),
        articles, reference)
    written = {}
    started = time.perf_counter()
    for name, step in steps:
        written[name] = Path(out) / f"{name}.csv"
        write_csv(step, written[name])
        del step
        release_memory()
        if on_step is not None:
            on_step(name, time.perf_counter() - started)
        started = time.perf_counter()
    return written


def whole(step: Step) -> pd.DataFrame:
    """A step's table in one frame."""
    return step if isinstance(step, pd.DataFrame) else pd.concat(list(step), ignore_index=True)


def write_csv(step: Step, path: Path) -> None:
    """Write a step's table, or its blocks one after another, as one CSV file."""
    blocks = [step] if isinstance(step, pd.DataFrame) else step
    with path.open("wb") as handle:
        for number, block in enumerate(blocks):
            write_frame(block, handle, header=number == 0)


def read_articles(path: str | Path) -> pd.DataFrame:
    """articles.csv read back: text columns as strings (empty kept empty), dates as dates."""
    text = [c for c in ARTICLE_TABLE_COLUMNS if c not in ("published", "words", "sentences")]
    frame = pd.read_csv(path, dtype=dict.fromkeys(text, "str"), keep_default_na=False,
                        na_values={"words": [""], "sentences": [""]})
    return frame.assign(published=pd.to_datetime(frame["published"].replace("", None)))


def read_table(path: str | Path, columns: list[str] | None = None,
               categories: Sequence[str] = ()) -> pd.DataFrame:
    """A per-article table read back from CSV (only ``columns`` when given); ids as strings;
    the ``categories`` columns it has as categories (each distinct text held once).

    Read ``READ_ROWS`` rows at a time: the parser's buffers for a whole large file cost
    several times the table itself. A column typed differently in two chunks (all empty in
    one) is typed again over the whole table, as a single read would. Category columns are
    converted chunk by chunk, so their full text is never held, with sorted categories.
    """
    chunks = [_categorised(chunk, categories) for chunk in pd.read_csv(
        path, usecols=columns, dtype={"article_id": "str"}, chunksize=READ_ROWS)]
    order = list(chunks[0].columns)
    shared = {c: union_categoricals([chunk.pop(c) for chunk in chunks], sort_categories=True)
              for c in categories if c in order}
    return pd.concat(chunks, ignore_index=True).infer_objects().assign(**shared)[order]


def _categorised(chunk: pd.DataFrame, categories: Sequence[str]) -> pd.DataFrame:
    """``chunk`` with those of ``categories`` it has as categories of strings (an all-empty
    column too, so that every chunk's categories can be joined)."""
    present = [c for c in categories if c in chunk.columns]
    return chunk.astype(dict.fromkeys(present, "str")).astype(dict.fromkeys(present, "category"))
