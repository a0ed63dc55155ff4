"""The whole extract: every article analysed, then the cross-article steps, then the export.

The per-article tables are written to Parquet a chunk of articles at a time (bounded
memory); the cross-article steps read them back one at a time, column-selected, and write
their own tables; finally every table gets its CSV export. ``extract`` does the same in
memory for a notebook or a test.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa

from newsprism.compare.comparison import (
    KEYED_COLUMNS,
    SHARED_TEXT,
    comparison_rows,
    conflict_links,
    figure_discrepancies,
    flag_rows,
    load_keys,
    ordered_figures,
)
from newsprism.compare.derived import derived_checks, load_derived_rules
from newsprism.compare.distinctive import distinctive_terms
from newsprism.compare.intervals import (
    agentless_units,
    bootstrap,
    group_differences,
    matching_units,
    quote_units,
    rate_intervals,
    term_units,
    topic_units,
    with_groups,
)
from newsprism.compare.overlaps import comparable, find_pairs, shared_sentences
from newsprism.compare.reference import (
    derived_reference_checks,
    load_reference,
    reference_checks,
    suggest_dates,
)
from newsprism.ingest.corpus import Problems, iter_corpus
from newsprism.measures.quotes import quote_summary
from newsprism.measures.terms import term_rates
from newsprism.measures.topics import load_topics, topic_summary
from newsprism.options import DataFiles, Options
from newsprism.run.analyse import collect
from newsprism.run.apart import stream_apart
from newsprism.run.engines import run
from newsprism.tables import (
    CROSS_ARTICLE,
    TABLES,
    Tables,
    export_csv,
    read_batches,
    read_rows,
    read_table,
    write_table,
)

# Columns of the per-article tables the cross-article steps read (None: every column).
CROSS_INPUTS = {"numbers": KEYED_COLUMNS, "terms": ["article_id", "category", "voice"],
                "agency": ["article_id", "construction"],
                "quotes": ["article_id", "kind", "group", "words", "anonymous"],
                "topics": ["article_id", "sentence_id", "topic"],
                "sentences": ["article_id", "sentence_id", "start", "end", "text"]}
# Columns read back as categories, each distinct value held once: ids and labels, and the
# sentence text many figures share.
CROSS_CATEGORIES = {"numbers": SHARED_TEXT, "terms": ("article_id", "category", "voice"),
                    "quotes": ("article_id", "kind", "group"), "topics": ("article_id", "topic"),
                    "sentences": ("article_id",)}
# A cross-article step's table: one frame, or blocks of rows written one after another.
Step = pd.DataFrame | Iterator[pd.DataFrame]
# The reference series looked for beside the corpus when none is named.
DEFAULT_REFERENCE = Path("reference") / "casualties_daily.json"


def reference_series(corpus: str | Path, options: Options | None = None
                     ) -> pd.DataFrame | None:
    """The series ``options.reference`` names, else the one shipped beside the corpus, else
    none."""
    reference = (options or Options()).reference
    if reference is None:
        beside = Path(corpus) / DEFAULT_REFERENCE
        reference = beside if Path(corpus).is_dir() and beside.is_file() else None
    return None if reference is None else load_reference(reference)


class Inputs(Protocol):
    """Where the cross-article steps read the per-article tables: whole (the columns
    ``CROSS_INPUTS`` names, or fewer), a block of rows at a time, or only some rows."""

    def frame(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The table ``name``: the columns the steps read, or only ``columns``."""

    def blocks(self, name: str, columns: Sequence[str]) -> Iterable[pd.DataFrame]:
        """The table ``name``'s ``columns``, a block of rows at a time."""

    def rows(self, name: str, columns: Sequence[str], positions: np.ndarray) -> pd.DataFrame:
        """The rows of ``name`` at ``positions`` (sorted, distinct)."""


@dataclass(frozen=True)
class HeldInputs:
    """Per-article tables held in memory."""

    tables: Tables

    def frame(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The table ``name``, or only its ``columns``."""
        table = self.tables[name]
        return table if columns is None else table[list(columns)]

    def blocks(self, name: str, columns: Sequence[str]) -> Iterable[pd.DataFrame]:
        """The table ``name``'s ``columns`` as one block."""
        return [self.frame(name, columns)]

    def rows(self, name: str, columns: Sequence[str], positions: np.ndarray) -> pd.DataFrame:
        """The rows of ``name`` at ``positions``."""
        return self.frame(name, columns).take(positions).reset_index(drop=True)


@dataclass(frozen=True)
class WrittenInputs:
    """Per-article tables written as Parquet in ``folder``, read column-selected, the
    columns ``CROSS_CATEGORIES`` names as categories."""

    folder: Path

    def frame(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The table ``name``: the columns the steps read, or only ``columns``."""
        return read_table(self.folder, name, CROSS_INPUTS[name] if columns is None else columns,
                          CROSS_CATEGORIES.get(name, ()))

    def blocks(self, name: str, columns: Sequence[str]) -> Iterable[pd.DataFrame]:
        """The table ``name``'s ``columns``, ``BATCH_ROWS`` rows at a time."""
        return read_batches(self.folder, name, columns)

    def rows(self, name: str, columns: Sequence[str], positions: np.ndarray) -> pd.DataFrame:
        """The rows of ``name`` at ``positions``, only the row groups holding them read."""
        return read_rows(self.folder, name, columns, positions)


def cross_article_steps(inputs: Inputs, articles: pd.DataFrame,
                        reference: pd.DataFrame | None) -> Iterator[tuple[str, Step]]:
    """Each cross-article table by name, reading a per-article table from ``inputs`` only
    when a step needs it. Each group of steps is its own generator, so what one group holds
    is freed before the next starts and a streamed run holds one input at a time; the
    sentences' text is read a block at a time, never whole. A step's blocks must be used up
    before the next step is asked for."""
    table = inputs.frame
    yield from _figure_steps(table, articles)
    checks = yield from _arithmetic_steps(table("numbers"), articles, reference)
    units = yield from _summary_steps(table, articles, checks)
    yield from _interval_steps(units)
    yield "distinctive_terms", distinctive_terms(
        inputs.blocks("sentences", ["article_id", "text"]), articles)
    yield from _overlap_steps(inputs, articles)


def _figure_steps(table: Callable[..., pd.DataFrame], articles: pd.DataFrame
                  ) -> Iterator[tuple[str, Step]]:
    """The figures of a key paired across articles: discrepancies, then the comparison."""
    figs = ordered_figures(table("numbers"), articles, load_keys())
    rows = comparison_rows(figs)
    links = conflict_links(rows)
    yield "discrepancies", links.collect(figure_discrepancies(figs))
    del figs  # the comparison needs only its rows: one figure per key and article
    yield "comparison", flag_rows(rows, links)


def _arithmetic_steps(numbers: pd.DataFrame, articles: pd.DataFrame,
                      reference: pd.DataFrame | None
                      ) -> Generator[tuple[str, Step], None, pd.DataFrame | None]:
    """What each article's figures imply, and the figures set on the reference series;
    returns those reference checks (None without a series)."""
    derived = derived_checks(numbers, load_derived_rules(), articles)
    yield "derived_checks", derived
    if reference is None:
        return None
    checks = reference_checks(numbers, articles, reference)
    yield "reference_checks", checks
    yield "derived_reference_checks", derived_reference_checks(derived, reference)
    yield "date_suggestions", suggest_dates(numbers, articles, reference)
    return checks


def _summary_steps(table: Callable[..., pd.DataFrame], articles: pd.DataFrame,
                   checks: pd.DataFrame | None
                   ) -> Generator[tuple[str, Step], None, pd.DataFrame]:
    """Each article's term rates, quote shares and topic shares; returns the units every
    per-outlet rate is resampled from (these, agentless clauses, figures on the series).
    Each summary is dropped once written: only its compact units are kept."""
    parts = [(yield from _summary("term_rates", lambda: term_rates(table("terms"), articles),
                                  term_units)),
             (yield from _summary("quote_summary",
                                  lambda: quote_summary(table("quotes"), articles), quote_units)),
             (yield from _summary("topic_summary", lambda: topic_summary(
                 table("topics"), table("sentences", ["article_id"]), load_topics()),
                 topic_units)),
             agentless_units(table("agency"))]
    if checks is not None:
        parts.append(matching_units(checks))
    return with_groups(parts, articles)


def _summary(name: str, make: Callable[[], pd.DataFrame],
             units: Callable[[pd.DataFrame], pd.DataFrame]
             ) -> Generator[tuple[str, Step], None, pd.DataFrame]:
    """Yield one summary table, then return its units (the table itself is not kept)."""
    frame = make()
    yield name, frame
    return units(frame)


def _interval_steps(units: pd.DataFrame) -> Iterator[tuple[str, Step]]:
    """Every per-outlet rate with its bootstrap interval, and the differences between
    outlets with adjusted p-values."""
    groups = bootstrap(units)
    yield "rate_intervals", rate_intervals(groups)
    yield "group_differences", group_differences(groups)


def _overlap_steps(inputs: Inputs, articles: pd.DataFrame) -> Iterator[tuple[str, Step]]:
    """Shared wording: the text is read a block at a time while pairing, then only the
    paired sentences' rows for the table."""
    ids = inputs.frame("sentences", ["article_id", "sentence_id"])
    texts = chain.from_iterable(block["text"] for block in inputs.blocks("sentences", ["text"]))
    pairs = find_pairs(comparable(ids, texts=texts))
    needed = pairs.needed()
    yield "overlaps", pairs.with_text(inputs.rows("sentences", CROSS_INPUTS["sentences"], needed),
                                      needed).blocks()
    yield "article_overlaps", shared_sentences(pairs, articles).blocks()


def cross_article(tables: Tables, reference: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """The cross-article tables of tables held in memory."""
    found = {name: whole(step)
             for name, step in cross_article_steps(HeldInputs(tables), tables.articles,
                                                   reference)}
    return {name: found[name] for name in CROSS_ARTICLE if name in found}


def whole(step: Step) -> pd.DataFrame:
    """A step's table in one frame."""
    return step if isinstance(step, pd.DataFrame) else pd.concat(list(step), ignore_index=True)


def extract(corpus: str | Path, options: Options | None = None) -> Tables:
    """Every table of a corpus, held in memory (for a notebook or a test; large corpora go
    through :func:`extract_to`)."""
    options = options or Options()
    problems = Problems()
    documents = iter_corpus(corpus, options.metadata, problems, options.max_bytes)
    results = run(documents, DataFiles.load(options), engine=options.engine,
                  scheduler=options.scheduler, cache=options.cache)
    found = {name: table.to_pandas() for name, table in collect(results, problems).items()}
    tables = Tables(found.pop("articles"), problems.frame(), found)
    tables.cross_article = cross_article(tables, reference_series(corpus, options))
    return tables


def extract_to(corpus: str | Path, out: str | Path, options: Options | None = None,
               on_step: Callable[[str, float], None] | None = None) -> dict[str, Path]:
    """Every table of a corpus written into ``out`` as Parquet, with its CSV export, in
    bounded memory; returns the Parquet paths by table name. ``on_step`` is told each
    cross-article step's name and seconds."""
    options = options or Options()
    paths = stream_apart(corpus, out, options)
    paths.update(write_cross_article(out, reference_series(corpus, options), on_step))
    for name in paths:
        export_csv(out, name)
    return {name: paths[name] for name in TABLES if name in paths}


def write_cross_article(folder: str | Path, reference: pd.DataFrame | None,
                        on_step: Callable[[str, float], None] | None = None) -> dict[str, Path]:
    """Compute the cross-article tables from the per-article tables written in ``folder``,
    reading one input at a time, and write each beside them."""
    articles = read_table(folder, "articles")
    steps = cross_article_steps(WrittenInputs(Path(folder)), articles, reference)
    written = {}
    started = time.perf_counter()
    for name, step in steps:
        written[name] = write_table(step, folder, name)
        del step
        release_memory()
        if on_step is not None:
            on_step(name, time.perf_counter() - started)
        started = time.perf_counter()
    return written


def write_tables(tables: Tables, out: str | Path) -> dict[str, Path]:
    """Write tables held in memory into ``out``, as :func:`extract_to` writes them."""
    Path(out).mkdir(parents=True, exist_ok=True)
    paths = {name: write_table(frame, out, name) for name, frame in tables.frames().items()}
    for name in paths:
        export_csv(out, name)
    return paths


def release_memory() -> None:
    """Collect garbage and hand Arrow's unused pool memory back between steps, so one step's
    peak does not stay on top of the next one's."""
    gc.collect()
    pa.default_memory_pool().release_unused()
