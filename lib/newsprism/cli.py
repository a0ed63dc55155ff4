"""The ``newsprism`` command: ``extract`` writes a corpus's tables, ``report`` runs the
notebooks into HTML reports."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from newsprism import __version__
from newsprism.clean.lines import CONTENT_LABELS
from newsprism.ingest.corpus import DEFAULT_MAX_BYTES, METADATA_FILE, CorpusWarning
from newsprism.options import CHUNK_SIZE, DATA_FILES, ENGINES, Options
from newsprism.report.runner import (
    FALLBACK_KERNEL,
    KERNEL,
    ReportError,
    build_report,
    parse_value,
)
from newsprism.run.engines import AnalysisFailed
from newsprism.run.pipeline import extract, extract_to
from newsprism.tables import parquet_path, read_tables
from newsprism.validation import MEASURES, SEED, agreement, record, sample_sheet

# Earlier names of the data-file options, still accepted.
OLD_FLAGS = {"line_patterns": "--patterns", "quantities": "--taxonomy",
             "loaded_terms": "--lexicon"}


def _parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="newsprism",
        description="How news outlets frame one story and how their numbers compare.",
    )
    parser.add_argument("--version", action="version", version=f"newsprism {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_extract(commands)
    _add_report(commands)
    _add_validation(commands)
    return parser


def _add_extract(commands: argparse._SubParsersAction) -> None:
    """The ``extract`` subcommand: every ``Options`` field is a flag of the same name."""
    ext = commands.add_parser(
        "extract", help="read a corpus folder and write its tables (Parquet, and CSV)",
        description="Read CORPUS (a folder of articles: .txt pages, .html, .json/.jsonl/.csv "
                    "records such as news-please or trafilatura output, Nexis Uni exports in "
                    ".txt or .docx, .warc/.warc.gz web archives; with an optional "
                    "metadata.csv), label every line, measure framing and numbers, compare "
                    "figures across articles and with a reference series, and write every "
                    "table into --out as Parquet with a CSV export beside it (articles, "
                    "problems, lines, sentences, numbers, labels, terms, quotes, agency, "
                    "topics, readability, comparison, discrepancies, ...). Input files are "
                    "never modified.")
    ext.add_argument("corpus", help="corpus folder (or one file)")
    ext.add_argument("--out", required=True, help="folder for the tables")
    ext.add_argument("--metadata", help=f"metadata CSV (default: CORPUS/{METADATA_FILE})")
    for name, default in DATA_FILES.items():
        flags = [f"--{name.replace('_', '-')}", *([OLD_FLAGS[name]] if name in OLD_FLAGS else [])]
        ext.add_argument(*flags, dest=name, metavar="YAML",
                         help=f"replacement for the packaged {default}")
    ext.add_argument("--reference", help="reference series: the ministry JSON or a CSV "
                     "date,key,value,source (default: CORPUS/reference/casualties_daily.json)")
    ext.add_argument("--engine", choices=ENGINES, default="pandas",
                     help="where the per-article work runs (default: in this process)")
    ext.add_argument("--scheduler", help="dask scheduler address, e.g. tcp://host:8786 "
                     "(default with --engine dask: a local cluster)")
    ext.add_argument("--cache", nargs="?", const=True, metavar="DIR",
                     help="reuse per-article results cached by content hash in DIR (alone: "
                          "$NEWSPRISM_CACHE or ~/.cache/newsprism)")
    ext.add_argument("--chunk-size", type=int, default=CHUNK_SIZE, metavar="N",
                     help="articles held in memory at once while writing the per-article "
                          "tables (default: %(default)s)")
    ext.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                     help="skip single articles larger than this (default: %(default)s)")


def _add_report(commands: argparse._SubParsersAction) -> None:
    """The ``report`` subcommand."""
    parser = commands.add_parser(
        "report", help="run every report notebook and write offline HTML reports",
        description="Run the notebooks in notebooks/ with papermill on CORPUS, export each to "
                    "standalone HTML with code hidden, and write OUT/index.html. OUT is "
                    "replaced only when every notebook succeeds; a failed notebook is kept in "
                    "OUT/failed/.")
    parser.add_argument("--corpus", default="seeds", help="corpus folder (default: %(default)s)")
    parser.add_argument("--out", default="reports", help="report folder (default: %(default)s)")
    parser.add_argument("--metadata", help=f"metadata CSV (default: CORPUS/{METADATA_FILE})")
    parser.add_argument("--notebooks", help="folder of NN-name.ipynb notebooks "
                        "(default: the repository's notebooks/)")
    parser.add_argument("--kernel", help=f"Jupyter kernel (default: {KERNEL} when registered, "
                        f"else {FALLBACK_KERNEL} of this environment)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"),
                        help="notebook parameter; VALUE is read as YAML, e.g. "
                             "-p outlets '[The New Arab]' -p date_from 2025-01-01")


def _add_validation(commands: argparse._SubParsersAction) -> None:
    """The ``sample`` and ``agree`` subcommands: the validation kit."""
    sample = commands.add_parser(
        "sample", help="write a stratified sample of findings for human coders",
        description="Draw N findings of one measure, stratified by outlet and by the tool's "
                    "answer, each with its sentence, the tool's answer and empty coder_1 and "
                    "coder_2 columns, into a CSV for coders to fill in.")
    sample.add_argument("corpus", help="corpus folder, or a folder of extracted tables")
    sample.add_argument("--measure", required=True, choices=sorted(MEASURES),
                        help="which findings: agency (construction), quotes (speaker group), "
                             "terms (category), figures (key)")
    sample.add_argument("--n", type=int, default=100, help="rows (default: %(default)s)")
    sample.add_argument("--out", required=True, help="CSV sheet to write")
    sample.add_argument("--seed", type=int, default=SEED, help="random seed")
    agree = commands.add_parser(
        "agree", help="how far the tool agrees with the coders of a sheet",
        description="Read a sheet from `newsprism sample` with coder_1 (and optionally "
                    "coder_2) filled in; print precision and recall per class, Cohen's kappa "
                    "between tool and coder_1 and Krippendorff's alpha between the coders.")
    agree.add_argument("sheet", help="coded CSV sheet")
    agree.add_argument("--tables", help="tables folder of the reports: keep the result there "
                       "(validation.parquet) so the reports show it")


def run_sample(args: argparse.Namespace) -> int:
    """Write a sample sheet of one measure's findings."""
    folder = Path(args.corpus)
    tables = read_tables(folder) if parquet_path(folder, "articles").is_file() else extract(
        folder)
    sheet = sample_sheet(tables, args.measure, args.n, args.seed)
    sheet.to_csv(args.out, index=False)
    print(f"{len(sheet)} {args.measure} findings -> {args.out}")
    return 0


def run_agree(args: argparse.Namespace) -> int:
    """Print (and keep, with --tables) the agreement of a coded sheet."""
    sheet = pd.read_csv(args.sheet, dtype="str", keep_default_na=False)
    per_class, summary = agreement(sheet)
    if not int(summary["rows_coded"].iloc[0]):
        print(f"error: no row of {args.sheet} has a coder_1 answer", file=sys.stderr)
        return 1
    with pd.option_context("display.max_rows", None, "display.max_columns", None,
                           "display.width", 200, "display.precision", 2):
        print(per_class.to_string(index=False))
        print(summary.to_string(index=False))
    if args.tables:
        record(args.tables, per_class, summary)
    return 0


def _warn_to_stderr(message, category, filename, lineno, file=None, line=None) -> None:
    """Corpus warnings as one plain line each on stderr."""
    prefix = "warning" if issubclass(category, CorpusWarning) else category.__name__
    print(f"{prefix}: {message}", file=sys.stderr)


def run_extract(args: argparse.Namespace) -> int:
    """Extract every table of a corpus; print a one-line summary."""
    options = Options.of(vars(args))
    paths = extract_to(args.corpus, args.out, options)
    labels = pq.read_table(paths["lines"], columns=["label"]).column("label").to_pylist()
    content = sum(label in CONTENT_LABELS for label in labels)
    print(f"{_rows(paths['articles'])} articles, {len(labels)} lines ({content} content, "
          f"{len(labels) - content} dropped), {_rows(paths['sentences'])} sentences, "
          f"{_rows(paths['numbers'])} figures, {_rows(paths['discrepancies'])} discrepancies, "
          f"{_rows(paths['problems'])} problems -> {args.out}")
    return 0


def _rows(path: Path) -> int:
    """Rows of a written table, from its Parquet footer."""
    return pq.ParquetFile(path).metadata.num_rows


def run_report(args: argparse.Namespace) -> int:
    """Build the reports from parsed arguments; 1 with a clear message when a notebook fails."""
    parameters = {name: parse_value(value) for name, value in args.parameter}
    try:
        build_report(args.corpus, args.out, parameters, notebooks=args.notebooks,
                     metadata=args.metadata, kernel=args.kernel,
                     progress=lambda line: print(line, flush=True))
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"reports written to {Path(args.out) / 'index.html'}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsprism`` command."""
    args = _parser().parse_args(argv)
    warnings.showwarning = _warn_to_stderr
    try:
        return {"extract": run_extract, "report": run_report, "sample": run_sample,
                "agree": run_agree}[args.command](args)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except AnalysisFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
